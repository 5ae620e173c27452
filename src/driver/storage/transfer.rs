//! Beyond libvirt: a datastore volume's bytes through the caller's stream
//! (`virStorageVolDownload`, `virStorageVolUpload`), over the server's `/folder` HTTPS file
//! service with the session cookie. libvirt's ESX driver has neither: importers copy disks
//! over HTTPS themselves.
//!
//! A `.vmdk` descriptor's data is its flat extent (`x-flat.vmdk`), any other file's data is the
//! file. Nothing holds more than a piece of the data: the stream moves it piece by piece
//! between the caller and the HTTP body.

use super::{check_flags, esx, Backend, Volume};
use crate::driver::stream::{Stream, StreamSink};
use crate::driver::Connection;
use crate::error::{code, Error, Result};
use crate::vmx::vmdk;
use crate::vsphere::{Client, MoRef, TaskInfoState, Upload};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The most of a `.vmdk` read to tell a descriptor (a few hundred bytes) from a disk in one
/// binary file.
const DESCRIPTOR_MAX: usize = 64 * 1024;

/// Where a volume's data is: a file of the datastore, and for a disk its size (the extent's).
struct Data {
    file: String,
    disk_size: Option<u64>,
}

/// `dir/x.vmdk` and `x-flat.vmdk` -> `dir/x-flat.vmdk`
fn beside(name: &str, file: &str) -> String {
    match name.rfind('/') {
        Some(i) => format!("{}/{file}", &name[..i]),
        None => file.to_string(),
    }
}

/// A name for an upload's data until it is complete, beside its target. No `.vmdk` ending, so
/// no host takes the partial file for a disk.
fn temporary_name(target: &str) -> String {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{target}.upload-{}-{nanos:08x}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    )
}

impl Connection {
    /// Checks what both directions check: the flags (libvirt's only one asks for a sparse
    /// stream, which an HTTP body cannot carry) and the backend.
    fn streamable(&self, vol: &Volume, flags: u32, function: &str, what: &str) -> Result<()> {
        check_flags(flags, 0, function)?;
        if vol.backend == Backend::Iscsi {
            return Err(esx(
                code::NO_SUPPORT,
                format!("iSCSI storage pool does not support volume {what}"),
            ));
        }
        Ok(())
    }

    /// The URL of a file of datastore `pool`.
    fn file_url(&self, pool: &str, file: &str) -> String {
        let s = &self.primary;
        s.client.datastore_file_url(&s.datacenter_path, pool, file)
    }

    /// Where the volume's data is: for a `.vmdk` whose descriptor names one flat extent, that
    /// extent; for a disk kept in another way (sparse, delta, raw device), an error; for a
    /// `.vmdk` that is no descriptor (a disk in one file) and any other file, the file.
    fn volume_data(&self, vol: &Volume) -> Result<Data> {
        let itself = || Data {
            file: vol.name.clone(),
            disk_size: None,
        };
        if !vol.name.to_ascii_lowercase().ends_with(".vmdk") {
            return Ok(itself());
        }
        let mut head = vec![0u8; DESCRIPTOR_MAX];
        let mut got = 0;
        let mut d = self
            .primary
            .client
            .open_download(&self.file_url(&vol.pool, &vol.name))?;
        while got < head.len() {
            match d.read(&mut head[got..])? {
                0 => break,
                n => got += n,
            }
        }
        if !d.ended() {
            // too long for a descriptor
            return Ok(itself());
        }
        let Some(extents) = vmdk::extents(&head[..got]) else {
            return Ok(itself());
        };
        match extents.as_slice() {
            [e] if e.is_flat() && e.offset == 0 => {
                let file = e.file.as_deref().unwrap_or_default();
                if file.starts_with('/') {
                    return Err(esx(
                        code::OPERATION_UNSUPPORTED,
                        format!(
                            "Volume '{}' keeps its data outside its datastore ('{file}')",
                            vol.name
                        ),
                    ));
                }
                Ok(Data {
                    file: beside(&vol.name, file),
                    disk_size: Some(e.sectors.saturating_mul(512)),
                })
            }
            _ => {
                let kinds: Vec<&str> = extents.iter().map(|e| e.kind.as_str()).collect();
                Err(esx(
                    code::OPERATION_UNSUPPORTED,
                    format!(
                        "Volume '{}' is no flat disk (extents: {}): only a disk whose data is one flat extent can be streamed",
                        vol.name,
                        kinds.join(", ")
                    ),
                ))
            }
        }
    }

    /// `virStorageVolDownload` (libvirt's ESX driver has none): `length` bytes of the volume's
    /// data from `offset` (`length` 0: to the end) into `stream`, as an HTTP range.
    pub fn storage_vol_download(
        &self,
        vol: &Volume,
        stream: &Stream,
        offset: u64,
        length: u64,
        flags: u32,
    ) -> Result<()> {
        self.streamable(vol, flags, "esxStorageVolDownload", "download")?;
        stream.open_download(|| {
            let data = self.volume_data(vol)?;
            let url = self.file_url(&vol.pool, &data.file);
            Ok(self.primary.client.open_range(&url, offset, length)?)
        })
    }

    /// `virStorageVolUpload` (libvirt's ESX driver has none): the stream's bytes become the
    /// volume's data once the caller finishes the stream.
    ///
    /// The data goes to a file of its own beside the volume's, which replaces the volume's
    /// (`MoveDatastoreFile_Task`) only when the server took all of it; a failed or aborted
    /// upload deletes that file. Deleting the volume's file on failure instead would lose the
    /// volume, and writing into it directly would leave it half-written: neither ESX's nor
    /// vcsim's `/folder` PUT keeps the old file when a transfer is cut off.
    ///
    /// The `/folder` PUT writes whole files: an offset is declined, and so is a part of a
    /// disk (a flat extent shorter than its descriptor says is a broken disk).
    pub fn storage_vol_upload(
        &self,
        vol: &Volume,
        stream: &Stream,
        offset: u64,
        length: u64,
        flags: u32,
    ) -> Result<()> {
        self.streamable(vol, flags, "esxStorageVolUpload", "upload")?;
        if offset != 0 {
            return Err(esx(
                code::ARGUMENT_UNSUPPORTED,
                "Upload at an offset is not supported: the datastore's file service writes whole files",
            ));
        }
        stream.open_upload(|| {
            let data = self.volume_data(vol)?;
            let size = match (data.disk_size, length) {
                (None, 0) => None,
                (None, n) => Some(n),
                (Some(disk), n) if n == 0 || n == disk => Some(disk),
                (Some(disk), n) => {
                    return Err(esx(
                        code::ARGUMENT_UNSUPPORTED,
                        format!(
                            "Upload of {n} bytes to disk '{}' is not supported: a disk's data is uploaded whole ({disk} bytes)",
                            vol.name
                        ),
                    ))
                }
            };
            let s = &self.primary;
            let temp = temporary_name(&data.file);
            let upload = s
                .client
                .open_upload_sized(&self.file_url(&vol.pool, &temp), size)?;
            Ok(VolumeUpload {
                client: s.client.clone(),
                datacenter: s.datacenter.clone(),
                temp: format!("[{}] {temp}", vol.pool),
                target: format!("[{}] {}", vol.pool, data.file),
                size,
                sent: 0,
                upload: Some(upload),
            })
        })
    }
}

/// An upload in progress to a temporary file; see [`Connection::storage_vol_upload`].
struct VolumeUpload {
    client: Arc<Client>,
    datacenter: MoRef,
    /// Datastore paths of the temporary file and of the file it replaces.
    temp: String,
    target: String,
    /// The bytes the upload must have, when known.
    size: Option<u64>,
    sent: u64,
    /// The request; `None` once finished.
    upload: Option<Upload>,
}

impl VolumeUpload {
    /// Runs a FileManager task to its end; its error is the server's.
    fn run(&self, task: std::result::Result<MoRef, crate::vsphere::ViError>) -> Result<()> {
        let info = self.client.wait_for_task(&task?, None)?;
        if info.state != TaskInfoState::Success {
            return Err(Error::internal(info.error_message()));
        }
        Ok(())
    }

    /// Removes the temporary file, if the server made it (best effort: the failure the caller
    /// sees is the transfer's).
    fn discard(&self) {
        let _ = self.run(
            self.client
                .delete_datastore_file_task(&self.temp, Some(&self.datacenter)),
        );
    }

    fn complete(&mut self, upload: Upload) -> Result<()> {
        if let Some(want) = self.size.filter(|&n| n != self.sent) {
            upload.abort();
            return Err(esx(
                code::OPERATION_FAILED,
                format!(
                    "Upload ended after {} of {want} bytes: '{}' is unchanged",
                    self.sent, self.target
                ),
            ));
        }
        upload.finish()?;
        self.run(self.client.move_datastore_file_task(
            &self.temp,
            Some(&self.datacenter),
            &self.target,
            Some(&self.datacenter),
            Some(true),
        ))
        .map_err(|e| {
            Error::internal(format!(
                "Could not put the upload in place of '{}': {}",
                self.target,
                e.str2.as_deref().unwrap_or(&e.message)
            ))
        })
    }
}

impl StreamSink for VolumeUpload {
    fn write(&mut self, data: &[u8]) -> Result<usize> {
        if let Some(want) = self.size.filter(|&n| self.sent + data.len() as u64 > n) {
            return Err(esx(
                code::OPERATION_FAILED,
                format!("Upload to '{}' is longer than {want} bytes", self.target),
            ));
        }
        let upload = self
            .upload
            .as_mut()
            .ok_or_else(|| Error::internal("Stream is not open"))?;
        let n = upload.write(data)?;
        self.sent += n as u64;
        Ok(n)
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        let upload = self
            .upload
            .take()
            .ok_or_else(|| Error::internal("Stream is not open"))?;
        let done = self.complete(upload);
        if done.is_err() {
            self.discard();
        }
        done
    }
}

impl Drop for VolumeUpload {
    /// An upload neither finished nor failed (aborted, or its stream freed): cut it off, then
    /// remove what the server kept of it.
    fn drop(&mut self) {
        if let Some(upload) = self.upload.take() {
            upload.abort();
            self.discard();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_beside_the_volume() {
        assert_eq!(beside("d/x.vmdk", "x-flat.vmdk"), "d/x-flat.vmdk");
        assert_eq!(beside("x.vmdk", "x-flat.vmdk"), "x-flat.vmdk");
        let (a, b) = (
            temporary_name("d/x-flat.vmdk"),
            temporary_name("d/x-flat.vmdk"),
        );
        assert!(a.starts_with("d/x-flat.vmdk.upload-") && a != b, "{a} {b}");
        assert!(!a.ends_with(".vmdk"));
    }
}
