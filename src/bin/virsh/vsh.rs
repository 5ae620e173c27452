//! virsh's shell machinery: the command table, the command-line grammar (virsh 9.0's: options
//! by name, `--opt=value`, data filling the options in order, `;` between commands, quotes and
//! backslashes), the connection, and errors printed as virsh prints them.

use crate::api::{c, Conn};
use crate::ffi::*;
use std::io::Write;
use std::os::raw::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use virt::abi::types::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Str,
    Int,
    /// A string that is data by default (`<domain>`).
    Data,
    /// Every remaining datum.
    Argv,
}

pub struct Opt {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// Only by name (virsh's `VSH_OFLAG_REQ_OPT`): never filled by a datum.
    pub named_only: bool,
}

pub const fn flag(name: &'static str) -> Opt {
    Opt {
        name,
        kind: Kind::Bool,
        required: false,
        named_only: false,
    }
}
pub const fn string(name: &'static str) -> Opt {
    Opt {
        name,
        kind: Kind::Str,
        required: false,
        named_only: false,
    }
}
pub const fn named(name: &'static str) -> Opt {
    Opt {
        name,
        kind: Kind::Str,
        required: false,
        named_only: true,
    }
}
pub const fn int(name: &'static str) -> Opt {
    Opt {
        name,
        kind: Kind::Int,
        required: false,
        named_only: false,
    }
}
pub const fn data(name: &'static str) -> Opt {
    Opt {
        name,
        kind: Kind::Data,
        required: true,
        named_only: false,
    }
}
pub const fn required(name: &'static str) -> Opt {
    Opt {
        name,
        kind: Kind::Str,
        required: true,
        named_only: false,
    }
}
pub const fn argv(name: &'static str) -> Opt {
    Opt {
        name,
        kind: Kind::Argv,
        required: false,
        named_only: false,
    }
}

/// `Ok` is success; `Err` a failure whose messages are printed by then, apart from the
/// library's last error, which the shell prints after the command (as virsh does).
pub type Outcome = Result<(), ()>;

pub struct Cmd {
    pub name: &'static str,
    pub opts: &'static [Opt],
    pub run: fn(&mut Ctl, &Args) -> Outcome,
    /// Runs without a connection (virsh's `VSH_CMD_FLAG_NOCONNECT`).
    pub noconnect: bool,
}

pub const fn cmd(
    name: &'static str,
    opts: &'static [Opt],
    run: fn(&mut Ctl, &Args) -> Outcome,
) -> Cmd {
    Cmd {
        name,
        opts,
        run,
        noconnect: false,
    }
}

/// A parsed command: its definition and the options given.
pub struct Args {
    pub def: &'static Cmd,
    values: Vec<(&'static str, String)>,
    pub rest: Vec<String>,
}

impl Args {
    pub fn has(&self, name: &str) -> bool {
        self.values.iter().any(|(n, _)| *n == name)
    }
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

// ---- errors: the last one the library raised, kept as virsh's error handler keeps it ----

static LAST_ERROR: Mutex<Option<String>> = Mutex::new(None);

unsafe extern "C" fn keep_error(_data: *mut c_void, err: virErrorPtr) {
    if err.is_null() {
        return;
    }
    // SAFETY: the library hands its live error to the handler
    let msg = crate::api::borrowed(unsafe { (*err).message }).unwrap_or_default();
    *LAST_ERROR.lock().unwrap_or_else(|p| p.into_inner()) = Some(msg);
}

pub fn install_error_handler() {
    // SAFETY: a handler with libvirt's signature
    unsafe { virSetErrorFunc(std::ptr::null_mut(), Some(keep_error)) };
}

/// Forget the library's last error (virsh's `vshResetLibvirtError`).
pub fn reset_error() {
    *LAST_ERROR.lock().unwrap_or_else(|p| p.into_inner()) = None;
    // SAFETY: no arguments
    unsafe { virResetLastError() };
}

pub fn last_error() -> Option<String> {
    LAST_ERROR.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

pub fn error(msg: &str) {
    let _ = std::io::stdout().flush();
    if PROGRESS_OPEN.swap(false, Ordering::Relaxed) {
        // a transfer failed mid-way: its error goes on a line of its own
        eprintln!();
    }
    eprintln!("error: {msg}");
}

/// A libvirt boolean query's answer as virsh words it (-1 is an unknown, not an error).
pub fn yes_no(v: c_int) -> &'static str {
    match v {
        v if v < 0 => "unknown",
        0 => "no",
        _ => "yes",
    }
}

/// Print `msg` as virsh's error and fail.
pub fn fail<T>(msg: &str) -> Result<T, ()> {
    error(msg);
    Err(())
}

/// A progress line below 100 % is on standard error, with no newline yet.
static PROGRESS_OPEN: AtomicBool = AtomicBool::new(false);

/// virsh's job progress line on standard error (`virshPrintJobProgress`): the share done of
/// `total`, held below 100 % until nothing `remaining` is left.
pub fn job_progress(label: &str, remaining: u64, total: u64) {
    let pct = if remaining == 0 {
        100
    } else {
        ((1.0 - remaining as f64 / total as f64) * 100.0).clamp(0.0, 99.0) as u32
    };
    let _ = std::io::stdout().flush();
    eprint!("\r{label}: [{pct:3} %]");
    PROGRESS_OPEN.store(pct < 100, Ordering::Relaxed);
}

/// Print the library's last error, if any, and forget it (virsh's `vshReportError`).
pub fn report_error() {
    let e = LAST_ERROR.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(msg) = e {
        error(&msg);
    }
}

// ---- the session ----

pub struct Ctl {
    pub uri: Option<String>,
    pub conn: Option<Conn>,
    pub readonly: bool,
    pub quiet: bool,
    pub interactive: bool,
    pub debug: i32,
    /// The command running, for debug lines.
    pub command: &'static str,
    /// `quit` was run.
    pub done: bool,
}

impl Ctl {
    /// Open `uri` (None: LIBVIRT_DEFAULT_URI, then the library's default), asking for
    /// credentials on the terminal as virsh does.
    pub fn connect(&mut self, uri: Option<&str>, readonly: bool) -> Outcome {
        self.conn = None;
        let name = uri.map(c);
        let flags = if readonly {
            VIR_CONNECT_RO as c_uint
        } else {
            0
        };
        // SAFETY: a valid string or NULL, and the library's default authentication
        let p = unsafe {
            virConnectOpenAuth(
                name.as_ref().map_or(std::ptr::null(), |n| n.as_ptr()),
                virConnectAuthPtrDefault,
                flags,
            )
        };
        self.conn = Conn::new(p);
        let Some(conn) = &self.conn else {
            error("failed to connect to the hypervisor");
            return Err(());
        };
        // virsh's default keepalive (ESX has none: only a debug line says so)
        // SAFETY: a live connection
        if unsafe { virConnectSetKeepAlive(conn.0, 5, 6) } != 0 {
            if self.debugging() {
                println!("Failed to setup keepalive on connection");
            }
            reset_error();
        }
        Ok(())
    }

    /// The open connection, connecting first if virsh delayed it.
    pub fn conn(&mut self) -> Result<virConnectPtr, ()> {
        if self.conn.is_none() {
            let uri = self.uri.clone();
            self.connect(uri.as_deref(), self.readonly)?;
        }
        Ok(self
            .conn
            .as_ref()
            .map(|c| c.0)
            .unwrap_or(std::ptr::null_mut()))
    }

    /// Whether virsh's informational debug lines are shown (`-d 0`, `-d 1`).
    pub fn debugging(&self) -> bool {
        (0..=1).contains(&self.debug)
    }

    /// The debug line for an object option being looked up.
    pub fn found(&self, opt: &str, value: &str) {
        if self.debugging() {
            println!("{}: found option <{opt}>: {value}", self.command);
        }
    }

    /// Text virsh prints only when not quiet (`vshPrintExtra`).
    pub fn extra(&self, text: &str) {
        if !self.quiet {
            print!("{text}");
        }
    }
}

// ---- the grammar ----

/// Split a command string into commands, each a list of words (virsh's
/// `vshCommandStringGetArg`): blanks separate words, `;` and newlines commands, `#` at the
/// start of a word comments out the rest of the line; quotes and backslashes as in a shell.
pub fn split_commands(line: &str) -> Result<Vec<Vec<String>>, String> {
    let mut cmds = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while matches!(chars.peek(), Some(' ' | '\t')) {
            chars.next();
        }
        match chars.peek() {
            None => break,
            Some(';' | '\n') => {
                chars.next();
                if !words.is_empty() {
                    cmds.push(std::mem::take(&mut words));
                }
                continue;
            }
            Some('#') => {
                while !matches!(chars.next(), None | Some('\n')) {}
                if !words.is_empty() {
                    cmds.push(std::mem::take(&mut words));
                }
                continue;
            }
            _ => {}
        }
        let mut word = String::new();
        let mut quote: Option<char> = None;
        while let Some(&ch) = chars.peek() {
            if quote.is_none() && matches!(ch, ' ' | '\t' | ';' | '\n') {
                break;
            }
            chars.next();
            match (quote, ch) {
                (None, '\'' | '"') => quote = Some(ch),
                (Some(q), _) if ch == q => quote = None,
                (Some('\''), _) => word.push(ch),
                (_, '\\') => match chars.next() {
                    Some(n) => word.push(n),
                    None => return Err("dangling \\".into()),
                },
                _ => word.push(ch),
            }
        }
        if quote.is_some() {
            return Err("missing \"".into());
        }
        words.push(word);
    }
    if !words.is_empty() {
        cmds.push(words);
    }
    Ok(cmds)
}

/// Match one command's words against its definition (virsh's `vshCommandParse`).
/// With `debug`, each option is shown as it is read (virsh's `-d 0`/`-d 1`).
pub fn parse(
    words: &[String],
    table: &'static [&'static [Cmd]],
    debug: bool,
) -> Result<Args, String> {
    let name = &words[0];
    let def = table
        .iter()
        .flat_map(|g| g.iter())
        .find(|c| c.name == name.as_str())
        .ok_or_else(|| format!("unknown command: '{name}'"))?;
    let mut args = Args {
        def,
        values: Vec::new(),
        rest: Vec::new(),
    };
    let note = |opt: &str, value: Option<&str>| {
        if debug {
            match value {
                None => println!("{}: {opt}(bool): (none)", def.name),
                Some(v) => println!("{}: {opt}(optdata): {v}", def.name),
            }
        }
    };
    let mut data_only = false;
    let mut i = 1;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if !data_only && w == "--" {
            data_only = true;
            continue;
        }
        if !data_only && w.starts_with("--") && w.len() > 2 {
            let (oname, inline) = match w[2..].split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (&w[2..], None),
            };
            let opt = def.opts.iter().find(|o| o.name == oname).ok_or_else(|| {
                format!("command '{}' doesn't support option --{oname}", def.name)
            })?;
            if args.has(opt.name) && opt.kind != Kind::Argv {
                return Err(format!("option --{} already seen", opt.name));
            }
            if opt.kind == Kind::Bool {
                if inline.is_some() {
                    return Err(format!("invalid '=' after option --{}", opt.name));
                }
                note(opt.name, None);
                args.values.push((opt.name, String::new()));
                continue;
            }
            let value = match inline {
                Some(v) => v,
                None if i < words.len() => {
                    i += 1;
                    words[i - 1].clone()
                }
                None => {
                    let ty = if opt.kind == Kind::Int {
                        "number"
                    } else {
                        "string"
                    };
                    return Err(format!("expected syntax: --{} <{ty}>", opt.name));
                }
            };
            note(opt.name, Some(&value));
            if opt.kind == Kind::Argv {
                args.rest.push(value);
                if !args.has(opt.name) {
                    args.values.push((opt.name, String::new()));
                }
            } else {
                args.values.push((opt.name, value));
            }
            continue;
        }
        // a datum: the first option that takes one and is still unset
        let opt = def
            .opts
            .iter()
            .find(|o| {
                o.kind != Kind::Bool && !o.named_only && (o.kind == Kind::Argv || !args.has(o.name))
            })
            .ok_or_else(|| format!("unexpected data '{w}'"))?;
        note(opt.name, Some(w));
        if opt.kind == Kind::Argv {
            args.rest.push(w.clone());
            if !args.has(opt.name) {
                args.values.push((opt.name, String::new()));
            }
        } else {
            args.values.push((opt.name, w.clone()));
        }
    }
    for o in def.opts.iter().filter(|o| o.required) {
        if !args.has(o.name) {
            return Err(if matches!(o.kind, Kind::Data | Kind::Argv) {
                format!("command '{}' requires <{}> option", def.name, o.name)
            } else {
                format!("command '{}' requires --{} option", def.name, o.name)
            });
        }
    }
    Ok(args)
}
