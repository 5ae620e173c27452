//! A vSphere (VMware VI) API client that knows nothing of libvirt's types: SOAP envelopes over
//! one keep-alive HTTP(S) agent, a namespace-aware reply reader, typed results, sessions with
//! automatic re-login, the property collector, the inventory and tasks.
//!
//! ```no_run
//! use virt::vsphere::{Client, ConnectOptions};
//! # fn main() -> Result<(), virt::vsphere::ViError> {
//! let client = Client::connect("https://esx.example/sdk", &ConnectOptions::default())?;
//! client.login("root", "secret")?;
//! for vm in client.list_vms(&["name", "runtime.powerState", "config.uuid"])? {
//!     println!("{:?} {:?}", vm.get_str("name"), vm.get_str("runtime.powerState"));
//! }
//! # Ok(()) }
//! ```

pub mod client;
pub mod error;
pub mod host_network;
pub mod log;
pub mod methods;
pub mod soap;
pub mod storage;
pub mod tls;
pub mod transport;
pub mod types;
pub mod updates;
pub mod xml;

pub use client::{inventory_traversal, Client, Inventory, InventoryItem, QuestionHook};
pub use error::{Fault, ViError, ViResult};
pub use soap::{Obj, ToVal, Val};
pub use transport::{ConnectOptions, Download, ProxySpec, ProxyType, Upload};
pub use types::*;
pub use updates::{ObjectUpdate, UpdateKind, UpdateSet};
pub use xml::Node;
