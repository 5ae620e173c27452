//! The datastore backend (`esx_storage_backend_vmfs.c`): datastores as pools, the virtual disks,
//! ISO and floppy images in them as volumes, found with the datastore browser.

use super::{esx, Backend, Pool, PoolInfo, VolInfo, Volume, NO_STORAGE_VOL, POOL_INACCESSIBLE};
use super::{POOL_RUNNING, RESIZE_ALLOCATE, RESIZE_DELTA, RESIZE_SHRINK};
use crate::driver::domain::parse_uuid;
use crate::driver::native::parse_datastore_path;
use crate::driver::Connection;
use crate::error::{code, Error, Result};
use crate::md5::md5;
use crate::storagexml::{self, PoolDef, PoolSource, VolDef, VolType};
use crate::vmx::conf::escape_hex;
use crate::vsphere::storage::{DatastoreHostMount, FileInfo, FileKind, SearchResults};
use crate::vsphere::{FromNode, Node, Obj, ObjectContent, TaskInfo, TaskInfoState, Val};

/// The datastore's `summary.name`.
pub(super) fn datastore_name(o: &ObjectContent) -> Result<String> {
    o.get("summary.name")
        .map(|n| n.text.clone())
        .ok_or_else(|| Error::internal("Missing 'summary.name' property"))
}

/// What a datastore's `info` makes of its pool (`datastorePoolType` and the source
/// `esxStoragePoolGetXMLDesc` writes). NFS 4.1 datastores, which libvirt 9.0 refuses, are
/// `netfs` pools of format `nfs` with protocol version 4.1.
pub(super) fn pool_source(o: &ObjectContent) -> Result<PoolSource> {
    let info = o.get("info");
    match info.map(Node::type_name) {
        Some("LocalDatastoreInfo") => Ok(PoolSource::Dir),
        Some("VmfsDatastoreInfo") => Ok(PoolSource::Fs),
        Some("NasDatastoreInfo") => {
            let nas = info.and_then(|i| i.child("nas"));
            let field = |f: &str| {
                nas.and_then(|n| n.child(f))
                    .map(|c| c.text.clone())
                    .unwrap_or_default()
            };
            let kind = field("type");
            let (format, protocol_ver) = if kind.eq_ignore_ascii_case("NFS") {
                ("nfs", None)
            } else if kind.eq_ignore_ascii_case("NFS41") {
                ("nfs", Some("4.1".to_string()))
            } else if kind.eq_ignore_ascii_case("CIFS") {
                ("cifs", None)
            } else {
                return Err(Error::internal(format!(
                    "Datastore has unexpected type '{kind}'"
                )));
            };
            Ok(PoolSource::Netfs {
                host: field("remoteHost"),
                dir: field("remotePath"),
                format,
                protocol_ver,
            })
        }
        _ => Err(Error::internal("DatastoreInfo has unexpected type")),
    }
}

/// `esxUtil_EscapeDatastoreItem`: characters Windows refuses become `_`, `%` is hex-escaped,
/// and runs of other characters outside `A-Za-z0-9'(),. _-` are written as `+<base64>-` (with
/// VMware's `,` for `/` in the alphabet).
pub(crate) fn escape_datastore_item(s: &str) -> String {
    const NORMAL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'(),. _-";
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
    let replaced: String = s
        .chars()
        .map(|c| if "\"*<>:|?".contains(c) { '_' } else { c })
        .collect();
    let bytes = escape_hex(&replaced, b'%', b"%").into_bytes();
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if NORMAL.contains(&bytes[i]) {
            out.push(bytes[i] as char);
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !NORMAL.contains(&bytes[i]) {
            i += 1;
        }
        out.push('+');
        for chunk in bytes[start..i].chunks(3) {
            let c1 = chunk[0];
            let c2 = chunk.get(1).copied().unwrap_or(0);
            let c3 = chunk.get(2).copied().unwrap_or(0);
            out.push(B64[usize::from(c1 >> 2)] as char);
            out.push(B64[usize::from(((c1 << 4) | (c2 >> 4)) & 0x3f)] as char);
            if chunk.len() > 1 {
                out.push(B64[usize::from(((c2 << 2) | (c3 >> 6)) & 0x3f)] as char);
            }
            if chunk.len() > 2 {
                out.push(B64[usize::from(c3 & 0x3f)] as char);
            }
        }
        if i < bytes.len() {
            out.push('-');
        }
    }
    out
}

/// A file's datastore path split as the datastore browser needs it.
#[derive(Debug)]
struct FilePath {
    datastore: String,
    /// `[ds]` or `[ds] dir`
    folder: String,
    file: String,
}

/// `esxVI_LookupFileInfoByDatastorePath`'s split of `[ds] dir/file`.
fn split_file_path(path: &str) -> Result<FilePath> {
    let (datastore, dir, dir_and_file) = parse_datastore_path(path)?;
    if dir == dir_and_file {
        // no '/': the whole path is the file's name
        return Ok(FilePath {
            folder: format!("[{datastore}]"),
            datastore,
            file: dir_and_file,
        });
    }
    match dir_and_file[dir.len()..].strip_prefix('/') {
        Some(file) if !file.is_empty() => Ok(FilePath {
            folder: format!("[{datastore}] {dir}"),
            file: file.to_string(),
            datastore,
        }),
        _ => Err(Error::internal(format!(
            "Datastore path '{path}' doesn't reference a file"
        ))),
    }
}

/// The search spec libvirt sends: disks (with capacity and controller), ISO and floppy images,
/// or folders; type and size of each; `pattern` if given.
fn search_spec(folders: bool, pattern: Option<&str>) -> Val {
    let queries = if folders {
        vec![Val::Obj(Obj::new("FolderFileQuery"))]
    } else {
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
        ]
    };
    Obj::new("HostDatastoreBrowserSearchSpec")
        .field("query", queries)
        .field(
            "details",
            Obj::new("FileQueryFlags")
                .field("fileType", true)
                .field("fileSize", true)
                .field("modification", false),
        )
        .opt("matchPattern", pattern)
        .into()
}

/// libvirt's `esxUtil_ReformatUuid`: a disk UUID as VMware writes it (`60 00 c2 ...`) in
/// libvirt's form.
fn reformat_uuid(text: &str) -> Result<String> {
    parse_uuid(text)
        .map(|u| storagexml::format_uuid(&u))
        .ok_or_else(|| Error::internal(format!("Could not parse UUID from string '{text}'")))
}

/// A file's size as the browser reported it (absent: 0).
fn size(f: &FileInfo) -> u64 {
    f.file_size.and_then(|s| u64::try_from(s).ok()).unwrap_or(0)
}

/// A disk's capacity in bytes (capacityKb; its size when the server gave none).
fn disk_capacity(f: &FileInfo) -> u64 {
    match f.capacity_kb.and_then(|k| u64::try_from(k).ok()) {
        Some(kb) => kb.saturating_mul(1024),
        None => size(f),
    }
}

fn no_volume(path: &str) -> Error {
    esx(
        NO_STORAGE_VOL,
        format!("No storage volume with key or path '{path}'"),
    )
}

impl Connection {
    /// The datastore called `name` with properties `props`, as libvirt's
    /// `esxVI_LookupDatastoreByName` with a required item.
    fn find_datastore(&self, name: &str, props: &[&str]) -> Result<ObjectContent> {
        let mut all = vec!["summary.name"];
        all.extend_from_slice(props);
        let (_, datastores) = self.storage_view(&[], &all)?;
        for ds in datastores {
            if datastore_name(&ds)? == name {
                return Ok(ds);
            }
        }
        Err(Error::internal(format!(
            "Could not find datastore with name '{name}'"
        )))
    }

    /// The mount path of a datastore on the connection's host. A server that leaves it out
    /// (vcsim) gets ESX's name-based path, `/vmfs/volumes/<name>`.
    fn mount_path(&self, ds: &ObjectContent, name: &str) -> String {
        ds.get("host")
            .map(DatastoreHostMount::list)
            .unwrap_or_default()
            .into_iter()
            .find(|m| m.host == self.primary.host.value)
            .and_then(|m| m.path)
            .unwrap_or_else(|| format!("/vmfs/volumes/{name}"))
    }

    /// The pool of a datastore read with `summary.name` and `host`.
    pub(super) fn datastore_pool(&self, ds: &ObjectContent) -> Result<Pool> {
        let name = datastore_name(ds)?;
        let uuid = md5(self.mount_path(ds, &name).as_bytes());
        Ok(Pool {
            name,
            uuid,
            backend: Backend::Vmfs,
        })
    }

    /// RefreshDatastore on the datastore called `name`.
    pub(super) fn refresh_datastore(&self, name: &str) -> Result<()> {
        let ds = self.find_datastore(name, &[])?;
        self.primary.client.refresh_datastore(&ds.obj)?;
        Ok(())
    }

    /// A datastore's state, capacity and free space.
    pub(super) fn datastore_info(&self, name: &str) -> Result<PoolInfo> {
        let ds = self.find_datastore(
            name,
            &[
                "summary.accessible",
                "summary.capacity",
                "summary.freeSpace",
            ],
        )?;
        let (accessible, capacity, available) = space(&ds)?;
        if !accessible {
            return Ok(PoolInfo {
                state: POOL_INACCESSIBLE,
                ..PoolInfo::default()
            });
        }
        Ok(PoolInfo {
            state: POOL_RUNNING,
            capacity,
            allocation: capacity.saturating_sub(available),
            available,
        })
    }

    /// A datastore pool's definition.
    pub(super) fn datastore_def(&self, pool: &Pool) -> Result<PoolDef> {
        let ds = self.find_datastore(
            &pool.name,
            &[
                "summary.accessible",
                "summary.capacity",
                "summary.freeSpace",
                "info",
                "host",
            ],
        )?;
        let (accessible, capacity, available) = space(&ds)?;
        let (capacity, available) = if accessible {
            (capacity, available)
        } else {
            (0, 0)
        };
        Ok(PoolDef {
            name: pool.name.clone(),
            uuid: pool.uuid,
            capacity,
            allocation: capacity.saturating_sub(available),
            available,
            source: pool_source(&ds)?,
            target_path: Some(self.mount_path(&ds, &pool.name)),
        })
    }

    /// Runs a datastore browser search task to its end.
    fn search_task(
        &self,
        ds: &ObjectContent,
        method: &str,
        folder: &str,
        spec: Val,
    ) -> Result<TaskInfo> {
        let browser = ds
            .get_moref("browser")
            .ok_or_else(|| Error::internal("Missing 'browser' property"))?;
        Ok(self.primary.client.run_task(
            method,
            &browser,
            &[("datastorePath", Val::from(folder)), ("searchSpec", spec)],
        )?)
    }

    /// Runs a datastore browser search task; libvirt's message when it fails.
    fn search(
        &self,
        ds: &ObjectContent,
        name: &str,
        method: &str,
        folder: &str,
        spec: Val,
    ) -> Result<Option<Node>> {
        let info = self.search_task(ds, method, folder, spec)?;
        if info.state != TaskInfoState::Success {
            return Err(Error::internal(format!(
                "Could not search in datastore '{name}': {}",
                info.error_message()
            )));
        }
        Ok(info.result)
    }

    /// The first file the browser finds at `fp` in `ds`.
    fn search_file(&self, ds: &ObjectContent, fp: &FilePath) -> Result<Option<FileInfo>> {
        let result = self.search(
            ds,
            &fp.datastore,
            "SearchDatastore_Task",
            &fp.folder,
            search_spec(false, Some(&fp.file)),
        )?;
        Ok(match result {
            Some(r) => SearchResults::from_node(&r)?.files.into_iter().next(),
            None => None,
        })
    }

    /// Whether folder `fp` exists (a missing parent folder, which the browser reports as
    /// FileNotFound, means no).
    fn folder_exists(&self, ds: &ObjectContent, fp: &FilePath) -> Result<bool> {
        let info = self.search_task(
            ds,
            "SearchDatastore_Task",
            &fp.folder,
            search_spec(true, Some(&fp.file)),
        )?;
        match info.state {
            TaskInfoState::Success => Ok(info
                .result
                .map(|r| SearchResults::from_node(&r))
                .transpose()?
                .is_some_and(|r| !r.files.is_empty())),
            _ if info
                .error
                .as_ref()
                .is_some_and(|e| e.fault_type == "FileNotFound") =>
            {
                Ok(false)
            }
            _ => Err(Error::internal(format!(
                "Could not search in datastore '{}': {}",
                fp.datastore,
                info.error_message()
            ))),
        }
    }

    /// A file's datastore and browser entry (`esxVI_LookupFileInfoByDatastorePath` with a
    /// required item); the datastore is read with `props` too.
    fn lookup_file(&self, path: &str, props: &[&str]) -> Result<(ObjectContent, FileInfo)> {
        let fp = split_file_path(path)?;
        let mut all = vec!["browser"];
        all.extend_from_slice(props);
        let ds = self.find_datastore(&fp.datastore, &all)?;
        let file = self.search_file(&ds, &fp)?;
        file.map(|f| (ds, f)).ok_or_else(|| no_volume(path))
    }

    /// A volume's key: a disk's UUID on an ESX host, else the datastore path.
    fn key_of(&self, path: &str, file: &FileInfo) -> Result<String> {
        if file.kind == FileKind::VmDisk && self.has_disk_uuid() {
            let s = &self.primary;
            let uuid = s
                .client
                .query_virtual_disk_uuid(path, Some(&s.datacenter))?;
            return reformat_uuid(&uuid);
        }
        Ok(path.to_string())
    }

    /// Every file the browser lists in a datastore, as (volume name, file).
    fn datastore_files(&self, ds: &ObjectContent, name: &str) -> Result<Vec<(String, FileInfo)>> {
        let result = self.search(
            ds,
            name,
            "SearchDatastoreSubFolders_Task",
            &format!("[{name}]"),
            search_spec(false, None),
        )?;
        let mut out = Vec::new();
        for folder in result.iter().flat_map(|r| r.children.iter()) {
            let results = SearchResults::from_node(folder)?;
            let (_, _, dir) = parse_datastore_path(&results.folder_path)?;
            let dir = dir.trim_end_matches('/');
            for f in results.files {
                let vol = if dir.is_empty() {
                    f.path.clone()
                } else {
                    format!("{dir}/{}", f.path)
                };
                out.push((vol, f));
            }
        }
        Ok(out)
    }

    /// The names of a datastore's volumes.
    pub(super) fn datastore_volume_names(&self, name: &str) -> Result<Vec<String>> {
        let ds = self.find_datastore(name, &["browser"])?;
        Ok(self
            .datastore_files(&ds, name)?
            .into_iter()
            .map(|(v, _)| v)
            .collect())
    }

    /// A datastore's volumes, with their keys.
    pub(super) fn datastore_volumes(&self, name: &str) -> Result<Vec<Volume>> {
        let ds = self.find_datastore(name, &["browser"])?;
        let mut out = Vec::new();
        for (vol, f) in self.datastore_files(&ds, name)? {
            let key = self.key_of(&format!("[{name}] {vol}"), &f)?;
            out.push(Volume {
                pool: name.to_string(),
                name: vol,
                key,
                backend: Backend::Vmfs,
            });
        }
        Ok(out)
    }

    /// The volume `name` of datastore `pool`.
    pub(super) fn datastore_volume(&self, pool: &str, name: &str) -> Result<Volume> {
        let path = format!("[{pool}] {name}");
        let (_, f) = self.lookup_file(&path, &[])?;
        Ok(Volume {
            pool: pool.to_string(),
            name: name.to_string(),
            key: self.key_of(&path, &f)?,
            backend: Backend::Vmfs,
        })
    }

    /// The volume at datastore path `path`.
    pub(super) fn datastore_volume_by_path(&self, path: &str) -> Result<Volume> {
        let (datastore, _, dir_and_file) = parse_datastore_path(path)?;
        let (_, f) = self.lookup_file(path, &[])?;
        Ok(Volume {
            pool: datastore,
            name: dir_and_file,
            key: self.key_of(path, &f)?,
            backend: Backend::Vmfs,
        })
    }

    /// The disk whose UUID is `key`, in any datastore (one search per datastore, one
    /// QueryVirtualDiskUuid per disk until found, as libvirt). `None` where there is no disk
    /// UUID (a vCenter, whose keys are paths).
    pub(super) fn disk_by_uuid(&self, key: &str) -> Result<Option<Volume>> {
        if !self.has_disk_uuid() {
            return Ok(None);
        }
        let (_, datastores) = self.storage_view(&[], &["summary.name", "browser"])?;
        let s = &self.primary;
        for ds in &datastores {
            let name = datastore_name(ds)?;
            for (vol, f) in self.datastore_files(ds, &name)? {
                if f.kind != FileKind::VmDisk {
                    continue;
                }
                let path = format!("[{name}] {vol}");
                let uuid = s
                    .client
                    .query_virtual_disk_uuid(&path, Some(&s.datacenter))?;
                if reformat_uuid(&uuid)? == key {
                    return Ok(Some(Volume {
                        pool: name,
                        name: vol,
                        key: key.to_string(),
                        backend: Backend::Vmfs,
                    }));
                }
            }
        }
        Ok(None)
    }

    /// `virStorageVolCreateXML` (`source` None) or `virStorageVolCreateXMLFrom` (the source's
    /// datastore path) in datastore `pool`.
    pub(super) fn create_disk(
        &self,
        pool: &str,
        xml: &str,
        source: Option<&str>,
    ) -> Result<Volume> {
        let ds = self.find_datastore(pool, &["info", "browser"])?;
        // datastorePoolType: only the info's kind matters for the volume XML
        if !matches!(
            ds.get("info").map(Node::type_name),
            Some("LocalDatastoreInfo" | "NasDatastoreInfo" | "VmfsDatastoreInfo")
        ) {
            return Err(Error::internal("DatastoreInfo has unexpected type"));
        }
        let spec = storagexml::parse_volume(xml, &PoolSource::Dir)?;
        if spec.vol_type != VolType::File as i32 {
            return Err(esx(
                code::NO_SUPPORT,
                "Creating non-file volumes is not supported",
            ));
        }
        let name = &spec.name;
        let (dir, file) = match name.rsplit_once('/') {
            Some((d, f)) if !name.starts_with('/') && !f.is_empty() => (d, f),
            _ => {
                return Err(Error::internal(format!(
                    "Volume name '{name}' doesn't have expected format '<directory>/<file>'"
                )))
            }
        };
        if !name.to_ascii_lowercase().ends_with(".vmdk") {
            return Err(esx(
                code::NO_SUPPORT,
                format!("Volume name '{name}' has unsupported suffix, expecting '.vmdk'"),
            ));
        }
        let format = spec.format.as_deref().unwrap_or("raw");
        if format != "vmdk" {
            return Err(esx(
                code::NO_SUPPORT,
                format!("Creation of {format} volumes is not supported"),
            ));
        }
        // checked before anything changes on the server (libvirt made the folder first)
        let disk_type = match source {
            Some(_) => None,
            None if spec.allocation == spec.capacity => Some("preallocated"),
            None if spec.allocation == 0 => Some("thin"),
            None => {
                return Err(Error::internal(
                    "Unsupported capacity-to-allocation relation",
                ))
            }
        };
        // each folder of the path escaped on its own (libvirt escaped the '/' between nested
        // folders too, and made a folder of another name)
        let dir: Vec<String> = dir.split('/').map(escape_datastore_item).collect();
        let dir = dir.join("/");
        let rel = format!("{dir}/{}", escape_datastore_item(file));
        let folder = format!("[{pool}] {dir}");
        let path = format!("[{pool}] {rel}");
        let s = &self.primary;
        if !self.folder_exists(&ds, &split_file_path(&folder)?)? {
            s.client
                .make_directory(&folder, Some(&s.datacenter), Some(true))?;
        }
        let (task, what) = match (source, disk_type) {
            (Some(src), _) => (
                s.client.copy_virtual_disk_task(
                    src,
                    Some(&s.datacenter),
                    &path,
                    Some(&s.datacenter),
                    None,
                    Some(false),
                )?,
                "Could not copy volume",
            ),
            (None, disk_type) => {
                let spec = Obj::new("FileBackedVirtualDiskSpec")
                    .field("diskType", disk_type.unwrap_or("thin"))
                    .field("adapterType", "lsiLogic")
                    .field("capacityKb", spec.capacity.div_ceil(1024) as i64);
                (
                    s.client
                        .create_virtual_disk_task(&path, Some(&s.datacenter), spec.into())?,
                    "Could not create volume",
                )
            }
        };
        self.disk_task(&task, what)?;
        let key = if self.has_disk_uuid() {
            reformat_uuid(
                &s.client
                    .query_virtual_disk_uuid(&path, Some(&s.datacenter))?,
            )?
        } else {
            path
        };
        Ok(Volume {
            pool: pool.to_string(),
            name: rel,
            key,
            backend: Backend::Vmfs,
        })
    }

    /// A datastore file's capacity and allocation.
    pub(super) fn datastore_file_info(&self, vol: &Volume) -> Result<VolInfo> {
        let (_, f) = self.lookup_file(&vol.path(), &[])?;
        let capacity = if f.kind == FileKind::VmDisk {
            disk_capacity(&f)
        } else {
            size(&f)
        };
        Ok(VolInfo {
            vol_type: VolType::File as i32,
            capacity,
            allocation: size(&f),
        })
    }

    /// A datastore file's volume definition.
    pub(super) fn datastore_file_def(&self, vol: &Volume) -> Result<VolDef> {
        let path = vol.path();
        let (ds, f) = self.lookup_file(&path, &["info"])?;
        if !matches!(
            ds.get("info").map(Node::type_name),
            Some("LocalDatastoreInfo" | "NasDatastoreInfo" | "VmfsDatastoreInfo")
        ) {
            return Err(Error::internal("DatastoreInfo has unexpected type"));
        }
        let key = self.key_of(&path, &f)?;
        let (capacity, format) = match f.kind {
            FileKind::VmDisk => (disk_capacity(&f), "vmdk"),
            FileKind::IsoImage => (size(&f), "iso"),
            FileKind::FloppyImage => (size(&f), "raw"),
            _ => return Err(Error::internal(format!("File '{path}' has unknown type"))),
        };
        Ok(VolDef {
            vol_type: VolType::File,
            name: vol.name.clone(),
            key,
            capacity,
            allocation: size(&f),
            target_path: path,
            format: Some(format),
        })
    }

    /// Grows a virtual disk to `capacity` bytes (or by it, with `RESIZE_DELTA`).
    pub(super) fn resize_disk(&self, vol: &Volume, capacity: u64, flags: u32) -> Result<()> {
        let path = vol.path();
        let (_, f) = self.lookup_file(&path, &[])?;
        if f.kind != FileKind::VmDisk {
            return Err(esx(
                code::NO_SUPPORT,
                format!("Volume '{path}' is not a virtual disk: only virtual disks can be resized"),
            ));
        }
        let current = disk_capacity(&f);
        let wanted = if flags & RESIZE_DELTA != 0 {
            current.checked_add(capacity).ok_or_else(|| {
                esx(
                    code::OVERFLOW,
                    format!("Capacity {current} plus {capacity} bytes is too large"),
                )
            })?
        } else {
            capacity
        };
        if wanted < current {
            return Err(if flags & RESIZE_SHRINK != 0 {
                esx(code::NO_SUPPORT, "VMware virtual disks cannot shrink")
            } else {
                esx(
                    code::INVALID_ARG,
                    "Can't shrink capacity below current capacity unless shrink flag explicitly specified",
                )
            });
        }
        if wanted == current {
            return Ok(());
        }
        let kb = i64::try_from(wanted.div_ceil(1024))
            .map_err(|_| esx(code::OVERFLOW, format!("Capacity {wanted} is too large")))?;
        let s = &self.primary;
        let task = s.client.extend_virtual_disk_task(
            &path,
            Some(&s.datacenter),
            kb,
            Some(flags & RESIZE_ALLOCATE != 0),
        )?;
        self.disk_task(&task, "Could not resize volume")
    }
}

/// `summary.accessible`, `summary.capacity` and `summary.freeSpace` of a datastore.
fn space(ds: &ObjectContent) -> Result<(bool, u64, u64)> {
    let accessible = ds
        .get("summary.accessible")
        .and_then(Node::as_bool)
        .ok_or_else(|| Error::internal("Missing 'summary.accessible' property"))?;
    let num = |p: &str| {
        ds.get(p)
            .and_then(Node::as_i64)
            .and_then(|v| u64::try_from(v).ok())
            .unwrap_or(0)
    };
    Ok((
        accessible,
        num("summary.capacity"),
        num("summary.freeSpace"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datastore_items_escape_as_libvirt() {
        assert_eq!(escape_datastore_item("disk 1.vmdk"), "disk 1.vmdk");
        assert_eq!(escape_datastore_item("a:b?.vmdk"), "a_b_.vmdk");
        assert_eq!(escape_datastore_item("100%"), "100+JQ-25");
        assert_eq!(escape_datastore_item("é.vmdk"), "+w6k-.vmdk");
        assert_eq!(escape_datastore_item("a/b"), "a+Lw-b");
    }

    #[test]
    fn file_paths_split_for_the_browser() {
        let fp = split_file_path("[ds] vm/disk.vmdk").unwrap();
        assert_eq!(
            (fp.datastore.as_str(), fp.folder.as_str(), fp.file.as_str()),
            ("ds", "[ds] vm", "disk.vmdk")
        );
        let fp = split_file_path("[ds] a.iso").unwrap();
        assert_eq!((fp.folder.as_str(), fp.file.as_str()), ("[ds]", "a.iso"));
        let fp = split_file_path("[ds] a/b/c.vmdk").unwrap();
        assert_eq!(
            (fp.folder.as_str(), fp.file.as_str()),
            ("[ds] a/b", "c.vmdk")
        );
        assert_eq!(
            split_file_path("[ds] vm/").unwrap_err().message,
            "internal error: Datastore path '[ds] vm/' doesn't reference a file"
        );
        assert_eq!(split_file_path("ds").unwrap_err().code, code::INVALID_ARG);
    }

    #[test]
    fn disk_uuids_in_libvirt_form() {
        assert_eq!(
            reformat_uuid("60 00 C2 9a 0b 1c 2d 3e-4f 50 61 72 83 94 a5 b6").unwrap(),
            "6000c29a-0b1c-2d3e-4f50-61728394a5b6"
        );
        assert!(reformat_uuid("nope").is_err());
    }
}
