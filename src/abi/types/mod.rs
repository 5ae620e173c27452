//! libvirt's public C types and constants, one module per public header (generated).

pub mod common;
pub mod domain;
pub mod domain_checkpoint;
pub mod domain_snapshot;
pub mod event;
pub mod host;
pub mod interface;
pub mod network;
pub mod nodedev;
pub mod nwfilter;
pub mod secret;
pub mod storage;
pub mod stream;
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
