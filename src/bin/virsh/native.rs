//! Native configurations: `domxml-from-native`, `domxml-to-native` (`vmware-vmx`).

use crate::api::*;
use crate::domain::lookup;
use crate::ffi::*;
use crate::lifecycle::read_file;
use crate::vsh::{self, cmd, data, named, string, Args, Cmd, Ctl, Outcome};

pub static COMMANDS: &[Cmd] = &[
    cmd(
        "domxml-from-native",
        &[data("format"), data("config")],
        from_native,
    ),
    cmd(
        "domxml-to-native",
        &[data("format"), named("domain"), string("xml")],
        to_native,
    ),
];

fn from_native(ctl: &mut Ctl, a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    let format = c(a.get("format").unwrap_or_default());
    let config = c(&read_file(a.get("config").unwrap_or_default())?);
    // SAFETY: a live connection and C strings
    let xml =
        owned(unsafe { virConnectDomainXMLFromNative(conn, format.as_ptr(), config.as_ptr(), 0) })
            .ok_or(())?;
    print!("{xml}");
    Ok(())
}

fn to_native(ctl: &mut Ctl, a: &Args) -> Outcome {
    let conn = ctl.conn()?;
    if a.has("domain") && a.has("xml") {
        vsh::error("Options --domain and --xml are mutually exclusive");
        return Err(());
    }
    let xml = if let Some(name) = a.get("domain") {
        let dom = lookup(ctl, name)?;
        // SAFETY: a live handle
        owned(unsafe { virDomainGetXMLDesc(dom.0, 0) }).ok_or(())?
    } else if let Some(file) = a.get("xml") {
        read_file(file)?
    } else {
        vsh::error("need either domain or domain XML");
        return Err(());
    };
    let (format, xml) = (c(a.get("format").unwrap_or_default()), c(&xml));
    // SAFETY: a live connection and C strings
    let native =
        owned(unsafe { virConnectDomainXMLToNative(conn, format.as_ptr(), xml.as_ptr(), 0) })
            .ok_or(())?;
    print!("{native}");
    Ok(())
}
