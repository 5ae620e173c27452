//! `virConnectDomainXMLFromNative` and `virConnectDomainXMLToNative` with the `vmware-vmx`
//! format, as libvirt 9.0's ESX driver does them: the VMX converter (`crate::vmx`) with file
//! names resolved against the datastores of the connection's host (`esxParseVMXFileName`,
//! `esxFormatVMXFileName`), SCSI controller models of `auto` controllers detected through the
//! datastore browser (`esxAutodetectSCSIControllerModel`) and the virtual hardware version the
//! product implies (`esxVI_ProductVersionToDefaultVirtualHWVersion`).
//!
//! The datastores (name, mount path on the host, browser) are read once per conversion, in one
//! property-collector call, and only when a file name needs them.

use super::connect::{Product, Session};
use super::Connection;
use crate::domxml::{self, DiskBus, DiskDef, DiskDevice, FormatOptions, StorageType};
use crate::error::{code, domain, Error, Result};
use crate::vmx::{self, FileResolver};
use crate::vsphere::{
    MoRef, Node, Obj, ObjectSpec, PropertyFilterSpec, PropertySpec, SelectionSpec, TaskInfoState,
    TraversalSpec, Val,
};
use std::cell::OnceCell;

/// `VIR_ERR_NO_STORAGE_VOL`.
const NO_STORAGE_VOL: i32 = 50;

/// libvirt's `VMX_CONFIG_FORMAT_ARGV`.
pub const VMX_FORMAT: &str = "vmware-vmx";

/// What FromNative puts where a VMX names a file by itself: the VMX's own datastore path is
/// unknown there, so libvirt writes `[?] ?` (`data.datastorePathWithoutFileName`).
const UNKNOWN_VMX_DIR: &str = "[?] ?";

/// One datastore as the resolver needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatastoreInfo {
    /// `summary.name`.
    pub name: String,
    /// `host[].mountInfo.path` of the connection's host (`/vmfs/volumes/<uuid>` on ESX), if the
    /// datastore is mounted there.
    pub mount: Option<String>,
    /// The datastore's `browser`.
    pub browser: Option<MoRef>,
}

fn esx_internal(detail: impl Into<String>) -> Error {
    Error::new(domain::ESX, code::INTERNAL_ERROR, detail)
}

fn check_flags(flags: u32, function: &str) -> Result<()> {
    if flags != 0 {
        return Err(Error::invalid_arg(
            domain::ESX,
            function,
            "flags",
            &format!("unsupported flags (0x{flags:x}) in function {function}"),
        ));
    }
    Ok(())
}

fn check_format(format: &str) -> Result<()> {
    if format != VMX_FORMAT {
        return Err(Error::new(
            domain::ESX,
            code::INVALID_ARG,
            format!("Unsupported config format '{format}'"),
        ));
    }
    Ok(())
}

/// `esxVI_ProductVersionToDefaultVirtualHWVersion`: the `virtualHW.version` libvirt writes for
/// a product and its version (major * 1000000 + minor * 1000 + micro).
pub fn default_virtual_hw_version(product: Product, version: u64) -> i32 {
    let major = version / 1_000_000;
    let minor = version / 1000 - major * 1000;
    let esx5 = if minor < 5 { 9 } else { 10 };
    match product {
        Product::Gsx => 7,
        Product::Esx => match major {
            3 => 4,
            4 => 7,
            5 => esx5,
            6 => 10,
            _ => 8,
        },
        Product::Vpx => match major {
            2 => 4,
            4 => 7,
            5 => esx5,
            6 => 10,
            _ => 8,
        },
    }
}

/// `esxUtil_ParseDatastorePath`: `[<datastore>] <path>` as (datastore, directory,
/// directory and file name). The directory is the path up to its last `/` (all of it when
/// there is none).
pub fn parse_datastore_path(path: &str) -> Result<(String, String, String)> {
    let bad = || {
        Error::new(
            domain::ESX,
            code::INVALID_ARG,
            format!("Datastore path '{path}' doesn't have expected format '[<datastore>] <path>'"),
        )
    };
    let Some(rest) = path.strip_prefix('[') else {
        return Err(bad());
    };
    if rest.starts_with(']') {
        return Err(bad());
    }
    // strtok_r(tmp, "]"): leading ']' were refused above, the name runs to the next ']'
    let (name, after) = match rest.split_once(']') {
        Some((n, a)) => (n, a),
        None => (rest, ""),
    };
    if name.is_empty() {
        return Err(bad());
    }
    // strtok_r(NULL, ""): what follows the ']' (NULL when nothing does), leading spaces skipped
    let dir_and_file = after.trim_start_matches(' ');
    let dir = match dir_and_file.rfind('/') {
        Some(i) => &dir_and_file[..i],
        None => dir_and_file,
    };
    Ok((name.to_string(), dir.to_string(), dir_and_file.to_string()))
}

/// `esxParseVMXFileName` over a known datastore list: a VMX file name as a libvirt source path.
/// `vmx_dir` is the VMX's own directory as a datastore path (`[ds] dir`), for bare file names.
pub fn parse_vmx_file_name(
    datastores: &[DatastoreInfo],
    vmx_dir: &str,
    file_name: &str,
    allow_missing: bool,
) -> Result<Option<String>> {
    if !file_name.contains('/') && !file_name.contains('\\') {
        // a plain file name lies beside the VMX
        return Ok(Some(format!("{vmx_dir}/{file_name}")));
    }
    // by mount path (covers Windows mount paths of GSX too)
    for ds in datastores {
        let Some(mount) = &ds.mount else {
            return Err(esx_internal("Could not lookup datastore host mount"));
        };
        let Some(rest) = file_name.strip_prefix(mount.as_str()) else {
            continue;
        };
        let stripped = rest.trim_start_matches(['/', '\\']).replace('\\', "/");
        return Ok(Some(format!("[{}] {stripped}", ds.name)));
    }
    // by datastore name: /vmfs/volumes/<datastore>/<path>
    if let Some(tail) = file_name.strip_prefix("/vmfs/volumes/") {
        // strtok_r(tmp, "/") then strtok_r(NULL, "")
        let tail = tail.trim_start_matches('/');
        let parsed = match tail.find('/') {
            Some(i) if !tail[i + 1..].is_empty() => Some((&tail[..i], &tail[i + 1..])),
            _ => None,
        };
        let Some((name, path)) = parsed.filter(|(n, _)| !n.is_empty()) else {
            return Err(esx_internal(format!(
                "File name '{file_name}' doesn't have expected format '/vmfs/volumes/<datastore>/<path>'"
            )));
        };
        if !datastores.iter().any(|d| d.name == name) {
            if allow_missing {
                return Ok(None);
            }
            return Err(esx_internal(format!(
                "File name '{file_name}' refers to non-existing datastore '{name}'"
            )));
        }
        return Ok(Some(format!("[{name}] {path}")));
    }
    // an absolute path outside of any datastore stays as it is
    if file_name.starts_with('/') {
        return Ok(Some(file_name.to_string()));
    }
    Err(esx_internal(format!(
        "Could not handle file name '{file_name}'"
    )))
}

/// The datastore called `name`, as `esxVI_LookupDatastoreByName` with a required item.
fn datastore_by_name<'a>(datastores: &'a [DatastoreInfo], name: &str) -> Result<&'a DatastoreInfo> {
    datastores
        .iter()
        .find(|d| d.name == name)
        .ok_or_else(|| esx_internal(format!("Could not find datastore with name '{name}'")))
}

/// `esxFormatVMXFileName` over a known datastore list: a libvirt source path as the file name
/// to write into a VMX.
pub fn format_vmx_file_name(datastores: &[DatastoreInfo], src: &str) -> Result<String> {
    if src.starts_with('[') {
        let (name, _, dir_and_file) = parse_datastore_path(src)?;
        let ds = datastore_by_name(datastores, &name)?;
        let Some(mount) = &ds.mount else {
            return Err(esx_internal("Could not lookup datastore host mount"));
        };
        let separator = if mount.contains('\\') { '\\' } else { '/' };
        let mount = mount.trim_end_matches(separator);
        let path = if separator == '/' {
            dir_and_file
        } else {
            dir_and_file.replace('/', "\\")
        };
        Ok(format!("{mount}{separator}{path}"))
    } else if src.starts_with('/') {
        Ok(src.to_string())
    } else {
        Err(esx_internal(format!("Could not handle file name '{src}'")))
    }
}

/// The SCSI controller model of a `controllerType` the datastore browser reports.
pub fn controller_model(controller_type: &str) -> Option<&'static str> {
    const MODELS: [(&str, &str); 4] = [
        ("VirtualBusLogicController", "buslogic"),
        ("VirtualLsiLogicController", "lsilogic"),
        ("VirtualLsiLogicSASController", "lsisas1068"),
        ("ParaVirtualSCSIController", "vmpvscsi"),
    ];
    MODELS
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(controller_type))
        .map(|(_, m)| *m)
}

/// The datastores of the session's host, in one property-collector call
/// (`esxVI_LookupDatastoreList` plus each one's host mount).
fn fetch_datastores(s: &Session) -> Result<Vec<DatastoreInfo>> {
    let spec = PropertyFilterSpec {
        prop_set: vec![PropertySpec::new(
            "Datastore",
            &["summary.name", "host", "browser"],
        )],
        object_set: vec![ObjectSpec {
            obj: s.host.clone(),
            skip: true,
            select_set: vec![SelectionSpec::Traversal(TraversalSpec::new(
                "hostSystemToDatastore",
                "HostSystem",
                "datastore",
                &[],
            ))],
        }],
    };
    let objects = s.client.retrieve_properties(&spec)?;
    let mut out = Vec::with_capacity(objects.len());
    for o in objects {
        if o.obj.ty != "Datastore" {
            continue;
        }
        let name = o
            .get("summary.name")
            .map(|n| n.text.clone())
            .ok_or_else(|| esx_internal("Missing 'summary.name' property"))?;
        let mount = o
            .get("host")
            .and_then(|h| host_mount_path(h, &s.host).map(str::to_string));
        out.push(DatastoreInfo {
            name,
            mount,
            browser: o.get_moref("browser"),
        });
    }
    Ok(out)
}

/// `mountInfo.path` of the `DatastoreHostMount` whose key is `host`.
fn host_mount_path<'a>(mounts: &'a Node, host: &MoRef) -> Option<&'a str> {
    mounts
        .children
        .iter()
        .find(|m| m.child("key").is_some_and(|k| k.as_str() == host.value))
        .and_then(|m| m.path(&["mountInfo", "path"]))
        .map(|p| p.text.as_str())
}

/// The live [`FileResolver`]: answers from the connection's server.
pub struct ServerResolver<'a> {
    session: &'a Session,
    /// The VMX's directory as a datastore path, for bare file names.
    vmx_dir: String,
    datastores: OnceCell<Vec<DatastoreInfo>>,
}

impl<'a> ServerResolver<'a> {
    pub fn new(session: &'a Session, vmx_dir: &str) -> ServerResolver<'a> {
        ServerResolver {
            session,
            vmx_dir: vmx_dir.to_string(),
            datastores: OnceCell::new(),
        }
    }

    /// The host's datastores, read on first use.
    fn datastores(&self) -> Result<&[DatastoreInfo]> {
        if let Some(d) = self.datastores.get() {
            return Ok(d);
        }
        let fetched = fetch_datastores(self.session)?;
        Ok(self.datastores.get_or_init(|| fetched))
    }

    /// `esxVI_LookupFileInfoByDatastorePath` for a disk: the first file the datastore browser
    /// finds for `src`.
    fn disk_file_info(&self, src: &str) -> Result<Node> {
        let (name, dir, dir_and_file) = parse_datastore_path(src)?;
        let (folder, file) = if dir == dir_and_file {
            (format!("[{name}]"), dir_and_file.clone())
        } else {
            let file = &dir_and_file[dir.len()..];
            match file.strip_prefix('/') {
                Some(f) if !f.is_empty() => (format!("[{name}] {dir}"), f.to_string()),
                _ => {
                    return Err(esx_internal(format!(
                        "Datastore path '{src}' doesn't reference a file"
                    )))
                }
            }
        };
        let ds = datastore_by_name(self.datastores()?, &name)?;
        let Some(browser) = &ds.browser else {
            return Err(esx_internal("Missing 'browser' property"));
        };
        let spec = Obj::new("HostDatastoreBrowserSearchSpec")
            .field(
                "query",
                vec![
                    Val::Obj(
                        Obj::new("VmDiskFileQuery").field(
                            "details",
                            Obj::new("VmDiskFileQueryFlags")
                                .field("diskType", false)
                                .field("capacityKb", true)
                                .field("hardwareVersion", false)
                                .field("controllerType", true)
                                .field("diskExtents", false),
                        ),
                    ),
                    Val::Obj(Obj::new("IsoImageFileQuery")),
                    Val::Obj(Obj::new("FloppyImageFileQuery")),
                ],
            )
            .field(
                "details",
                Obj::new("FileQueryFlags")
                    .field("fileType", true)
                    .field("fileSize", true)
                    .field("modification", false),
            )
            .field("matchPattern", vec![Val::from(file)]);
        let info = self.session.client.run_task(
            "SearchDatastore_Task",
            browser,
            &[
                ("datastorePath", Val::from(folder)),
                ("searchSpec", Val::Obj(spec)),
            ],
        )?;
        if info.state != TaskInfoState::Success {
            let message = match &info.error {
                None => "Unknown error".to_string(),
                Some(e) if e.message.is_empty() => e.fault_type.clone(),
                Some(e) => format!("{} - {}", e.fault_type, e.message),
            };
            return Err(esx_internal(format!(
                "Could not search in datastore '{name}': {message}"
            )));
        }
        info.result
            .as_ref()
            .and_then(|r| r.child("file"))
            .cloned()
            .ok_or_else(|| {
                Error::new(
                    domain::ESX,
                    NO_STORAGE_VOL,
                    format!("No storage volume with key or path '{src}'"),
                )
            })
    }
}

impl FileResolver for ServerResolver<'_> {
    fn parse_file_name(&self, file_name: &str, allow_missing: bool) -> Result<Option<String>> {
        if !file_name.contains('/') && !file_name.contains('\\') {
            return parse_vmx_file_name(&[], &self.vmx_dir, file_name, allow_missing);
        }
        parse_vmx_file_name(self.datastores()?, &self.vmx_dir, file_name, allow_missing)
    }

    fn format_file_name(&self, src: &str) -> Result<String> {
        if !src.starts_with('[') {
            return format_vmx_file_name(&[], src);
        }
        format_vmx_file_name(self.datastores()?, src)
    }

    fn autodetect_scsi_controller_model(&self, disk: &DiskDef) -> Result<Option<String>> {
        let src = match disk.source.as_deref() {
            Some(s)
                if disk.device == DiskDevice::Disk
                    && disk.bus == DiskBus::Scsi
                    && disk.src_type == StorageType::File
                    && s.starts_with('[') =>
            {
                s
            }
            // not a file-based SCSI disk on a datastore: nothing to detect
            _ => return Ok(None),
        };
        let file = self.disk_file_info(src)?;
        let controller = if file.type_name() == "VmDiskFileInfo" {
            file.child("controllerType").map(|c| c.text.as_str())
        } else {
            None
        };
        let Some(controller) = controller else {
            return Err(esx_internal(format!(
                "Could not lookup controller model for '{src}'"
            )));
        };
        match controller_model(controller) {
            Some(m) => Ok(Some(m.to_string())),
            None => Err(esx_internal(format!(
                "Found unexpected controller model '{controller}' for disk '{src}'"
            ))),
        }
    }
}

impl Connection {
    /// `virConnectDomainXMLFromNative`: a VMX as libvirt's domain XML (inactive form).
    pub fn domain_xml_from_native(
        &self,
        format: &str,
        config: &[u8],
        flags: u32,
    ) -> Result<String> {
        check_flags(flags, "esxConnectDomainXMLFromNative")?;
        check_format(format)?;
        let resolver = ServerResolver::new(&self.primary, UNKNOWN_VMX_DIR);
        let mut ctx = vmx::Context::new(&resolver);
        ctx.allow_duplicate_keys = true;
        let def = vmx::to_domain_bytes(config, &ctx)?;
        Ok(domxml::format_with(
            &def,
            FormatOptions {
                secure: false,
                inactive: true,
            },
        ))
    }

    /// `virConnectDomainXMLToNative`: domain XML as a VMX for this server's product.
    pub fn domain_xml_to_native(&self, format: &str, xml: &str, flags: u32) -> Result<String> {
        check_flags(flags, "esxConnectDomainXMLToNative")?;
        check_format(format)?;
        let s = &self.primary;
        let def = domxml::parse(xml)?;
        let resolver = ServerResolver::new(s, UNKNOWN_VMX_DIR);
        let mut ctx = vmx::Context::new(&resolver);
        ctx.virtual_hw_version = default_virtual_hw_version(s.product, s.version);
        vmx::from_domain(&def, &ctx)
    }
}
