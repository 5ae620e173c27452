//! The vmware-vmx native format: VMX text <-> libvirt domain definitions, as libvirt 9.0's
//! `src/vmx/vmx.c` converts them (names, defaults, error messages).
//!
//! Formats do no I/O: file names and SCSI controller models are resolved by the caller through
//! [`FileResolver`].
//!
//! ```
//! use virt::{domxml, vmx};
//!
//! let resolver = vmx::TestResolver; // the live driver implements FileResolver itself
//! let mut ctx = vmx::Context::new(&resolver);
//! ctx.datacenter_path = Some("dc1".to_string());
//!
//! // VMX -> domain XML (virConnectDomainXMLFromNative, virDomainGetXMLDesc)
//! let def = vmx::to_domain(
//!     "config.version = \"8\"\nvirtualHW.version = \"7\"\ndisplayName = \"web\"\n\
//!      scsi0.present = \"true\"\nscsi0:0.present = \"true\"\n\
//!      scsi0:0.fileName = \"/vmfs/volumes/ds1/web/web.vmdk\"\n",
//!     &ctx,
//! )?;
//! let xml = domxml::format(&def);
//! assert!(xml.contains("<source file='[ds1] web/web.vmdk'/>"));
//!
//! // domain XML -> VMX (virConnectDomainXMLToNative, virDomainDefineXML)
//! ctx.virtual_hw_version = 7;
//! let vmx_text = vmx::from_domain(&domxml::parse(&xml)?, &ctx)?;
//! assert!(vmx_text.contains("scsi0:0.fileName = \"/vmfs/volumes/ds1/web/web.vmdk\"\n"));
//! # Ok::<(), virt::error::Error>(())
//! ```

pub mod conf;
mod format;
mod guestos;
mod parse;
pub mod vmdk;

pub use conf::{VmxConf, VmxWriter};
pub use format::from_domain;
pub use guestos::guest_os_for;
pub use parse::{to_domain, to_domain_bytes, NETWORK_BRIDGED, NETWORK_HOSTONLY};

use crate::domxml::DiskDef;
use crate::error::{code, domain, Error, Result};

/// What the converter asks its caller: turning file names between VMX and libvirt form, and
/// detecting SCSI controller models. The live driver answers against the server; tests answer
/// with fixed rules.
pub trait FileResolver {
    /// A file name found in the VMX (absolute `/vmfs/volumes/...` path, other absolute path, or
    /// a name relative to the VMX file) as a libvirt source path such as `[datastore] dir/f.vmdk`.
    ///
    /// `Ok(None)` means the file doesn't exist and `allow_missing` was true (CD-ROM images): the
    /// device then keeps no source. A missing file with `allow_missing` false is an error.
    fn parse_file_name(&self, file_name: &str, allow_missing: bool) -> Result<Option<String>>;

    /// A libvirt source path as the file name to write into the VMX.
    fn format_file_name(&self, src: &str) -> Result<String>;

    /// The SCSI controller model a disk needs (one of `buslogic`, `lsilogic`, `lsisas1068`,
    /// `vmpvscsi`), for controllers whose model is `auto`. `Ok(None)`: no detection available,
    /// the model then stays `auto` and formatting fails.
    fn autodetect_scsi_controller_model(&self, _disk: &DiskDef) -> Result<Option<String>> {
        Ok(None)
    }
}

/// The conversion context, libvirt's `virVMXContext`.
pub struct Context<'a> {
    /// The datacenter path put into the domain's VMware metadata (VMX -> XML).
    pub datacenter_path: Option<String>,
    /// The managed object reference put into the domain's VMware metadata (VMX -> XML).
    pub moref: Option<String>,
    /// The VMX virtual hardware version to write (XML -> VMX): libvirt's choice for the
    /// product. Raised where the domain has devices libvirt 9.0 cannot write that need a newer
    /// one (SATA 10, NVMe and secure boot 13, vTPM 14), up to `max_virtual_hw_version`.
    pub virtual_hw_version: i32,
    /// The newest virtual hardware version the target host runs; `None`: no limit.
    pub max_virtual_hw_version: Option<i32>,
    /// Resolves file names and SCSI controller models.
    pub resolver: &'a dyn FileResolver,
    /// Enforce the export rules of libvirt's ESX documentation that libvirt 9.0's code no
    /// longer enforces: memory must be a multiple of 4096 KiB (9.0 rounds it up) and, for
    /// virtual hardware version 4, the vCPU count must be 1 or even (9.0 accepts any count).
    /// Off by default, so output matches libvirt 9.0.
    pub strict_export_rules: bool,
    /// Read VMX files with a key given twice as libvirt does (the first value counts) instead
    /// of failing with both line numbers. Off by default.
    pub allow_duplicate_keys: bool,
}

impl<'a> Context<'a> {
    pub fn new(resolver: &'a dyn FileResolver) -> Context<'a> {
        Context {
            datacenter_path: None,
            moref: None,
            virtual_hw_version: 4,
            max_virtual_hw_version: None,
            resolver,
            strict_export_rules: false,
            allow_duplicate_keys: false,
        }
    }
}

/// `VIR_ERR_INTERNAL_ERROR` from `VIR_FROM_NONE`, as vmx.c reports.
pub(crate) fn err(detail: impl Into<String>) -> Error {
    Error::new(domain::NONE, code::INTERNAL_ERROR, detail)
}

/// `VIR_ERR_CONFIG_UNSUPPORTED` from `VIR_FROM_NONE`.
pub(crate) fn unsupported(detail: impl Into<String>) -> Error {
    Error::new(domain::NONE, code::CONFIG_UNSUPPORTED, detail)
}

/// The corpus rules for file names and SCSI models (libvirt's own test resolvers): VMX names
/// under `/vmfs/volumes/<ds>/` become `[<ds>] path`, bare names lie in `[datastore] directory/`,
/// a datastore named `missing` (or a path starting with `missing`) does not exist, and `auto`
/// SCSI controllers are `lsilogic`.
#[derive(Debug, Default, Clone, Copy)]
pub struct TestResolver;

impl FileResolver for TestResolver {
    fn parse_file_name(&self, file_name: &str, allow_missing: bool) -> Result<Option<String>> {
        if let Some(rest) = file_name.strip_prefix("/vmfs/volumes/") {
            // strtok semantics: skip leading '/', datastore up to next '/', rest after it
            let rest = rest.trim_start_matches('/');
            let (ds, path) = match rest.split_once('/') {
                Some((d, p)) if !d.is_empty() && !p.is_empty() => (d, p),
                _ => return Err(err(format!("Could not parse file name '{file_name}'"))),
            };
            if ds == "missing" || path.starts_with("missing") {
                if allow_missing {
                    return Ok(None);
                }
                return Err(err(format!("Referenced missing file '{file_name}'")));
            }
            Ok(Some(format!("[{ds}] {path}")))
        } else if file_name.starts_with('/') {
            Ok(Some(file_name.to_string()))
        } else if file_name.contains('/') {
            Err(err(format!(
                "Relative file name '{file_name}' is not supported"
            )))
        } else {
            Ok(Some(format!("[datastore] directory/{file_name}")))
        }
    }

    fn format_file_name(&self, src: &str) -> Result<String> {
        if let Some(rest) = src.strip_prefix('[') {
            if rest.starts_with(']') {
                return Err(err(format!("Could not parse datastore path '{src}'")));
            }
            // strtok(tmp, "]"): datastore up to the first ']' (leading ']' skipped above)
            let (ds, path) = match rest.split_once(']') {
                Some((d, p)) => (d, p),
                None => (rest, ""),
            };
            if ds.is_empty() {
                return Err(err(format!("Could not parse datastore path '{src}'")));
            }
            let path = path.trim_start_matches(' ');
            Ok(format!("/vmfs/volumes/{ds}/{path}"))
        } else if src.starts_with('/') {
            Ok(src.to_string())
        } else {
            Err(err(format!("Relative file name '{src}' is not supported")))
        }
    }

    fn autodetect_scsi_controller_model(&self, _disk: &DiskDef) -> Result<Option<String>> {
        Ok(Some("lsilogic".to_string()))
    }
}
