//! `virsh` on this library: Debian virsh 9.0's syntax and output for the commands libvirt's ESX
//! driver serves. Commands call the C ABI, as Debian's virsh calls libvirt.so.0.

mod api;
mod devices;
mod domain;
mod ffi;
mod help;
mod host;
mod iface;
mod lifecycle;
mod migrate;
mod native;
mod network;
mod pool;
mod resources;
mod screenshot;
mod shell;
mod snapshot;
mod volume;
mod vsh;

use vsh::{Cmd, Ctl};

/// Every command, by group.
pub static TABLE: &[&[Cmd]] = &[
    shell::COMMANDS,
    host::COMMANDS,
    domain::COMMANDS,
    devices::COMMANDS,
    lifecycle::COMMANDS,
    resources::COMMANDS,
    screenshot::COMMANDS,
    native::COMMANDS,
    migrate::COMMANDS,
    snapshot::COMMANDS,
    pool::COMMANDS,
    volume::COMMANDS,
    network::COMMANDS,
    iface::COMMANDS,
];

const USAGE: &str = "
virsh [options]... [<command_string>]
virsh [options]... <command> [args...]

  options:
    -c | --connect=URI      hypervisor connection URI
    -d | --debug=NUM        debug level [0-4]
    -e | --escape <char>    set escape sequence for console
    -h | --help             this help
    -k | --keepalive-interval=NUM
                            keepalive interval in seconds, 0 for disable
    -K | --keepalive-count=NUM
                            number of possible missed keepalive messages
    -l | --log=FILE         output logging to file
    -q | --quiet            quiet mode
    -r | --readonly         connect readonly
    -t | --timing           print timing information
    -v                      short version
    -V                      long version
         --version[=TYPE]   version, TYPE is short or long (default short)
  commands (non interactive mode):
";

fn version_short() {
    println!("9.0.0");
}

fn version_long() {
    print!(
        "Virsh command line tool of libvirt 9.0.0\nSee web site at https://libvirt.org/\n\n\
         Compiled with support for:\n Hypervisors: ESX\n\n"
    );
}

/// What the global options asked for, or the exit status to leave with.
fn parse_global(ctl: &mut Ctl, argv: &[String]) -> Result<usize, i32> {
    let mut i = 1;
    let fail = |msg: String| {
        vsh::error(&msg);
        Err(1)
    };
    while i < argv.len() {
        let a = &argv[i];
        if !a.starts_with('-') || a == "-" {
            break;
        }
        i += 1;
        if a == "--" {
            break;
        }
        // (short, long, takes a value)
        const OPTS: &[(char, &str, bool)] = &[
            ('c', "connect", true),
            ('d', "debug", true),
            ('e', "escape", true),
            ('h', "help", false),
            ('k', "keepalive-interval", true),
            ('K', "keepalive-count", true),
            ('l', "log", true),
            ('q', "quiet", false),
            ('r', "readonly", false),
            ('t', "timing", false),
            ('v', "", false),
            ('V', "", false),
        ];
        let mut pending: Vec<(char, Option<String>)> = Vec::new();
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            if name == "version" {
                match inline.as_deref() {
                    None | Some("short") => version_short(),
                    Some("long") => version_long(),
                    Some(_) => {
                        vsh::error(&format!("unsupported option '{a}'. See --help."));
                        return Err(1);
                    }
                }
                return Err(0);
            }
            let Some(&(short, lname, takes)) = OPTS.iter().find(|o| !o.1.is_empty() && o.1 == name)
            else {
                return fail(format!("unsupported option '{a}'. See --help."));
            };
            let value = match (takes, inline) {
                (true, Some(v)) => Some(v),
                (true, None) if i < argv.len() => {
                    i += 1;
                    Some(argv[i - 1].clone())
                }
                (true, None) => {
                    return fail(format!(
                        "option '-{short}'/'--{lname}' requires an argument"
                    ))
                }
                (false, Some(_)) => return fail(format!("unsupported option '{a}'. See --help.")),
                (false, None) => None,
            };
            pending.push((short, value));
        } else {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut k = 0;
            while k < chars.len() {
                let ch = chars[k];
                k += 1;
                let Some(&(_, lname, takes)) = OPTS.iter().find(|o| o.0 == ch) else {
                    return fail(format!("unsupported option '-{ch}'. See --help."));
                };
                if !takes {
                    pending.push((ch, None));
                    continue;
                }
                let rest: String = chars[k..].iter().collect();
                if !rest.is_empty() {
                    pending.push((ch, Some(rest)));
                } else if i < argv.len() {
                    i += 1;
                    pending.push((ch, Some(argv[i - 1].clone())));
                } else {
                    return fail(format!("option '-{ch}'/'--{lname}' requires an argument"));
                }
                break;
            }
        }
        for (ch, value) in pending {
            let value = value.unwrap_or_default();
            match ch {
                'c' => ctl.uri = Some(value),
                'd' => match value.parse::<i32>() {
                    Ok(n) if (0..=4).contains(&n) => ctl.debug = n,
                    Ok(n) => vsh::error(&format!("ignoring debug level {n} out of range [0-4]")),
                    Err(_) => return fail("option --debug takes a numeric argument".into()),
                },
                'h' => {
                    print!("{USAGE}");
                    help::print_usage_list();
                    return Err(0);
                }
                'q' => ctl.quiet = true,
                'r' => ctl.readonly = true,
                'v' => {
                    version_short();
                    return Err(0);
                }
                'V' => {
                    version_long();
                    return Err(0);
                }
                // the console escape, keepalive, log file and timing: no console or
                // keepalive on ESX; accepted as virsh accepts them
                _ => {}
            }
        }
    }
    Ok(i)
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let mut ctl = Ctl {
        uri: None,
        conn: None,
        readonly: false,
        quiet: false,
        interactive: false,
        debug: -1,
        command: "",
        done: false,
    };
    vsh::install_error_handler();
    let first = match parse_global(&mut ctl, &argv) {
        Ok(i) => i,
        Err(status) => std::process::exit(status),
    };
    if ctl.uri.is_none() {
        ctl.uri = std::env::var("VIRSH_DEFAULT_CONNECT_URI")
            .ok()
            .filter(|u| !u.is_empty());
    }
    let words = &argv[first..];
    if words.len() == 1 && ctl.debugging() {
        println!("commands: \"{}\"", words[0]);
    }
    let commands = match words.len() {
        0 => None,
        1 => match vsh::split_commands(&words[0]) {
            Ok(c) => Some(c),
            Err(e) => {
                vsh::error(&e);
                std::process::exit(1);
            }
        },
        _ => Some(vec![words.to_vec()]),
    };
    let parsed = match commands {
        None => None,
        Some(cmds) => {
            let mut out = Vec::new();
            for c in &cmds {
                match vsh::parse(c, TABLE, ctl.debugging()) {
                    Ok(a) => out.push(a),
                    Err(e) => {
                        vsh::error(&e);
                        std::process::exit(1);
                    }
                }
            }
            Some(out)
        }
    };
    // a connection named with -c is opened before any command; the default one when needed
    if ctl.uri.is_some() {
        let uri = ctl.uri.clone();
        if ctl.connect(uri.as_deref(), ctl.readonly).is_err() {
            vsh::report_error();
            std::process::exit(1);
        }
    }
    let ok = match parsed {
        Some(cmds) => shell::run_all(&mut ctl, &cmds),
        None => {
            ctl.interactive = true;
            shell::interactive(&mut ctl)
        }
    };
    drop(ctl);
    std::process::exit(if ok { 0 } else { 1 });
}
