//! libvirt's ESX driver as a C-ABI shared library: a drop-in `libvirt.so.0`.
//!
//! Layers: `abi` (the C surface) -> `driver` (what each call means on VMware) -> `vsphere` (the
//! SOAP client); `error` is shared by all.

pub mod abi;
pub mod driver;
pub mod error;
pub mod event;
pub mod uri;
pub mod vsphere;
