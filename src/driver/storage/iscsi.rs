//! The iSCSI backend (`esx_storage_backend_iscsi.c`): the static targets of the host's iSCSI
//! adapter as pools, their LUNs as read-only block volumes. The host's adapters, LUNs and SCSI
//! topology are one property-collector call.

use super::{esx, Backend, Pool, VolInfo, Volume, NO_STORAGE_POOL, NO_STORAGE_VOL};
use crate::driver::Connection;
use crate::error::{Error, Result};
use crate::md5::md5;
use crate::storagexml::{format_uuid, PoolDef, PoolSource, VolDef, VolType};
use crate::vsphere::storage::{IscsiHba, IscsiStaticTarget, IscsiTopologyTarget, ScsiLun};
use crate::vsphere::{MoRef, ObjectContent};

const HBAS: &str = "config.storageDevice.hostBusAdapter";
const LUNS: &str = "config.storageDevice.scsiLun";
const TOPOLOGY: &str = "config.storageDevice.scsiTopology.adapter";
const STORAGE_SYSTEM: &str = "configManager.storageSystem";

/// The host property that lists the iSCSI targets.
pub(super) const HBA_PROPS: &[&str] = &[HBAS];

/// The static targets of the host's (first) iSCSI adapter, none without one.
pub(super) fn static_targets(host: Option<&ObjectContent>) -> Vec<IscsiStaticTarget> {
    host.and_then(|h| h.get(HBAS))
        .and_then(IscsiHba::first)
        .map(|h| h.static_targets)
        .unwrap_or_default()
}

/// The pool of the target `iqn`: its UUID is the MD5 of the IQN.
pub(super) fn target_pool(iqn: &str) -> Pool {
    Pool {
        name: iqn.to_string(),
        uuid: md5(iqn.as_bytes()),
        backend: Backend::Iscsi,
    }
}

/// A LUN's volume key: the MD5 of its UUID, in UUID form.
fn lun_key(lun: &ScsiLun) -> String {
    format_uuid(&md5(lun.uuid.as_bytes()))
}

/// The host's LUNs and iSCSI topology.
struct Devices {
    luns: Vec<ScsiLun>,
    targets: Vec<IscsiTopologyTarget>,
}

impl Devices {
    /// The target holding the LUN with key `key`.
    fn pool_of(&self, key: &str) -> Option<&str> {
        self.targets
            .iter()
            .find(|t| t.luns.iter().any(|l| l == key))
            .map(|t| t.iscsi_name.as_str())
    }
}

/// The disk LUN whose device name is `name`.
fn disk_named<'a>(luns: &'a [ScsiLun], name: &str) -> Option<&'a ScsiLun> {
    luns.iter().find(|l| l.is_disk() && l.device_name == name)
}

fn no_lun(what: &str, name: &str) -> Error {
    esx(
        NO_STORAGE_VOL,
        format!("no storage vol with matching {what} '{name}'"),
    )
}

impl Connection {
    /// Properties of the connection's host.
    fn host_storage(&self, props: &[&str]) -> Result<ObjectContent> {
        let s = &self.primary;
        Ok(s.client.retrieve_object(&s.host, props)?)
    }

    /// The host's LUNs.
    fn luns(&self) -> Result<Vec<ScsiLun>> {
        let host = self.host_storage(&[LUNS])?;
        Ok(host.get(LUNS).map(ScsiLun::list).unwrap_or_default())
    }

    fn devices(&self) -> Result<Devices> {
        let host = self.host_storage(&[LUNS, TOPOLOGY])?;
        Ok(Devices {
            luns: host.get(LUNS).map(ScsiLun::list).unwrap_or_default(),
            targets: host
                .get(TOPOLOGY)
                .map(IscsiTopologyTarget::list)
                .unwrap_or_default(),
        })
    }

    /// RescanHba on the iSCSI adapter (ESX rescans all its targets at once).
    pub(super) fn rescan_iscsi(&self) -> Result<()> {
        let host = self.host_storage(&[HBAS, STORAGE_SYSTEM])?;
        let hba = host
            .get(HBAS)
            .and_then(IscsiHba::first)
            .ok_or_else(|| Error::internal("Unable to obtain iSCSI adapter"))?;
        let storage_system: MoRef = host
            .get_moref(STORAGE_SYSTEM)
            .ok_or_else(|| Error::internal("Missing 'configManager.storageSystem' property"))?;
        self.primary
            .client
            .rescan_hba(&storage_system, &hba.device)?;
        Ok(())
    }

    /// An iSCSI pool's definition: the target's address and port, and (as libvirt writes it)
    /// its IQN as the initiator's.
    pub(super) fn target_def(&self, pool: &Pool) -> Result<PoolDef> {
        let host = self.host_storage(HBA_PROPS)?;
        let target = static_targets(Some(&host))
            .into_iter()
            .find(|t| t.iscsi_name == pool.name)
            .ok_or_else(|| {
                esx(
                    NO_STORAGE_POOL,
                    format!("Could not find storage pool with name '{}'", pool.name),
                )
            })?;
        Ok(PoolDef {
            name: pool.name.clone(),
            uuid: pool.uuid,
            capacity: 0,
            allocation: 0,
            available: 0,
            source: PoolSource::Iscsi {
                host: target.address,
                port: target.port,
                iqn: target.iscsi_name,
            },
            target_path: None,
        })
    }

    /// How many LUNs the target `iqn` has (none when the host sees no such target).
    pub(super) fn target_lun_count(&self, iqn: &str) -> Result<usize> {
        let host = self.host_storage(&[TOPOLOGY])?;
        Ok(host
            .get(TOPOLOGY)
            .map(IscsiTopologyTarget::list)
            .unwrap_or_default()
            .iter()
            .find(|t| t.iscsi_name == iqn)
            .map_or(0, |t| t.luns.len()))
    }

    /// The LUNs of target `iqn` as volumes, in the host's LUN order.
    pub(super) fn target_luns(&self, iqn: &str) -> Result<Vec<Volume>> {
        let d = self.devices()?;
        let Some(target) = d.targets.iter().find(|t| t.iscsi_name == iqn) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for lun in &d.luns {
            for key in &target.luns {
                if *key == lun.key {
                    out.push(Volume {
                        pool: iqn.to_string(),
                        name: lun.device_name.clone(),
                        key: lun_key(lun),
                        backend: Backend::Iscsi,
                    });
                }
            }
        }
        Ok(out)
    }

    /// The LUN whose device name is `name` (any of the host's, as libvirt looks it up).
    pub(super) fn lun_by_name(&self, pool: &Pool, name: &str) -> Result<Volume> {
        let luns = self.luns()?;
        let lun = luns
            .iter()
            .find(|l| l.device_name == name)
            .ok_or_else(|| no_lun("name", name))?;
        Ok(Volume {
            pool: pool.name.clone(),
            name: name.to_string(),
            key: lun_key(lun),
            backend: Backend::Iscsi,
        })
    }

    /// The disk LUN at device path `path`, in the iSCSI target that holds it.
    pub(super) fn lun_by_path(&self, path: &str) -> Result<Volume> {
        let d = self.devices()?;
        let found = d
            .luns
            .iter()
            .filter(|l| l.device_path.as_deref() == Some(path))
            .find_map(|l| d.pool_of(&l.key).map(|p| (l, p)));
        let (lun, pool) = found.ok_or_else(|| no_lun("path", path))?;
        Ok(Volume {
            pool: pool.to_string(),
            name: path.to_string(),
            key: lun_key(lun),
            backend: Backend::Iscsi,
        })
    }

    /// The LUN whose key (or device path) is `key`, if an iSCSI target holds it.
    pub(super) fn lun_by_key(&self, key: &str) -> Result<Option<Volume>> {
        if key.starts_with('/') {
            return self.lun_by_path(key).map(Some);
        }
        let d = self.devices()?;
        Ok(d.luns.iter().find(|l| lun_key(l) == key).and_then(|lun| {
            d.pool_of(&lun.key).map(|pool| Volume {
                pool: pool.to_string(),
                name: lun.device_name.clone(),
                key: key.to_string(),
                backend: Backend::Iscsi,
            })
        }))
    }

    /// A LUN's size: a block volume fully allocated.
    pub(super) fn lun_info(&self, vol: &Volume) -> Result<VolInfo> {
        let luns = self.luns()?;
        let lun = disk_named(&luns, &vol.name).ok_or_else(|| {
            esx(
                NO_STORAGE_VOL,
                format!("Could not find volume with name: {}", vol.name),
            )
        })?;
        let capacity = lun.capacity.unwrap_or(0);
        Ok(VolInfo {
            vol_type: VolType::Block as i32,
            capacity,
            allocation: capacity,
        })
    }

    /// A LUN's volume definition.
    pub(super) fn lun_def(&self, vol: &Volume) -> Result<VolDef> {
        let luns = self.luns()?;
        // libvirt's wording, "Could find", kept as it is
        let lun = disk_named(&luns, &vol.name).ok_or_else(|| {
            esx(
                NO_STORAGE_VOL,
                format!("Could find volume with name: {}", vol.name),
            )
        })?;
        let capacity = lun.capacity.unwrap_or(0);
        Ok(VolDef {
            vol_type: VolType::Block,
            name: vol.name.clone(),
            key: lun_key(lun),
            capacity,
            allocation: capacity,
            target_path: lun.device_path.clone().unwrap_or_default(),
            format: None,
        })
    }
}
