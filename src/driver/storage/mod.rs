//! Storage: the connection host's datastores and iSCSI targets as pools, their files and LUNs as
//! volumes, as libvirt 9.0's ESX storage driver has them (`esx_storage_driver.c` and its two
//! backends, VMFS datastores looked up first, then iSCSI).
//!
//! Where libvirt reads the same objects again for each step, one property-collector call reads
//! the host's datastores and storage devices together; a datastore browser search is one task.

mod iscsi;
mod transfer;
mod vmfs;

use super::connect::Product;
use super::Connection;
use crate::error::{code, domain, Error, Result};
use crate::storagexml;
use crate::vsphere::{
    MoRef, ObjectContent, ObjectSpec, PropertyFilterSpec, PropertySpec, SelectionSpec,
    TaskInfoState, TraversalSpec,
};

/// `VIR_ERR_NO_STORAGE_POOL`.
const NO_STORAGE_POOL: i32 = 49;
/// `VIR_ERR_NO_STORAGE_VOL`.
const NO_STORAGE_VOL: i32 = 50;

/// `virStoragePoolState` values the driver reports.
pub const POOL_RUNNING: i32 = 2;
pub const POOL_INACCESSIBLE: i32 = 4;

/// `VIR_STORAGE_VOL_GET_PHYSICAL`.
const VOL_GET_PHYSICAL: u32 = 1;
/// `VIR_STORAGE_VOL_RESIZE_ALLOCATE`, `_DELTA`, `_SHRINK`.
const RESIZE_ALLOCATE: u32 = 1;
const RESIZE_DELTA: u32 = 2;
const RESIZE_SHRINK: u32 = 4;

/// Which backend a pool or volume belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A datastore (VMFS, local or NAS) and its files.
    Vmfs,
    /// An iSCSI target and its LUNs.
    Iscsi,
}

/// A storage pool as a lookup found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pool {
    pub name: String,
    /// MD5 of the datastore's mount path, or of the iSCSI target's IQN (libvirt's UUIDs).
    pub uuid: [u8; 16],
    pub backend: Backend,
}

/// A storage volume as a lookup found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Volume {
    /// The pool's name: the datastore's, or the target's IQN.
    pub pool: String,
    /// The file's path in the datastore (`dir/disk.vmdk`), or the LUN's device name.
    pub name: String,
    /// The disk's UUID (QueryVirtualDiskUuid), the datastore path of other files (and of every
    /// file on a vCenter, as libvirt), or the MD5 of a LUN's UUID.
    pub key: String,
    pub backend: Backend,
}

impl Volume {
    /// The datastore path of a datastore volume: `[pool] name` (for a LUN, its device name).
    /// A download or upload reaches the file at `Client::datastore_file_url` of the pool and
    /// the name.
    pub fn path(&self) -> String {
        match self.backend {
            Backend::Vmfs => format!("[{}] {}", self.pool, self.name),
            Backend::Iscsi => self.name.clone(),
        }
    }
}

/// `virStoragePoolInfo`'s content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolInfo {
    pub state: i32,
    pub capacity: u64,
    pub allocation: u64,
    pub available: u64,
}

/// `virStorageVolInfo`'s content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VolInfo {
    pub vol_type: i32,
    pub capacity: u64,
    pub allocation: u64,
}

fn esx(code: i32, detail: impl Into<String>) -> Error {
    Error::new(domain::ESX, code, detail)
}

/// libvirt's `virCheckFlags` in the ESX driver's function `function`.
fn check_flags(flags: u32, allowed: u32, function: &str) -> Result<()> {
    let bad = flags & !allowed;
    if bad != 0 {
        return Err(Error::invalid_arg(
            domain::ESX,
            function,
            "flags",
            &format!("unsupported flags (0x{bad:x}) in function {function}"),
        ));
    }
    Ok(())
}

fn no_pool_named(name: &str) -> Error {
    esx(
        NO_STORAGE_POOL,
        format!("Could not find storage pool with name '{name}'"),
    )
}

/// `VIR_CONNECT_LIST_STORAGE_POOLS_*` filters libvirt's drivers accept.
const LIST_ACTIVE: u32 = 1 | 2;
const LIST_PERSISTENT: u32 = 4 | 8;
const LIST_AUTOSTART: u32 = 16 | 32;
const LIST_TYPES: u32 = (1 << 6) | (1 << 7) | (1 << 8) | (0x3ff << 9) | (1 << 19);
const LIST_DIR: u32 = 1 << 6;
const LIST_FS: u32 = 1 << 7;
const LIST_NETFS: u32 = 1 << 8;
const LIST_ISCSI: u32 = 1 << 11;

/// Properties read with the pool list.
const DS_POOL_PROPS: &[&str] = &["summary.name", "host", "info"];

impl Connection {
    /// Whether the server answers QueryVirtualDiskUuid (libvirt asks only an ESX host).
    fn has_disk_uuid(&self) -> bool {
        self.primary.product == Product::Esx
    }

    /// The host's properties `host_props` and its datastores' properties `ds_props` (with
    /// `summary.name`), in one property-collector call.
    fn storage_view(
        &self,
        host_props: &[&str],
        ds_props: &[&str],
    ) -> Result<(Option<ObjectContent>, Vec<ObjectContent>)> {
        let s = &self.primary;
        let mut prop_set = Vec::new();
        if !host_props.is_empty() {
            prop_set.push(PropertySpec::new("HostSystem", host_props));
        }
        if !ds_props.is_empty() {
            prop_set.push(PropertySpec::new("Datastore", ds_props));
        }
        let spec = PropertyFilterSpec {
            prop_set,
            object_set: vec![ObjectSpec {
                obj: s.host.clone(),
                skip: host_props.is_empty(),
                select_set: if ds_props.is_empty() {
                    Vec::new()
                } else {
                    vec![SelectionSpec::Traversal(TraversalSpec::new(
                        "hostSystemToDatastore",
                        "HostSystem",
                        "datastore",
                        &[],
                    ))]
                },
            }],
        };
        let mut host = None;
        let mut datastores = Vec::new();
        for o in s.client.retrieve_properties(&spec)? {
            match o.obj.ty.as_str() {
                "HostSystem" if o.obj == s.host => host = Some(o),
                "Datastore" => datastores.push(o),
                _ => {}
            }
        }
        Ok((host, datastores))
    }

    /// Waits for a task of the storage driver (no VM involved).
    fn wait(&self, task: &MoRef) -> Result<crate::vsphere::TaskInfo> {
        Ok(self.primary.client.wait_for_task(task, None)?)
    }

    /// Every pool: the datastores, then the iSCSI targets, each with its type name (`None` for a
    /// datastore of a kind libvirt does not know).
    fn all_pools(&self) -> Result<Vec<(Pool, Option<&'static str>)>> {
        let (host, datastores) = self.storage_view(iscsi::HBA_PROPS, DS_POOL_PROPS)?;
        let mut out = Vec::new();
        for ds in &datastores {
            let pool = self.datastore_pool(ds)?;
            let kind = vmfs::pool_source(ds).ok().map(|s| s.type_name());
            out.push((pool, kind));
        }
        for t in iscsi::static_targets(host.as_ref()) {
            out.push((iscsi::target_pool(&t.iscsi_name), Some("iscsi")));
        }
        Ok(out)
    }

    /// `virConnectNumOfStoragePools`.
    pub fn num_of_storage_pools(&self) -> Result<i32> {
        let (host, datastores) = self.storage_view(iscsi::HBA_PROPS, &["summary.name"])?;
        Ok((datastores.len() + iscsi::static_targets(host.as_ref()).len()) as i32)
    }

    /// `virConnectListStoragePools`: at most `max` names.
    pub fn list_storage_pools(&self, max: usize) -> Result<Vec<String>> {
        if max == 0 {
            return Ok(Vec::new());
        }
        let (host, datastores) = self.storage_view(iscsi::HBA_PROPS, &["summary.name"])?;
        let mut names = Vec::new();
        for ds in &datastores {
            names.push(vmfs::datastore_name(ds)?);
        }
        names.extend(
            iscsi::static_targets(host.as_ref())
                .into_iter()
                .map(|t| t.iscsi_name),
        );
        names.truncate(max);
        Ok(names)
    }

    /// `virConnectListAllStoragePools` (libvirt's ESX driver has none): every pool matching
    /// `flags`. All pools are active, persistent and autostarted.
    pub fn list_all_storage_pools(&self, flags: u32) -> Result<Vec<Pool>> {
        check_flags(
            flags,
            LIST_ACTIVE | LIST_PERSISTENT | LIST_AUTOSTART | LIST_TYPES,
            "esxConnectListAllStoragePools",
        )?;
        // an ESX pool is active, persistent and autostarted: the other flag of each pair matches
        // none
        for (group, yes) in [(LIST_ACTIVE, 2), (LIST_PERSISTENT, 4), (LIST_AUTOSTART, 16)] {
            if flags & group != 0 && flags & yes == 0 {
                return Ok(Vec::new());
            }
        }
        let types = flags & LIST_TYPES;
        Ok(self
            .all_pools()?
            .into_iter()
            .filter(|(_, kind)| {
                types == 0
                    || match kind {
                        Some("dir") => types & LIST_DIR != 0,
                        Some("fs") => types & LIST_FS != 0,
                        Some("netfs") => types & LIST_NETFS != 0,
                        Some("iscsi") => types & LIST_ISCSI != 0,
                        _ => false,
                    }
            })
            .map(|(p, _)| p)
            .collect())
    }

    /// `virStoragePoolLookupByName`.
    pub fn storage_pool_by_name(&self, name: &str) -> Result<Pool> {
        let (host, datastores) = self.storage_view(iscsi::HBA_PROPS, &["summary.name", "host"])?;
        for ds in &datastores {
            if vmfs::datastore_name(ds)? == name {
                return self.datastore_pool(ds);
            }
        }
        iscsi::static_targets(host.as_ref())
            .iter()
            .find(|t| t.iscsi_name == name)
            .map(|t| iscsi::target_pool(&t.iscsi_name))
            .ok_or_else(|| no_pool_named(name))
    }

    /// `virStoragePoolLookupByUUID`.
    pub fn storage_pool_by_uuid(&self, uuid: &[u8; 16]) -> Result<Pool> {
        let (host, datastores) = self.storage_view(iscsi::HBA_PROPS, &["summary.name", "host"])?;
        for ds in &datastores {
            let pool = self.datastore_pool(ds)?;
            if pool.uuid == *uuid {
                return Ok(pool);
            }
        }
        iscsi::static_targets(host.as_ref())
            .iter()
            .map(|t| iscsi::target_pool(&t.iscsi_name))
            .find(|p| p.uuid == *uuid)
            .ok_or_else(|| {
                esx(
                    NO_STORAGE_POOL,
                    format!(
                        "Could not find storage pool with uuid '{}'",
                        storagexml::format_uuid(uuid)
                    ),
                )
            })
    }

    /// `virStoragePoolLookupByVolume`.
    pub fn storage_pool_by_volume(&self, vol: &Volume) -> Result<Pool> {
        self.storage_pool_by_name(&vol.pool)
    }

    /// `virStoragePoolRefresh`: RefreshDatastore, or a rescan of the iSCSI adapter.
    pub fn storage_pool_refresh(&self, pool: &Pool, flags: u32) -> Result<()> {
        check_flags(flags, 0, "esxStoragePoolRefresh")?;
        match pool.backend {
            Backend::Vmfs => self.refresh_datastore(&pool.name),
            Backend::Iscsi => self.rescan_iscsi(),
        }
    }

    /// `virStoragePoolGetInfo`.
    pub fn storage_pool_info(&self, pool: &Pool) -> Result<PoolInfo> {
        match pool.backend {
            Backend::Vmfs => self.datastore_info(&pool.name),
            // libvirt: "these fields are not valid for iSCSI pool"
            Backend::Iscsi => Ok(PoolInfo {
                state: POOL_RUNNING,
                ..PoolInfo::default()
            }),
        }
    }

    /// `virStoragePoolGetXMLDesc`.
    pub fn storage_pool_xml(&self, pool: &Pool, flags: u32) -> Result<String> {
        check_flags(flags, 0, "esxStoragePoolGetXMLDesc")?;
        let def = match pool.backend {
            Backend::Vmfs => self.datastore_def(pool)?,
            Backend::Iscsi => self.target_def(pool)?,
        };
        Ok(storagexml::format_pool(&def))
    }

    /// `virStoragePoolSetAutostart`: pools always start; turning that off is refused.
    pub fn storage_pool_set_autostart(&self, autostart: bool) -> Result<()> {
        if !autostart {
            return Err(Error::internal("Cannot deactivate storage pool autostart"));
        }
        Ok(())
    }

    /// `virStoragePoolNumOfVolumes`.
    pub fn storage_pool_num_of_volumes(&self, pool: &Pool) -> Result<i32> {
        let n = match pool.backend {
            Backend::Vmfs => self.datastore_volume_names(&pool.name)?.len(),
            Backend::Iscsi => self.target_lun_count(&pool.name)?,
        };
        Ok(n as i32)
    }

    /// `virStoragePoolListVolumes`: at most `max` names.
    pub fn storage_pool_list_volumes(&self, pool: &Pool, max: usize) -> Result<Vec<String>> {
        let mut names = match pool.backend {
            Backend::Vmfs if max == 0 => Vec::new(),
            Backend::Vmfs => self.datastore_volume_names(&pool.name)?,
            Backend::Iscsi => self
                .target_luns(&pool.name)?
                .into_iter()
                .map(|l| l.name)
                .collect(),
        };
        names.truncate(max);
        Ok(names)
    }

    /// `virStoragePoolListAllVolumes` (libvirt's ESX driver has none): every volume, with its
    /// key.
    pub fn storage_pool_list_all_volumes(&self, pool: &Pool, flags: u32) -> Result<Vec<Volume>> {
        check_flags(flags, 0, "esxStoragePoolListAllVolumes")?;
        match pool.backend {
            Backend::Vmfs => self.datastore_volumes(&pool.name),
            Backend::Iscsi => self.target_luns(&pool.name),
        }
    }

    /// `virStorageVolLookupByName`.
    pub fn storage_vol_by_name(&self, pool: &Pool, name: &str) -> Result<Volume> {
        match pool.backend {
            Backend::Vmfs => self.datastore_volume(&pool.name, name),
            Backend::Iscsi => self.lun_by_name(pool, name),
        }
    }

    /// `virStorageVolLookupByPath`: `[datastore] dir/file`, or an iSCSI LUN's device path.
    pub fn storage_vol_by_path(&self, path: &str) -> Result<Volume> {
        if path.starts_with('[') {
            self.datastore_volume_by_path(path)
        } else if path.starts_with('/') {
            self.lun_by_path(path)
        } else {
            Err(esx(
                code::INVALID_ARG,
                format!("Unexpected volume path format: {path}"),
            ))
        }
    }

    /// `virStorageVolLookupByKey`: a disk UUID, a datastore path, a LUN key or device path.
    pub fn storage_vol_by_key(&self, key: &str) -> Result<Volume> {
        // every backend is asked; a failure in one is not the answer (libvirt reports only that
        // nothing was found). iSCSI first: its one call spares a scan of every disk's UUID for a
        // LUN's key, and no key can match in both.
        let found = if key.starts_with('[') {
            self.datastore_volume_by_path(key).ok()
        } else {
            self.lun_by_key(key)
                .ok()
                .flatten()
                .or_else(|| self.disk_by_uuid(key).ok().flatten())
        };
        found.ok_or_else(|| {
            esx(
                NO_STORAGE_VOL,
                format!("Could not find storage volume with key '{key}'"),
            )
        })
    }

    /// `virStorageVolCreateXML`.
    pub fn storage_vol_create_xml(&self, pool: &Pool, xml: &str, flags: u32) -> Result<Volume> {
        check_flags(flags, 0, "esxStorageVolCreateXML")?;
        match pool.backend {
            Backend::Vmfs => self.create_disk(&pool.name, xml, None),
            Backend::Iscsi => Err(esx(
                code::NO_SUPPORT,
                "iSCSI storage pool does not support volume creation",
            )),
        }
    }

    /// `virStorageVolCreateXMLFrom`: a copy of `source` (CopyVirtualDisk_Task).
    pub fn storage_vol_create_xml_from(
        &self,
        pool: &Pool,
        xml: &str,
        source: &Volume,
        flags: u32,
    ) -> Result<Volume> {
        check_flags(flags, 0, "esxStorageVolCreateXMLFrom")?;
        match pool.backend {
            Backend::Vmfs => self.create_disk(
                &pool.name,
                xml,
                Some(&format!("[{}] {}", source.pool, source.name)),
            ),
            Backend::Iscsi => Err(esx(
                code::NO_SUPPORT,
                "iSCSI storage pool does not support volume creation",
            )),
        }
    }

    /// `virStorageVolDelete` (DeleteVirtualDisk_Task).
    pub fn storage_vol_delete(&self, vol: &Volume, flags: u32) -> Result<()> {
        check_flags(flags, 0, "esxStorageVolDelete")?;
        match vol.backend {
            Backend::Vmfs => {
                let s = &self.primary;
                let task = s
                    .client
                    .delete_virtual_disk_task(&vol.path(), Some(&s.datacenter))?;
                self.disk_task(&task, "Could not delete volume")
            }
            Backend::Iscsi => Err(esx(
                code::NO_SUPPORT,
                "iSCSI storage pool does not support volume deletion",
            )),
        }
    }

    /// `virStorageVolWipe` (ZeroFillVirtualDisk_Task).
    pub fn storage_vol_wipe(&self, vol: &Volume, flags: u32) -> Result<()> {
        check_flags(flags, 0, "esxStorageVolWipe")?;
        match vol.backend {
            Backend::Vmfs => {
                let s = &self.primary;
                let task = s
                    .client
                    .zero_fill_virtual_disk_task(&vol.path(), Some(&s.datacenter))?;
                self.disk_task(&task, "Could not wipe volume")
            }
            Backend::Iscsi => Err(esx(
                code::NO_SUPPORT,
                "iSCSI storage pool does not support volume wiping",
            )),
        }
    }

    /// Waits for a virtual disk task; a failure is `<what>: <task error>`, as libvirt words it.
    fn disk_task(&self, task: &MoRef, what: &str) -> Result<()> {
        let info = self.wait(task)?;
        if info.state != TaskInfoState::Success {
            return Err(Error::internal(format!("{what}: {}", info.error_message())));
        }
        Ok(())
    }

    /// `virStorageVolGetInfo`.
    pub fn storage_vol_info(&self, vol: &Volume) -> Result<VolInfo> {
        match vol.backend {
            Backend::Vmfs => self.datastore_file_info(vol),
            Backend::Iscsi => self.lun_info(vol),
        }
    }

    /// `virStorageVolGetInfoFlags` (libvirt's ESX driver has none): with
    /// `VIR_STORAGE_VOL_GET_PHYSICAL` the allocation is the size on disk, which on a datastore
    /// is what the browser reports already, and on a LUN its capacity.
    pub fn storage_vol_info_flags(&self, vol: &Volume, flags: u32) -> Result<VolInfo> {
        check_flags(flags, VOL_GET_PHYSICAL, "esxStorageVolGetInfoFlags")?;
        self.storage_vol_info(vol)
    }

    /// `virStorageVolGetXMLDesc`.
    pub fn storage_vol_xml(&self, vol: &Volume, flags: u32) -> Result<String> {
        check_flags(flags, 0, "esxStorageVolGetXMLDesc")?;
        let def = match vol.backend {
            Backend::Vmfs => self.datastore_file_def(vol)?,
            Backend::Iscsi => self.lun_def(vol)?,
        };
        Ok(storagexml::format_volume(&def))
    }

    /// `virStorageVolResize` (libvirt's ESX driver has none): a disk grows through
    /// ExtendVirtualDisk_Task (`ALLOCATE` zeroes the new space eagerly); VMware cannot shrink a
    /// disk.
    pub fn storage_vol_resize(&self, vol: &Volume, capacity: u64, flags: u32) -> Result<()> {
        check_flags(
            flags,
            RESIZE_ALLOCATE | RESIZE_DELTA | RESIZE_SHRINK,
            "esxStorageVolResize",
        )?;
        if vol.backend == Backend::Iscsi {
            return Err(esx(
                code::NO_SUPPORT,
                "iSCSI storage pool does not support volume resizing",
            ));
        }
        self.resize_disk(vol, capacity, flags)
    }
}
