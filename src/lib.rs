//! libvirt's ESX driver as a C-ABI shared library.
pub mod domxml;
pub mod error;
pub mod vmx;
