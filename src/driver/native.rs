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
    /// `host[].mountInfo.path` of the connection's host (`/vmfs/volumes/<uuid>` on ESX); where
    /// the server gives none (vcsim), ESX's name-based path `/vmfs/volumes/<name>`.
    pub mount: String,
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
/// a product and its version (major * 1000000 + minor * 1000 + micro). Past libvirt 9.0, which
/// falls back to 8 for them, ESXi and vCenter 7 and later get their own default: the newest
/// version they run, as their clients make new VMs.
pub fn default_virtual_hw_version(product: Product, version: u64) -> i32 {
    let major = version / 1_000_000;
    if product != Product::Gsx && major >= 7 {
        return max_virtual_hw_version(product, version);
    }
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

/// The newest virtual hardware version a product runs (ESXi 6.5: 13, 6.7: 14, 7.0: 17,
/// 7.0 U1: 18, 7.0 U2 and later: 19, 8.0: 20, 8.0 U2 and later: 21; versions as
/// major * 1000000 + minor * 1000 + update). The define path raises libvirt's default up to it
/// for devices libvirt cannot write (see `vmx::Context::virtual_hw_version`).
pub fn max_virtual_hw_version(product: Product, version: u64) -> i32 {
    let major = version / 1_000_000;
    let minor = version / 1000 - major * 1000;
    let update = version % 1000;
    if product == Product::Gsx {
        return 7;
    }
    match (major, minor) {
        (0..=2, _) => 4,
        (3, _) => 4,
        (4, _) => 7,
        (5, 0) => 8,
        (5, 1) => 9,
        (5, _) => 10,
        (6, 0) => 11,
        (6, 1..=6) => 13,
        (6, _) => 14,
        (7, _) => match update {
            0 => 17,
            1 => 18,
            _ => 19,
        },
        (8, _) if update < 2 => 20,
        _ => 21,
    }
}

/// Logs each VMX device the converter left out, as a libvirt warning.
pub fn warn_dropped(def: &domxml::DomainDef) {
    for d in &def.dropped {
        let keys: Vec<&str> = d.entries.iter().map(|(k, _)| k.as_str()).collect();
        crate::vlog!(
            crate::vsphere::log::Level::Warn,
            "vmx",
            "left out VMX device '{}' ({}): {}",
            d.device,
            keys.join(", "),
            d.reason
        );
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
        let Some(rest) = file_name.strip_prefix(ds.mount.as_str()) else {
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
        let mount = &datastore_by_name(datastores, &name)?.mount;
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
        // the host lists the datastore, so it is mounted there, whether or not the server
        // says where (vcsim gives no path, its vCenter a mount for one host only)
        let mount = o
            .get("host")
            .and_then(|h| host_mount_path(h, &s.host))
            .filter(|p| !p.is_empty())
            .map_or_else(|| format!("/vmfs/volumes/{name}"), str::to_string);
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
            return Err(esx_internal(format!(
                "Could not search in datastore '{name}': {}",
                info.error_message()
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
        warn_dropped(&def);
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
        ctx.max_virtual_hw_version = Some(max_virtual_hw_version(s.product, s.version));
        // the restrictions libvirt's ESX documentation states (memory a multiple of 4 MiB,
        // vCPUs 1 or even for hardware version 4): errors, not silent rounding
        ctx.strict_export_rules = true;
        vmx::from_domain(&def, &ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(name: &str, mount: &str) -> DatastoreInfo {
        DatastoreInfo {
            name: name.to_string(),
            mount: mount.to_string(),
            browser: None,
        }
    }

    fn esx() -> Vec<DatastoreInfo> {
        vec![
            ds(
                "datastore1",
                "/vmfs/volumes/4b0beca7-7fd401f3-1d7f-000ae484a6a3",
            ),
            ds(
                "local-storage",
                "/vmfs/volumes/498076b2-02796c1a-ef5b-000ae484a6a3/",
            ),
        ]
    }

    fn parse(list: &[DatastoreInfo], name: &str, allow_missing: bool) -> Result<Option<String>> {
        parse_vmx_file_name(list, UNKNOWN_VMX_DIR, name, allow_missing)
    }

    #[test]
    fn vmx_names_become_datastore_paths() {
        let l = esx();
        let p = |n: &str| parse(&l, n, false).ok().flatten();
        // by mount path (the UUID form ESX writes)
        assert_eq!(
            p("/vmfs/volumes/4b0beca7-7fd401f3-1d7f-000ae484a6a3/vm/vm.vmdk").as_deref(),
            Some("[datastore1] vm/vm.vmdk")
        );
        // a mount path with a trailing separator still matches, separators are stripped
        assert_eq!(
            p("/vmfs/volumes/498076b2-02796c1a-ef5b-000ae484a6a3//vm/x.vmdk").as_deref(),
            Some("[local-storage] vm/x.vmdk")
        );
        // by datastore name (the symlink)
        assert_eq!(
            p("/vmfs/volumes/local-storage/Fedora11/Fedora11.vmdk").as_deref(),
            Some("[local-storage] Fedora11/Fedora11.vmdk")
        );
        // beside the VMX, which FromNative does not know
        assert_eq!(p("disk.vmdk").as_deref(), Some("[?] ?/disk.vmdk"));
        // outside any datastore
        assert_eq!(
            p("/usr/lib/vmware/isoimages/linux.iso").as_deref(),
            Some("/usr/lib/vmware/isoimages/linux.iso")
        );
    }

    #[test]
    fn vmx_names_beside_a_known_vmx() {
        let r = parse_vmx_file_name(&[], "[datastore1] vm", "vm.nvram", false);
        assert_eq!(
            r.ok().flatten().as_deref(),
            Some("[datastore1] vm/vm.nvram")
        );
    }

    #[test]
    fn windows_mounts_of_gsx() {
        let l = vec![ds("storage1", "C:\\Virtual Machines")];
        let r = parse(&l, "C:\\Virtual Machines\\test1\\test1.vmdk", false);
        assert_eq!(
            r.ok().flatten().as_deref(),
            Some("[storage1] test1/test1.vmdk")
        );
        assert_eq!(
            format_vmx_file_name(&l, "[storage1] test1/test1.vmdk")
                .ok()
                .as_deref(),
            Some("C:\\Virtual Machines\\test1\\test1.vmdk")
        );
        let e = parse(&l, "D:\\other\\x.vmdk", false).unwrap_err();
        assert_eq!(
            e.message,
            "internal error: Could not handle file name 'D:\\other\\x.vmdk'"
        );
    }

    #[test]
    fn missing_datastores_as_libvirt_reports_them() {
        let l = esx();
        let e = parse(&l, "/vmfs/volumes/nosuch/vm/vm.vmdk", false).unwrap_err();
        assert_eq!((e.domain, e.code), (domain::ESX, code::INTERNAL_ERROR));
        assert_eq!(
            e.message,
            "internal error: File name '/vmfs/volumes/nosuch/vm/vm.vmdk' refers to non-existing datastore 'nosuch'"
        );
        // CD-ROM images may be missing: no source then
        assert_eq!(
            parse(&l, "/vmfs/volumes/nosuch/x.iso", true).ok(),
            Some(None)
        );
        let e = parse(&l, "/vmfs/volumes/nosuch", false).unwrap_err();
        assert!(e.message.contains("doesn't have expected format"), "{e:?}");
        let e = parse(&l, "/vmfs/volumes/nosuch/", false).unwrap_err();
        assert!(e.message.contains("doesn't have expected format"), "{e:?}");
        let e = format_vmx_file_name(&l, "[nosuch] vm/vm.vmdk").unwrap_err();
        assert_eq!(
            e.message,
            "internal error: Could not find datastore with name 'nosuch'"
        );
    }

    #[test]
    fn datastore_paths_become_vmx_names() {
        let l = esx();
        let f = |s: &str| format_vmx_file_name(&l, s);
        assert_eq!(
            f("[datastore1] vm/vm.vmdk").ok().as_deref(),
            Some("/vmfs/volumes/4b0beca7-7fd401f3-1d7f-000ae484a6a3/vm/vm.vmdk")
        );
        // the mount's trailing separator is not doubled
        assert_eq!(
            f("[local-storage] Fedora11/Fedora11.vmdk").ok().as_deref(),
            Some("/vmfs/volumes/498076b2-02796c1a-ef5b-000ae484a6a3/Fedora11/Fedora11.vmdk")
        );
        assert_eq!(
            f("[datastore1]   x.iso").ok().as_deref(),
            Some("/vmfs/volumes/4b0beca7-7fd401f3-1d7f-000ae484a6a3/x.iso")
        );
        assert_eq!(f("/usr/lib/x.iso").ok().as_deref(), Some("/usr/lib/x.iso"));
        let e = f("x.vmdk").unwrap_err();
        assert_eq!(
            e.message,
            "internal error: Could not handle file name 'x.vmdk'"
        );
        let e = f("[] x.vmdk").unwrap_err();
        assert_eq!((e.domain, e.code), (domain::ESX, code::INVALID_ARG));
        assert_eq!(
            e.message,
            "invalid argument: Datastore path '[] x.vmdk' doesn't have expected format '[<datastore>] <path>'"
        );
    }

    #[test]
    fn round_trip_through_both_forms() {
        let l = esx();
        for src in [
            "[datastore1] a/b.vmdk",
            "[local-storage] Fedora11/Fedora11.vmdk",
        ] {
            let vmx = format_vmx_file_name(&l, src).unwrap();
            assert_eq!(parse(&l, &vmx, false).unwrap().as_deref(), Some(src));
        }
    }

    #[test]
    fn datastore_path_parts() {
        let p = |s: &str| parse_datastore_path(s).ok();
        assert_eq!(
            p("[ds] dir/sub/f.vmdk"),
            Some(("ds".into(), "dir/sub".into(), "dir/sub/f.vmdk".into()))
        );
        assert_eq!(
            p("[ds] f.vmdk"),
            Some(("ds".into(), "f.vmdk".into(), "f.vmdk".into()))
        );
        assert_eq!(p("[ds]"), Some(("ds".into(), "".into(), "".into())));
        assert_eq!(p("ds] x"), None);
        assert_eq!(p("[]x"), None);
    }

    #[test]
    fn hardware_versions_follow_the_product() {
        let v = |p, s: &str| {
            let n: Vec<u64> = s.split('.').map(|x| x.parse().unwrap()).collect();
            default_virtual_hw_version(p, n[0] * 1_000_000 + n[1] * 1000)
        };
        assert_eq!(v(Product::Esx, "3.5"), 4);
        assert_eq!(v(Product::Esx, "4.0"), 7);
        assert_eq!(v(Product::Esx, "4.1"), 7);
        assert_eq!(v(Product::Esx, "5.0"), 9);
        assert_eq!(v(Product::Esx, "5.1"), 9);
        assert_eq!(v(Product::Esx, "5.5"), 10);
        assert_eq!(v(Product::Esx, "6.5"), 10);
        assert_eq!(v(Product::Esx, "7.0"), 17);
        assert_eq!(v(Product::Esx, "8.0"), 20);
        assert_eq!(v(Product::Vpx, "8.0"), 20);
        assert_eq!(v(Product::Gsx, "2.0"), 7);
        assert_eq!(v(Product::Vpx, "2.5"), 4);
        assert_eq!(v(Product::Vpx, "4.1"), 7);
        assert_eq!(v(Product::Vpx, "6.7"), 10);
        let m = |p, s: &str| {
            let n: Vec<u64> = s.split('.').map(|x| x.parse().unwrap()).collect();
            max_virtual_hw_version(p, n[0] * 1_000_000 + n[1] * 1000 + n[2])
        };
        assert_eq!(m(Product::Esx, "5.5.0"), 10);
        assert_eq!(m(Product::Esx, "6.5.0"), 13);
        assert_eq!(m(Product::Esx, "6.7.0"), 14);
        assert_eq!(m(Product::Esx, "7.0.0"), 17);
        assert_eq!(m(Product::Esx, "7.0.1"), 18);
        assert_eq!(m(Product::Esx, "7.0.3"), 19);
        assert_eq!(m(Product::Esx, "8.0.1"), 20);
        assert_eq!(m(Product::Vpx, "8.0.2"), 21);
        assert_eq!(m(Product::Gsx, "2.0.0"), 7);
    }

    #[test]
    fn controller_types() {
        assert_eq!(
            controller_model("ParaVirtualSCSIController"),
            Some("vmpvscsi")
        );
        assert_eq!(
            controller_model("virtuallsilogiccontroller"),
            Some("lsilogic")
        );
        assert_eq!(
            controller_model("VirtualLsiLogicSASController"),
            Some("lsisas1068")
        );
        assert_eq!(
            controller_model("VirtualBusLogicController"),
            Some("buslogic")
        );
        assert_eq!(controller_model("VirtualIDEController"), None);
    }

    #[test]
    fn flags_and_formats() {
        let e = check_flags(2, "esxConnectDomainXMLToNative").unwrap_err();
        assert_eq!(
            e.message,
            "unsupported flags (0x2) in function esxConnectDomainXMLToNative"
        );
        let e = check_format("xen-xm").unwrap_err();
        assert_eq!(
            e.message,
            "invalid argument: Unsupported config format 'xen-xm'"
        );
        assert!(check_format(VMX_FORMAT).is_ok() && check_flags(0, "f").is_ok());
    }
}
