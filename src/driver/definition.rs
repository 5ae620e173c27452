//! A domain's definition: its XML from the VMX file on the datastore, and defining or
//! undefining a VM (upload the VMX, register it; unregister it), as libvirt's ESX driver does.

use super::config_vmx;
use super::connect::Scope;
use super::domain::{check_flags, Domain, STATE_PAUSED, STATE_SHUTOFF};
use super::native::{
    default_virtual_hw_version, max_virtual_hw_version, parse_datastore_path, warn_dropped,
    ServerResolver,
};
use super::Connection;
use crate::domxml::{self, DiskDevice, FormatOptions, StorageType};
use crate::error::{code, domain as from, Error, Result};
use crate::vmx;
use crate::vsphere::{FromNode, MoRef, Val};

/// `VIR_DOMAIN_XML_SECURE | INACTIVE | UPDATE_CPU | MIGRATABLE`
const XML_FLAGS: u32 = 1 | 2 | 4 | 8;
const XML_SECURE: u32 = 1;
const XML_INACTIVE: u32 = 2;
/// `VIR_DOMAIN_DEFINE_VALIDATE`
const DEFINE_VALIDATE: u32 = 1;
/// `VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA`
const UNDEFINE_SNAPSHOTS_METADATA: u32 = 2;

/// A name as a datastore file name: characters Windows refuses in paths become `_` (libvirt's
/// `esxUtil_EscapeDatastoreItem` for the names people use).
fn datastore_item(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c => c,
        })
        .collect()
}

impl Connection {
    /// `virDomainGetXMLDesc`: the VMX downloaded from the datastore and converted, file names
    /// resolved against the server.
    pub fn domain_xml(&self, d: &Domain, flags: u32) -> Result<String> {
        check_flags(flags, XML_FLAGS, "esxDomainGetXMLDesc")?;
        let s = &self.primary;
        let o = self.vm(d, &["config.files.vmPathName", "runtime.powerState"])?;
        let vm_path = o.get_str("config.files.vmPathName").ok_or_else(|| {
            Error::internal("Could not lookup 'config.files.vmPathName' property")
        })?;
        let (datastore, dir, dir_and_file) = parse_datastore_path(vm_path)?;
        let url = s
            .client
            .datastore_file_url(&s.datacenter_path, &datastore, &dir_and_file);
        // where the VMX cannot be had or is empty (vcsim's own VMs; accounts that may not
        // browse datastores), write one from the VM's configuration instead of failing
        let vmx_bytes = match s.client.download(&url) {
            Ok(bytes) if !bytes.iter().all(u8::is_ascii_whitespace) => bytes,
            _ => {
                let config = self.vm(d, config_vmx::CONFIG_PROPS)?;
                config_vmx::vmx_from_config(&config)?.into_bytes()
            }
        };
        let vmx_dir = format!("[{datastore}] {dir}");
        let resolver = ServerResolver::new(s, &vmx_dir);
        let mut ctx = vmx::Context::new(&resolver);
        ctx.datacenter_path = Some(s.datacenter_path.clone());
        ctx.moref = Some(d.moref.value.clone());
        ctx.allow_duplicate_keys = true;
        let mut def = vmx::to_domain_bytes(&vmx_bytes, &ctx)?;
        warn_dropped(&def);
        let running = super::domain::state_of(o.get_str("runtime.powerState")) != STATE_SHUTOFF;
        def.id = if running { d.id } else { -1 };
        Ok(domxml::format_with(
            &def,
            FormatOptions {
                secure: flags & XML_SECURE != 0,
                inactive: flags & XML_INACTIVE != 0,
            },
        ))
    }

    /// `virDomainDefineXML(Flags)`: check the XML, write its VMX beside the first file-based
    /// hard disk, register the VM in the host's resource pool. Nothing stays behind on failure.
    pub fn define_xml(&self, xml: &str, flags: u32) -> Result<Domain> {
        check_flags(flags, DEFINE_VALIDATE, "esxDomainDefineXMLFlags")?;
        let s = &self.primary;
        // a cluster takes the VM into its root resource pool and places it itself; a
        // datacenter connection has no pool to give unless it holds one host
        let host = match s.scope {
            Scope::Host => Some(&s.host),
            Scope::Cluster => None,
            Scope::Datacenter if s.hosts.len() == 1 => Some(&s.host),
            Scope::Datacenter => {
                return Err(Error::new(
                    from::ESX,
                    code::OPERATION_INVALID,
                    format!(
                        "Cannot define a domain on a datacenter of {} hosts: connect to one of \
                         its clusters or hosts (vpx://{}/{}/<cluster or host>)",
                        s.hosts.len(),
                        self.parsed.host,
                        s.datacenter_path
                    ),
                ));
            }
        };
        let def = domxml::parse(xml)?;
        let name = def.name.clone().unwrap_or_default();
        if name.contains('\n') {
            return Err(Error::new(
                from::DOMAIN,
                code::XML_ERROR,
                format!("name '{name}' contains illegal character '\n'"),
            ));
        }
        // an existing domain, by UUID or by name
        let uuid_text = super::domain::format_uuid(&def.uuid);
        let by_uuid = s
            .client
            .find_by_uuid(&uuid_text, true, Some(&s.datacenter))?;
        if by_uuid.is_some() || self.lookup_by_name(&name).is_ok() {
            return Err(Error::internal(
                "Domain already exists, editing existing domains is not supported yet",
            ));
        }
        let resolver = ServerResolver::new(s, "[?] ?");
        let mut ctx = vmx::Context::new(&resolver);
        ctx.virtual_hw_version = default_virtual_hw_version(s.product, s.version);
        ctx.max_virtual_hw_version = Some(max_virtual_hw_version(s.product, s.version));
        ctx.strict_export_rules = true;
        let vmx_text = vmx::from_domain(&def, &ctx)?;
        if def.disks.is_empty() {
            return Err(Error::internal(
                "Domain XML doesn't contain any disks, cannot deduce datastore and path for VMX file",
            ));
        }
        let disk = def
            .disks
            .iter()
            .find(|d| d.device == DiskDevice::Disk && d.src_type == StorageType::File)
            .ok_or_else(|| {
                Error::internal(
                    "Domain XML doesn't contain any file-based harddisks, cannot deduce datastore \
                     and path for VMX file",
                )
            })?;
        let src = disk.source.as_deref().ok_or_else(|| {
            Error::internal(
                "First file-based harddisk has no source, cannot deduce datastore and path for \
                 VMX file",
            )
        })?;
        let (datastore, dir, _) = parse_datastore_path(src)?;
        if !src.to_ascii_lowercase().ends_with(".vmdk") {
            return Err(Error::internal(format!(
                "Expecting source '{src}' of first file-based harddisk to be a VMDK image"
            )));
        }
        let file = format!("{}.vmx", datastore_item(&name));
        let rel = if dir.is_empty() {
            file.clone()
        } else {
            format!("{dir}/{file}")
        };
        let url = s
            .client
            .datastore_file_url(&s.datacenter_path, &datastore, &rel);
        s.client.upload(&url, vmx_text.as_bytes())?;
        let vmx_path = format!("[{datastore}] {rel}");
        let registered = self.register(&vmx_path, host);
        let vm = match registered {
            Ok(vm) => vm,
            Err(e) => {
                // leave nothing behind: the uploaded VMX goes again
                self.delete_datastore_file(&vmx_path);
                return Err(e);
            }
        };
        Ok(Domain {
            name,
            uuid: def.uuid,
            id: -1,
            moref: vm,
        })
    }

    fn register(&self, vmx_path: &str, host: Option<&MoRef>) -> Result<MoRef> {
        let s = &self.primary;
        let info = s.client.run_task(
            "RegisterVM_Task",
            &s.vm_folder,
            &[
                ("path", Val::from(vmx_path)),
                ("asTemplate", Val::from(false)),
                ("pool", Val::from(&s.resource_pool)),
                ("host", Val::from(host)),
            ],
        )?;
        let message = info.error_message();
        match info.into_result() {
            Ok(Some(result)) => Ok(MoRef::from_node(&result)?),
            Ok(None) => Err(Error::internal("Could not define domain: no VM registered")),
            Err(_) => Err(Error::internal(format!(
                "Could not define domain: {message}"
            ))),
        }
    }

    fn delete_datastore_file(&self, path: &str) {
        let s = &self.primary;
        if let Some(fm) = s.client.service_content().file_manager.clone() {
            let _ = s.client.run_task(
                "DeleteDatastoreFile_Task",
                &fm,
                &[
                    ("name", Val::from(path)),
                    ("datacenter", Val::from(&s.datacenter)),
                ],
            );
        }
    }

    /// `virDomainUndefine(Flags)`: unregister the VM (its files stay, as with libvirt).
    pub fn undefine(&self, d: &Domain, flags: u32) -> Result<()> {
        check_flags(flags, UNDEFINE_SNAPSHOTS_METADATA, "esxDomainUndefineFlags")?;
        let state = self.domain_state(d)?;
        if state != STATE_SHUTOFF && state != STATE_PAUSED {
            return Err(Error::new(
                from::ESX,
                code::OPERATION_INVALID,
                "Domain is not suspended or powered off",
            ));
        }
        self.primary
            .client
            .invoke_none("UnregisterVM", &d.moref, &[])?;
        Ok(())
    }
}
