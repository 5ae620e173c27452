//! Running commands one after another, the interactive shell (line editing and history on a
//! terminal, through rustyline), and the shell's own commands: `connect`, `quit`, `exit`,
//! `help`.

use crate::vsh::{self, cmd, flag, string, Args, Cmd, Ctl, Outcome};
use std::io::{BufRead, IsTerminal, Write};

pub static COMMANDS: &[Cmd] = &[
    Cmd {
        noconnect: true,
        ..cmd("connect", &[string("name"), flag("readonly")], connect)
    },
    Cmd {
        noconnect: true,
        ..cmd("quit", &[], quit)
    },
    Cmd {
        noconnect: true,
        ..cmd("exit", &[], quit)
    },
    Cmd {
        noconnect: true,
        ..cmd("help", &[string("command")], help)
    },
];

fn connect(ctl: &mut Ctl, a: &Args) -> Outcome {
    let uri = a
        .get("name")
        .map(str::to_string)
        .or_else(|| ctl.uri.clone());
    ctl.connect(uri.as_deref(), a.has("readonly"))?;
    ctl.uri = uri;
    Ok(())
}

fn quit(ctl: &mut Ctl, _a: &Args) -> Outcome {
    ctl.done = true;
    Ok(())
}

fn help(_ctl: &mut Ctl, a: &Args) -> Outcome {
    match a.get("command") {
        None => crate::help::print_all(),
        Some(name) if crate::help::print_topic(name) => {}
        Some(name) => {
            return vsh::fail(&format!("command or command group '{name}' doesn't exist"))
        }
    }
    Ok(())
}

/// Run one parsed command: connect first if it needs the connection, print the library's
/// error after a failure, then virsh's blank line.
fn run_one(ctl: &mut Ctl, a: &Args) -> bool {
    vsh::reset_error();
    ctl.command = a.def.name;
    let ok = if !a.def.noconnect && ctl.conn().is_err() {
        vsh::report_error();
        false
    } else {
        let ok = (a.def.run)(ctl, a).is_ok();
        if !ok {
            vsh::report_error();
        }
        ok
    };
    ctl.extra("\n");
    let _ = std::io::stdout().flush();
    ok
}

/// Run commands in turn; the status is the last one's.
pub fn run_all(ctl: &mut Ctl, cmds: &[Args]) -> bool {
    let mut ok = true;
    for a in cmds {
        ok = run_one(ctl, a);
        if ctl.done {
            break;
        }
    }
    ok
}

/// Run one line typed at the shell.
fn run_line(ctl: &mut Ctl, line: &str) {
    let cmds = match vsh::split_commands(line) {
        Ok(c) => c,
        Err(e) => return vsh::error(&e),
    };
    for words in cmds {
        match vsh::parse(&words, crate::TABLE, ctl.debugging()) {
            Ok(a) => {
                run_one(ctl, &a);
            }
            Err(e) => {
                vsh::error(&e);
                return;
            }
        }
        if ctl.done {
            return;
        }
    }
}

/// Where virsh keeps its history: `$XDG_CACHE_HOME/libvirt/virsh/history`.
fn history_file() -> Option<std::path::PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cache")))?;
    Some(cache.join("libvirt/virsh/history"))
}

pub fn interactive(ctl: &mut Ctl) -> bool {
    ctl.extra(
        "Welcome to virsh, the virtualization interactive terminal.\n\n\
         Type:  'help' for help with commands\n       'quit' to quit\n\n",
    );
    let prompt = |ctl: &Ctl| if ctl.readonly { "virsh > " } else { "virsh # " };
    if std::io::stdin().is_terminal() {
        let Ok(mut ed) = rustyline::DefaultEditor::new() else {
            vsh::error("cannot set up the terminal");
            return false;
        };
        let history = history_file();
        if let Some(h) = &history {
            let _ = ed.load_history(h);
        }
        while !ctl.done {
            match ed.readline(prompt(ctl)) {
                Ok(line) => {
                    if !line.trim().is_empty() {
                        let _ = ed.add_history_entry(line.as_str());
                    }
                    run_line(ctl, &line);
                }
                Err(rustyline::error::ReadlineError::Interrupted) => continue,
                Err(_) => {
                    println!();
                    break;
                }
            }
        }
        if let Some(h) = &history {
            if let Some(dir) = h.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = ed.save_history(h);
        }
    } else {
        // not a terminal: readline shows the prompt and echoes each line it reads
        let stdin = std::io::stdin();
        let mut lines = stdin.lock();
        while !ctl.done {
            print!("{}", prompt(ctl));
            let _ = std::io::stdout().flush();
            let mut line = String::new();
            match lines.read_line(&mut line) {
                Ok(0) | Err(_) => {
                    println!();
                    break;
                }
                Ok(_) => {}
            }
            let line = line.trim_end_matches('\n');
            println!("{line}");
            run_line(ctl, line);
        }
    }
    true
}
