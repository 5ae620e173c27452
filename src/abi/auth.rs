//! `virConnectAuthPtrDefault`: libvirt's default credential callback, which asks on the terminal.

use super::boundary::entry_void;
use super::strings::strdup_c;
use super::types::*;
use std::io::{BufRead, Write};
use std::os::raw::*;

static mut DEFAULT_CREDTYPES: [c_int; 6] = [
    VIR_CRED_AUTHNAME,
    VIR_CRED_ECHOPROMPT,
    VIR_CRED_REALM,
    VIR_CRED_PASSPHRASE,
    VIR_CRED_NOECHOPROMPT,
    VIR_CRED_EXTERNAL,
];

static mut DEFAULT_AUTH: virConnectAuth = virConnectAuth {
    credtype: &raw mut DEFAULT_CREDTYPES as *mut c_int,
    ncredtype: 6,
    cb: Some(default_callback),
    cbdata: std::ptr::null_mut(),
};

/// libvirt's one exported variable.
#[no_mangle]
pub static mut virConnectAuthPtrDefault: virConnectAuthPtr = &raw mut DEFAULT_AUTH;

/// Read one line: an answer from standard input, or a password as `getpass` reads it (from
/// the terminal with echo off, else from standard input). End of input is an empty answer.
fn read_line(echo: bool) -> Option<String> {
    let mut line = String::new();
    let tty = if echo {
        None
    } else {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .ok()
    };
    match tty {
        None => {
            std::io::stdin().lock().read_line(&mut line).ok()?;
        }
        Some(mut t) => {
            use std::os::fd::AsRawFd;
            let fd = t.as_raw_fd();
            // SAFETY: termios calls on the terminal we opened, restored below
            let saved = unsafe {
                let mut tio: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(fd, &mut tio) == 0 {
                    let old = tio;
                    tio.c_lflag &= !libc::ECHO;
                    libc::tcsetattr(fd, libc::TCSAFLUSH, &tio);
                    Some(old)
                } else {
                    None
                }
            };
            let ok = std::io::BufReader::new(&t).read_line(&mut line).is_ok();
            if let Some(old) = saved {
                // SAFETY: restoring what we read above
                unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &old) };
                let _ = t.write_all(b"\n");
            }
            if !ok {
                return None;
            }
        }
    }
    Some(line.trim_end_matches(['\r', '\n']).to_string())
}

unsafe extern "C" fn default_callback(
    cred: virConnectCredentialPtr,
    ncred: c_uint,
    _cbdata: *mut c_void,
) -> c_int {
    entry_void(-1, || {
        if cred.is_null() {
            return -1;
        }
        for i in 0..ncred as usize {
            let c = &mut *cred.add(i);
            let echo = match c.r#type {
                VIR_CRED_USERNAME | VIR_CRED_AUTHNAME | VIR_CRED_ECHOPROMPT | VIR_CRED_REALM => {
                    true
                }
                VIR_CRED_PASSPHRASE | VIR_CRED_NOECHOPROMPT => false,
                _ => return -1,
            };
            let text = |p: *const c_char| {
                if p.is_null() {
                    String::new()
                } else {
                    std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
                }
            };
            // libvirt's prompt already names the default: shown as it is, on standard output
            let prompt = text(c.prompt);
            let default = text(c.defresult);
            let mut out = std::io::stdout().lock();
            let _ = write!(out, "{prompt}: ");
            let _ = out.flush();
            let Some(mut answer) = read_line(echo) else {
                return -1;
            };
            if answer.is_empty() && !default.is_empty() {
                answer = default;
            }
            c.resultlen = answer.len() as c_uint;
            c.result = strdup_c(&answer);
        }
        0
    })
}
