//! Storage volumes: `vol-list`, `vol-info`, `vol-dumpxml`, `vol-create-as`, `vol-delete`,
//! `vol-download`, `vol-upload`.

use crate::api::*;
use crate::domain::print_table;
use crate::ffi::*;
use crate::pool::{lookup as lookup_pool, pretty};
use crate::resources::parse_scaled;
use crate::vsh::{self, cmd, data, flag, named, required, string, Args, Cmd, Ctl, Outcome};
use std::io::{IsTerminal, Read, Write};
use std::os::raw::*;
use virt::abi::types::*;

pub static COMMANDS: &[Cmd] = &[
    cmd("vol-list", &[data("pool"), flag("details")], list),
    cmd(
        "vol-info",
        &[data("vol"), string("pool"), flag("bytes"), flag("physical")],
        info,
    ),
    cmd("vol-dumpxml", &[data("vol"), string("pool")], dumpxml),
    cmd(
        "vol-create-as",
        &[
            data("pool"),
            data("name"),
            required("capacity"),
            named("allocation"),
            named("format"),
            named("backing-vol"),
            named("backing-vol-format"),
            flag("prealloc-metadata"),
            flag("print-xml"),
        ],
        create_as,
    ),
    cmd(
        "vol-delete",
        &[data("vol"), string("pool"), flag("delete-snapshots")],
        delete,
    ),
    cmd(
        "vol-download",
        &[
            data("vol"),
            data("file"),
            string("pool"),
            named("offset"),
            named("length"),
            flag("sparse"),
        ],
        download,
    ),
    cmd(
        "vol-upload",
        &[
            data("vol"),
            data("file"),
            string("pool"),
            named("offset"),
            named("length"),
            flag("sparse"),
        ],
        upload,
    ),
];

/// Look a volume up as virsh does: by name in `--pool`, then by key, then by path.
fn lookup(ctl: &mut Ctl, a: &Args) -> Result<Vol, ()> {
    let conn = ctl.conn()?;
    let name = a.get("vol").unwrap_or_default();
    let pool = match a.get("pool") {
        Some(p) => Some(lookup_pool(ctl, p)?),
        None => None,
    };
    let n = c(name);
    let mut vol = None;
    if let Some(p) = &pool {
        // SAFETY: a live handle and a C string
        vol = Vol::new(unsafe { virStorageVolLookupByName(p.0, n.as_ptr()) });
    }
    if vol.is_none() {
        // SAFETY: a live connection and a C string
        vol = Vol::new(unsafe { virStorageVolLookupByKey(conn, n.as_ptr()) });
    }
    if vol.is_none() {
        // SAFETY: as above
        vol = Vol::new(unsafe { virStorageVolLookupByPath(conn, n.as_ptr()) });
    }
    match vol {
        Some(v) => {
            vsh::reset_error();
            Ok(v)
        }
        None if pool.is_some() => vsh::fail(&format!("failed to get vol '{name}'")),
        None => vsh::fail(&format!(
            "failed to get vol '{name}', specifying --pool might help"
        )),
    }
}

fn type_name(t: c_int) -> &'static str {
    match t {
        VIR_STORAGE_VOL_FILE => "file",
        VIR_STORAGE_VOL_BLOCK => "block",
        VIR_STORAGE_VOL_DIR => "dir",
        VIR_STORAGE_VOL_NETWORK => "network",
        VIR_STORAGE_VOL_NETDIR => "netdir",
        VIR_STORAGE_VOL_PLOOP => "ploop",
        _ => "unknown",
    }
}

fn list(ctl: &mut Ctl, a: &Args) -> Outcome {
    let pool = lookup_pool(ctl, a.get("pool").unwrap_or_default())?;
    let mut list: *mut virStorageVolPtr = std::ptr::null_mut();
    // SAFETY: a live handle and an out-pointer
    let n = unsafe { virStoragePoolListAllVolumes(pool.0, &mut list, 0) };
    if n < 0 {
        vsh::error("Failed to list storage volumes");
        return Err(());
    }
    let mut vols = take_array(list, n, Vol);
    vols.sort_by_key(|v| v.name().to_lowercase());
    let details = a.has("details");
    let mut rows = Vec::new();
    for v in &vols {
        // SAFETY: a live handle
        let path = owned(unsafe { virStorageVolGetPath(v.0) }).unwrap_or_default();
        if !details {
            rows.push(vec![v.name(), path]);
            continue;
        }
        // SAFETY: a zeroed struct for the library to fill
        let mut info: virStorageVolInfo = unsafe { std::mem::zeroed() };
        if unsafe { virStorageVolGetInfo(v.0, &mut info) } != 0 {
            rows.push(vec![
                v.name(),
                path,
                "unknown".into(),
                "unknown".into(),
                "unknown".into(),
            ]);
        } else {
            rows.push(vec![
                v.name(),
                path,
                type_name(info.r#type).into(),
                pretty(info.capacity),
                pretty(info.allocation),
            ]);
        }
    }
    if details {
        print_table(
            ctl,
            &["Name", "Path", "Type", "Capacity", "Allocation"],
            &rows,
        );
    } else {
        print_table(ctl, &["Name", "Path"], &rows);
    }
    Ok(())
}

fn info(ctl: &mut Ctl, a: &Args) -> Outcome {
    let vol = lookup(ctl, a)?;
    println!("{:<15} {}", "Name:", vol.name());
    // SAFETY: a zeroed struct for the library to fill
    let mut info: virStorageVolInfo = unsafe { std::mem::zeroed() };
    if unsafe { virStorageVolGetInfo(vol.0, &mut info) } != 0 {
        return Err(());
    }
    let size = |v: u64| {
        if a.has("bytes") {
            format!("{v} bytes")
        } else {
            pretty(v)
        }
    };
    println!("{:<15} {}", "Type:", type_name(info.r#type));
    println!("{:<15} {}", "Capacity:", size(info.capacity));
    println!("{:<15} {}", "Allocation:", size(info.allocation));
    Ok(())
}

fn dumpxml(ctl: &mut Ctl, a: &Args) -> Outcome {
    let vol = lookup(ctl, a)?;
    // SAFETY: a live handle
    let xml = owned(unsafe { virStorageVolGetXMLDesc(vol.0, 0) }).ok_or(())?;
    print!("{xml}");
    Ok(())
}

fn create_as(ctl: &mut Ctl, a: &Args) -> Outcome {
    let pool = lookup_pool(ctl, a.get("pool").unwrap_or_default())?;
    let name = a.get("name").unwrap_or_default();
    let size = |opt: &str| {
        let text = a.get(opt).unwrap_or_default();
        parse_scaled(text, 1).ok_or_else(|| vsh::error(&format!("Malformed size {text}")))
    };
    let capacity = size("capacity")?;
    let mut xml = format!("<volume>\n  <name>{name}</name>\n  <capacity>{capacity}</capacity>\n");
    if a.has("allocation") {
        xml.push_str(&format!(
            "  <allocation>{}</allocation>\n",
            size("allocation")?
        ));
    }
    if let Some(f) = a.get("format") {
        xml.push_str(&format!(
            "  <target>\n    <format type='{f}'/>\n  </target>\n"
        ));
    }
    xml.push_str("</volume>\n");
    if a.has("print-xml") {
        print!("{xml}");
        return Ok(());
    }
    let flags = if a.has("prealloc-metadata") {
        VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA
    } else {
        0
    };
    let x = c(&xml);
    // SAFETY: a live handle and a C string
    match Vol::new(unsafe { virStorageVolCreateXML(pool.0, x.as_ptr(), flags as c_uint) }) {
        Some(_) => {
            println!("Vol {name} created");
            Ok(())
        }
        None => {
            vsh::error(&format!("Failed to create vol {name}"));
            Err(())
        }
    }
}

fn delete(ctl: &mut Ctl, a: &Args) -> Outcome {
    let vol = lookup(ctl, a)?;
    let name = a.get("vol").unwrap_or_default();
    let flags = if a.has("delete-snapshots") {
        VIR_STORAGE_VOL_DELETE_WITH_SNAPSHOTS
    } else {
        0
    };
    // SAFETY: a live handle
    if unsafe { virStorageVolDelete(vol.0, flags as c_uint) } != 0 {
        vsh::error(&format!("Failed to delete vol {name}"));
        return Err(());
    }
    println!("Vol {name} deleted");
    Ok(())
}

/// `--offset` and `--length`: byte counts (virsh's unsigned long long options).
fn range(a: &Args) -> Result<(u64, u64), ()> {
    let num = |opt: &str| -> Result<u64, ()> {
        match a.get(opt) {
            None => Ok(0),
            Some(t) => t.parse().map_err(|_| {
                vsh::error(&format!(
                    "Numeric value '{t}' for <{opt}> option is malformed or out of range"
                ))
            }),
        }
    };
    Ok((num("offset")?, num("length")?))
}

fn stream_flags(a: &Args, sparse: c_int) -> c_uint {
    if a.has("sparse") {
        sparse as c_uint
    } else {
        0
    }
}

/// The progress of a volume stream, shown when standard error is a terminal: virsh 9.0 shows
/// none for `vol-download` and `vol-upload`; ours shows `migrate --verbose`'s line (README).
struct Progress {
    label: &'static str,
    total: u64,
    done: u64,
}

impl Progress {
    fn on_terminal(label: &'static str, total: impl FnOnce() -> u64) -> Option<Progress> {
        std::io::stderr().is_terminal().then(|| Progress {
            label,
            total: total(),
            done: 0,
        })
    }

    fn add(&mut self, n: usize) {
        self.done += n as u64;
        // 100 % only once the stream is finished
        vsh::job_progress(
            self.label,
            self.total.saturating_sub(self.done).max(1),
            self.total,
        );
    }

    fn end(&self) {
        vsh::job_progress(self.label, 0, self.total);
    }
}

/// The bytes a download brings: `--length`, else the volume from `--offset` on.
fn download_size(vol: &Vol, offset: u64, length: u64) -> u64 {
    if length > 0 {
        return length;
    }
    // SAFETY: a zeroed struct for the library to fill
    let mut info: virStorageVolInfo = unsafe { std::mem::zeroed() };
    // SAFETY: a live handle and our struct
    if unsafe { virStorageVolGetInfo(vol.0, &mut info) } != 0 {
        vsh::reset_error();
        return 0;
    }
    info.capacity.saturating_sub(offset)
}

fn download(ctl: &mut Ctl, a: &Args) -> Outcome {
    let (offset, length) = range(a)?;
    let vol = lookup(ctl, a)?;
    let name = a.get("vol").unwrap_or_default();
    let file = a.get("file").unwrap_or_default();
    let created = !std::path::Path::new(file).exists();
    let Ok(mut out) = std::fs::File::create(file) else {
        return vsh::fail(&format!("cannot create {file}"));
    };
    let result = (|| {
        let conn = ctl.conn()?;
        // SAFETY: a live connection
        let Some(st) = Stream::new(unsafe { virStreamNew(conn, 0) }) else {
            return vsh::fail("cannot create a new stream");
        };
        let flags = stream_flags(a, VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM);
        // SAFETY: live handles
        if unsafe { virStorageVolDownload(vol.0, st.0, offset, length, flags) } < 0 {
            return vsh::fail(&format!("cannot download from volume {name}"));
        }
        let mut progress =
            Progress::on_terminal("Download", || download_size(&vol, offset, length));
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            // SAFETY: a live stream and our buffer
            let n = unsafe { virStreamRecv(st.0, buf.as_mut_ptr().cast(), buf.len()) };
            if n == 0 {
                break;
            }
            if n < 0 || out.write_all(&buf[..n as usize]).is_err() {
                // SAFETY: a live stream, given up
                unsafe { virStreamAbort(st.0) };
                return vsh::fail(&format!("cannot receive data from volume {name}"));
            }
            if let Some(p) = &mut progress {
                p.add(n as usize);
            }
        }
        // SAFETY: a live stream read to its end
        if unsafe { virStreamFinish(st.0) } < 0 {
            return vsh::fail(&format!("cannot close volume {name}"));
        }
        if let Some(p) = &progress {
            p.end();
        }
        Ok(())
    })();
    if result.is_err() && created {
        let _ = std::fs::remove_file(file);
    }
    result
}

fn upload(ctl: &mut Ctl, a: &Args) -> Outcome {
    let (offset, length) = range(a)?;
    let vol = lookup(ctl, a)?;
    let name = a.get("vol").unwrap_or_default();
    let file = a.get("file").unwrap_or_default();
    let Ok(mut input) = std::fs::File::open(file) else {
        return vsh::fail(&format!("cannot read {file}"));
    };
    let conn = ctl.conn()?;
    // SAFETY: a live connection
    let Some(st) = Stream::new(unsafe { virStreamNew(conn, 0) }) else {
        return vsh::fail("cannot create a new stream");
    };
    let flags = stream_flags(a, VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM);
    // SAFETY: live handles
    if unsafe { virStorageVolUpload(vol.0, st.0, offset, length, flags) } < 0 {
        return vsh::fail(&format!("cannot upload to volume {name}"));
    }
    let mut progress = Progress::on_terminal("Upload", || {
        let size = input.metadata().map_or(0, |m| m.len());
        if length > 0 {
            length.min(size)
        } else {
            size
        }
    });
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let Ok(n) = input.read(&mut buf) else {
            // SAFETY: a live stream, given up
            unsafe { virStreamAbort(st.0) };
            return vsh::fail(&format!("cannot send data to volume {name}"));
        };
        if n == 0 {
            break;
        }
        let mut sent = 0;
        while sent < n {
            // SAFETY: a live stream and our bytes
            let k = unsafe { virStreamSend(st.0, buf[sent..n].as_ptr().cast(), n - sent) };
            if k <= 0 {
                // SAFETY: as above
                unsafe { virStreamAbort(st.0) };
                return vsh::fail(&format!("cannot send data to volume {name}"));
            }
            sent += k as usize;
        }
        if let Some(p) = &mut progress {
            p.add(n);
        }
    }
    // SAFETY: a live stream, all sent
    if unsafe { virStreamFinish(st.0) } < 0 {
        return vsh::fail(&format!("cannot close volume {name}"));
    }
    if let Some(p) = &progress {
        p.end();
    }
    Ok(())
}
