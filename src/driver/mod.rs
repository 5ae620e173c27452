//! What each API call means on VMware. The driver never sees a raw pointer: the ABI layer hands
//! it Rust values and turns its answers back into C.

use crate::error::{code, domain as from, Error, Result};
use crate::uri::{self, EsxUri, Scheme};

pub mod auth;
pub mod config_vmx;
pub mod connect;
pub mod definition;
pub mod domain;
pub mod domain_stats;
pub mod events;
pub mod host;
pub mod interface;
pub mod lifecycle;
pub mod migrate;
pub mod native;
pub mod network;
pub mod resources;
pub mod screenshot;
pub mod snapshot;
pub mod stats;
pub mod storage;
pub mod stream;

pub use auth::{CredKind, Prompter, Question};
use connect::{Login, Session};
pub use domain::{Domain, DomainInfo};

/// An open connection to an ESX host, a VMware Server or a vCenter.
pub struct Connection {
    /// The event watcher, if anything listens; first, so that it stops before the sessions
    /// log out.
    pub(crate) watcher: std::sync::Mutex<Option<events::Watcher>>,
    /// Cleared when the watcher finds the server gone.
    pub(crate) alive: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The URI as the caller gave it (`virConnectGetURI`).
    pub uri: String,
    pub parsed: EsxUri,
    /// The endpoint domain operations go to: the host (esx/gsx) or the vCenter (vpx).
    pub primary: Session,
    /// The vCenter an esx:// or gsx:// connection also logged in to (`vcenter=`); used for
    /// migration.
    pub vcenter: Option<Session>,
    /// The capabilities XML, read once (libvirt computes it at open).
    pub(crate) capabilities: std::sync::OnceLock<String>,
    /// The performance counters' ids and the statistics' running totals.
    pub(crate) perf: stats::Perf,
    /// The VMs seen so far by name and UUID: a lookup checks the one it names on the VM
    /// itself, in one call, before it reads a list.
    pub(crate) known: domain::KnownVms,
}

/// Open a connection for `uri`. `prompter` is the caller's credential callback, if any.
pub fn open(
    text: &str,
    prompter: Option<&mut (dyn Prompter + 'static)>,
    _read_only: bool,
) -> Result<Connection> {
    let Some(scheme) = uri::esx_scheme(text)? else {
        return Err(Error::new(from::NONE, code::NO_CONNECT, text));
    };
    let parsed = uri::parse(text)?;
    let conf = auth::AuthConfig::locate(parsed.authfile.as_deref());
    let mut login = Login {
        uri: &parsed,
        conf: &conf,
        prompter,
    };
    let (primary, vcenter) = match scheme {
        Scheme::Esx | Scheme::Gsx => {
            let host = connect::open_host(&mut login)?;
            let vcenter = match parsed.vcenter {
                Some(_) => Some(connect::open_vcenter_of_host(&mut login, &host)?),
                None => None,
            };
            (host, vcenter)
        }
        Scheme::Vpx => (connect::open_vcenter(&mut login)?, None),
    };
    Ok(Connection {
        watcher: std::sync::Mutex::new(None),
        alive: std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true)),
        uri: text.to_string(),
        parsed,
        primary,
        vcenter,
        capabilities: std::sync::OnceLock::new(),
        perf: stats::Perf::default(),
        known: domain::KnownVms::default(),
    })
}
