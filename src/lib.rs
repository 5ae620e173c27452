//! libvirt's ESX driver as a C-ABI shared library.
pub mod error;
pub mod vsphere;
