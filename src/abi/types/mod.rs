//! libvirt's public C types and constants, one module per public header (generated).

#[rustfmt::skip]
pub mod common;
#[rustfmt::skip]
pub mod host;
#[rustfmt::skip]
pub mod domain;
#[rustfmt::skip]
pub mod domain_checkpoint;
#[rustfmt::skip]
pub mod domain_snapshot;
#[rustfmt::skip]
pub mod event;
#[rustfmt::skip]
pub mod interface;
#[rustfmt::skip]
pub mod network;
#[rustfmt::skip]
pub mod nodedev;
#[rustfmt::skip]
pub mod nwfilter;
#[rustfmt::skip]
pub mod secret;
#[rustfmt::skip]
pub mod storage;
#[rustfmt::skip]
pub mod stream;
#[rustfmt::skip]
pub mod virterror;

pub use common::*;
pub use domain::*;
pub use domain_checkpoint::*;
pub use domain_snapshot::*;
pub use event::*;
pub use host::*;
pub use interface::*;
pub use network::*;
pub use nodedev::*;
pub use nwfilter::*;
pub use secret::*;
pub use storage::*;
pub use stream::*;
pub use virterror::*;
