//! libvirt's ESX driver as a C-ABI shared library: a drop-in `libvirt.so.0`.
//!
//! Layers: `abi` (the C surface) -> `driver` (what each call means on VMware) -> `vsphere` (the
//! SOAP client); the formats (`vmx`, `domxml`) do no I/O; `error` is shared by all.

pub mod abi;
pub mod domxml;
pub mod driver;
pub mod error;
pub mod event;
pub mod md5;
pub mod netxml;
pub mod storagexml;
pub mod uri;
pub mod vmx;
pub mod vsphere;
