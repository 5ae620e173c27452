//! The vSphere storage types the storage driver reads: datastore host mounts, datastore browser
//! results, and a host's iSCSI adapters, SCSI LUNs and SCSI topology. Each is stated once here,
//! read from a reply element with [`FromNode`].
//!
//! Array items may come without a type attribute (vcsim writes `ArrayOf...` items untyped), so
//! a subtype is told by its fields where its type name is missing.

use super::error::ViResult;
use super::types::FromNode;
use super::xml::Node;

fn text(node: &Node, field: &str) -> Option<String> {
    node.child(field).map(|c| c.text.clone())
}

fn int(node: &Node, field: &str) -> Option<i64> {
    node.child(field).and_then(Node::as_i64)
}

/// `DatastoreHostMount`: a host's mount of a datastore.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatastoreHostMount {
    /// The host's managed-object id.
    pub host: String,
    /// `mountInfo.path` (`/vmfs/volumes/<uuid>`), when the server gives it.
    pub path: Option<String>,
}

impl DatastoreHostMount {
    /// The mounts in a datastore's `host` property.
    pub fn list(host_property: &Node) -> Vec<DatastoreHostMount> {
        host_property
            .children
            .iter()
            .map(|m| DatastoreHostMount {
                host: m
                    .child("key")
                    .map(|k| k.as_str().to_string())
                    .unwrap_or_default(),
                path: m
                    .path(&["mountInfo", "path"])
                    .map(|p| p.text.clone())
                    .filter(|p| !p.is_empty()),
            })
            .collect()
    }
}

/// What kind of file a datastore browser found (the `FileInfo` subtype).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    VmDisk,
    IsoImage,
    FloppyImage,
    Folder,
    Other,
}

/// `FileInfo` and its subtypes, as far as the storage driver reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    pub kind: FileKind,
    /// The file's name in its folder.
    pub path: String,
    pub file_size: Option<i64>,
    /// `VmDiskFileInfo.capacityKb`.
    pub capacity_kb: Option<i64>,
}

impl FromNode for FileInfo {
    fn from_node(n: &Node) -> ViResult<FileInfo> {
        let kind = match n.type_name() {
            "VmDiskFileInfo" => FileKind::VmDisk,
            "IsoImageFileInfo" => FileKind::IsoImage,
            "FloppyImageFileInfo" => FileKind::FloppyImage,
            "FolderFileInfo" => FileKind::Folder,
            _ => FileKind::Other,
        };
        Ok(FileInfo {
            kind,
            path: text(n, "path").unwrap_or_default(),
            file_size: int(n, "fileSize"),
            capacity_kb: int(n, "capacityKb"),
        })
    }
}

/// `HostDatastoreBrowserSearchResults`: the files found in one folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchResults {
    /// `[datastore] dir/` as the server writes it.
    pub folder_path: String,
    pub files: Vec<FileInfo>,
}

impl FromNode for SearchResults {
    fn from_node(n: &Node) -> ViResult<SearchResults> {
        Ok(SearchResults {
            folder_path: text(n, "folderPath").unwrap_or_default(),
            files: n
                .children_named("file")
                .map(FileInfo::from_node)
                .collect::<ViResult<_>>()?,
        })
    }
}

/// `HostInternetScsiHbaStaticTarget`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IscsiStaticTarget {
    pub address: String,
    pub port: Option<i64>,
    /// The target's IQN.
    pub iscsi_name: String,
}

/// `HostInternetScsiHba`: an iSCSI adapter and its static targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IscsiHba {
    /// `vmhba65`...
    pub device: String,
    pub static_targets: Vec<IscsiStaticTarget>,
}

impl IscsiHba {
    /// The first iSCSI adapter in a host's `config.storageDevice.hostBusAdapter` (libvirt's
    /// `esxVI_LookupHostInternetScsiHba`).
    pub fn first(adapters: &Node) -> Option<IscsiHba> {
        adapters
            .children
            .iter()
            .find(|a| a.type_name() == "HostInternetScsiHba" || a.child("iScsiName").is_some())
            .map(|a| IscsiHba {
                device: text(a, "device").unwrap_or_default(),
                static_targets: a
                    .children_named("configuredStaticTarget")
                    .map(|t| IscsiStaticTarget {
                        address: text(t, "address").unwrap_or_default(),
                        port: int(t, "port"),
                        iscsi_name: text(t, "iScsiName").unwrap_or_default(),
                    })
                    .collect(),
            })
    }
}

/// `ScsiLun` and `HostScsiDisk`, as far as the storage driver reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScsiLun {
    pub key: String,
    pub uuid: String,
    /// `/vmfs/devices/disks/naa...`
    pub device_name: String,
    /// Set for a `HostScsiDisk`: its device path.
    pub device_path: Option<String>,
    /// A `HostScsiDisk`'s size in bytes (blocks times block size).
    pub capacity: Option<u64>,
}

impl ScsiLun {
    /// The LUNs in a host's `config.storageDevice.scsiLun`.
    pub fn list(luns: &Node) -> Vec<ScsiLun> {
        luns.children
            .iter()
            .map(|l| {
                let disk = l.type_name() == "HostScsiDisk" || l.child("devicePath").is_some();
                let capacity = l.child("capacity").and_then(|c| {
                    let blocks = u64::try_from(int(c, "block")?).ok()?;
                    let size = u64::try_from(int(c, "blockSize")?).ok()?;
                    blocks.checked_mul(size)
                });
                ScsiLun {
                    key: text(l, "key").unwrap_or_default(),
                    uuid: text(l, "uuid").unwrap_or_default(),
                    device_name: text(l, "deviceName").unwrap_or_default(),
                    device_path: if disk { text(l, "devicePath") } else { None },
                    capacity: if disk { capacity } else { None },
                }
            })
            .collect()
    }

    /// Whether this LUN is a disk (`HostScsiDisk`).
    pub fn is_disk(&self) -> bool {
        self.device_path.is_some()
    }
}

/// One iSCSI target of a host's SCSI topology: its IQN and its LUNs' `ScsiLun` keys, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IscsiTopologyTarget {
    pub iscsi_name: String,
    pub luns: Vec<String>,
}

impl IscsiTopologyTarget {
    /// The iSCSI targets in a host's `config.storageDevice.scsiTopology.adapter`, adapter by
    /// adapter.
    pub fn list(adapters: &Node) -> Vec<IscsiTopologyTarget> {
        let mut out = Vec::new();
        for interface in &adapters.children {
            for target in interface.children_named("target") {
                let Some(t) = target.child("transport") else {
                    continue;
                };
                if t.type_name() != "HostInternetScsiTargetTransport"
                    && t.child("iScsiName").is_none()
                {
                    continue;
                }
                out.push(IscsiTopologyTarget {
                    iscsi_name: text(t, "iScsiName").unwrap_or_default(),
                    luns: target
                        .children_named("lun")
                        .map(|l| text(l, "scsiLun").unwrap_or_default())
                        .collect(),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vsphere::xml;

    #[test]
    fn iscsi_adapter_luns_and_topology_untyped_items() {
        // vcsim's form: array items without their own type attribute
        let hbas = xml::parse(
            r#"<val><HostHostBusAdapter><device>vmhba0</device></HostHostBusAdapter><HostHostBusAdapter><device>vmhba65</device><iScsiName>iqn.i</iScsiName><configuredStaticTarget><address>10.0.0.1</address><port>3260</port><iScsiName>iqn.t</iScsiName></configuredStaticTarget></HostHostBusAdapter></val>"#,
        )
        .unwrap();
        let hba = IscsiHba::first(&hbas).unwrap();
        assert_eq!(hba.device, "vmhba65");
        assert_eq!(
            hba.static_targets,
            vec![IscsiStaticTarget {
                address: "10.0.0.1".into(),
                port: Some(3260),
                iscsi_name: "iqn.t".into()
            }]
        );
        let luns = xml::parse(
            r#"<val><ScsiLun><key>k0</key><uuid>u0</uuid><deviceName>/c</deviceName></ScsiLun><ScsiLun><key>k1</key><uuid>u1</uuid><deviceName>/d</deviceName><capacity><blockSize>512</blockSize><block>4</block></capacity><devicePath>/d</devicePath></ScsiLun></val>"#,
        )
        .unwrap();
        let l = ScsiLun::list(&luns);
        assert!(!l[0].is_disk());
        assert_eq!((l[1].is_disk(), l[1].capacity), (true, Some(2048)));
        let topo = xml::parse(
            r#"<val xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><HostScsiTopologyInterface><target><lun><scsiLun>k0</scsiLun></lun><transport xsi:type="HostParallelScsiTargetTransport"/></target></HostScsiTopologyInterface><HostScsiTopologyInterface><target><lun><scsiLun>k1</scsiLun></lun><lun><scsiLun>k2</scsiLun></lun><transport xsi:type="HostInternetScsiTargetTransport"><iScsiName>iqn.t</iScsiName></transport></target></HostScsiTopologyInterface></val>"#,
        )
        .unwrap();
        assert_eq!(
            IscsiTopologyTarget::list(&topo),
            vec![IscsiTopologyTarget {
                iscsi_name: "iqn.t".into(),
                luns: vec!["k1".into(), "k2".into()]
            }]
        );
    }

    #[test]
    fn search_results_and_mounts() {
        let r = xml::parse(
            r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><folderPath>[ds] vm/</folderPath><file xsi:type="VmDiskFileInfo"><path>a.vmdk</path><fileSize>347</fileSize><capacityKb>1024</capacityKb></file><file xsi:type="IsoImageFileInfo"><path>b.iso</path><fileSize>9</fileSize></file></r>"#,
        )
        .unwrap();
        let s = SearchResults::from_node(&r).unwrap();
        assert_eq!(s.folder_path, "[ds] vm/");
        assert_eq!(s.files[0].kind, FileKind::VmDisk);
        assert_eq!(s.files[0].capacity_kb, Some(1024));
        assert_eq!(
            (s.files[1].kind, s.files[1].file_size),
            (FileKind::IsoImage, Some(9))
        );
        let m = xml::parse(
            r#"<val><DatastoreHostMount><key type="HostSystem">ha-host</key><mountInfo><path>/vmfs/volumes/x</path></mountInfo></DatastoreHostMount><DatastoreHostMount><key type="HostSystem">h2</key><mountInfo><accessMode>readWrite</accessMode></mountInfo></DatastoreHostMount></val>"#,
        )
        .unwrap();
        assert_eq!(
            DatastoreHostMount::list(&m),
            vec![
                DatastoreHostMount {
                    host: "ha-host".into(),
                    path: Some("/vmfs/volumes/x".into())
                },
                DatastoreHostMount {
                    host: "h2".into(),
                    path: None
                }
            ]
        );
    }
}
