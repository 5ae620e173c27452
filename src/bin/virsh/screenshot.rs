//! `screenshot`: the console picture, received through a stream into a file.

use crate::api::*;
use crate::domain::opt_domain;
use crate::ffi::*;
use crate::vsh::{self, cmd, data, string, Args, Cmd, Ctl, Outcome};
use std::io::Write;
use std::os::raw::*;

pub static COMMANDS: &[Cmd] = &[cmd(
    "screenshot",
    &[data("domain"), string("file"), string("screen")],
    screenshot,
)];

/// virsh's file name for a picture it was not given a name for.
fn generated_name(dom: &str, mime: &str) -> String {
    let ext = match mime {
        "image/x-portable-pixmap" => ".ppm",
        "image/png" => ".png",
        _ => "",
    };
    let mut buf = [0 as c_char; 64];
    // SAFETY: the current time formatted into our buffer
    unsafe {
        let t = libc::time(std::ptr::null_mut());
        let mut tm: libc::tm = std::mem::zeroed();
        libc::localtime_r(&t, &mut tm);
        let fmt = c("%Y-%m-%d-%H:%M:%S");
        libc::strftime(buf.as_mut_ptr(), buf.len(), fmt.as_ptr(), &tm);
    }
    format!("{dom}-{}{ext}", borrowed(buf.as_ptr()).unwrap_or_default())
}

fn screenshot(ctl: &mut Ctl, a: &Args) -> Outcome {
    let screen: c_uint = match a.get("screen") {
        None => 0,
        Some(s) => s.parse().map_err(|_| {
            vsh::error(&format!(
                "Numeric value '{s}' for <screen> option is malformed or out of range"
            ))
        })?,
    };
    let dom = opt_domain(ctl, a)?;
    let name = dom.name();
    let conn = ctl.conn()?;
    // SAFETY: a live connection
    let st = Stream::new(unsafe { virStreamNew(conn, 0) }).ok_or(())?;
    // SAFETY: live handles
    let Some(mime) = owned(unsafe { virDomainScreenshot(dom.0, st.0, screen, 0) }) else {
        vsh::error(&format!("could not take a screenshot of {name}"));
        return Err(());
    };
    let file = a
        .get("file")
        .map_or_else(|| generated_name(&name, &mime), str::to_string);
    let Ok(mut out) = std::fs::File::create(&file) else {
        vsh::error(&format!("cannot create file {file}"));
        return Err(());
    };
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        // SAFETY: a live stream and our buffer
        let n = unsafe { virStreamRecv(st.0, buf.as_mut_ptr().cast(), buf.len()) };
        if n < 0 {
            // SAFETY: a live stream, given up
            unsafe { virStreamAbort(st.0) };
            vsh::error(&format!("could not receive data from domain {name}"));
            return Err(());
        }
        if n == 0 {
            break;
        }
        if out.write_all(&buf[..n as usize]).is_err() {
            // SAFETY: as above
            unsafe { virStreamAbort(st.0) };
            vsh::error(&format!("could not receive data from domain {name}"));
            return Err(());
        }
    }
    // SAFETY: a live stream read to its end
    if unsafe { virStreamFinish(st.0) } < 0 {
        vsh::error(&format!("cannot close stream on domain {name}"));
        return Err(());
    }
    ctl.extra(&format!("Screenshot saved to {file}, with type of {mime}"));
    Ok(())
}
