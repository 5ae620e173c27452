//! What each API call means on VMware. The driver never sees a raw pointer: the ABI layer hands
//! it Rust values and turns its answers back into C.

use crate::error::{code, domain, Error, Result};

pub mod auth;

/// An open connection to an ESX host, a VMware Server or a vCenter.
pub struct Connection {
    pub uri: String,
}

/// A domain as a lookup found it.
#[derive(Clone, Debug)]
pub struct Domain {
    pub name: String,
    pub uuid: [u8; 16],
    /// The numeric part of a running VM's managed-object id; -1 when it is not running.
    pub id: i32,
}

/// Where credentials come from when the server asks for them.
pub trait Credentials {
    /// Whether any credentials can be had at all (libvirt's ESX driver refuses to try without).
    fn available(&self) -> bool;
}

/// Open a connection for `uri`.
pub fn open(uri: &str, creds: &mut dyn Credentials, _read_only: bool) -> Result<Connection> {
    let scheme = uri
        .split("://")
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match scheme.as_str() {
        "esx" | "gsx" | "vpx" => {
            if !creds.available() {
                return Err(Error::new(
                    domain::AUTH,
                    code::INVALID_ARG,
                    "Missing authentication credentials",
                ));
            }
            Err(Error::new(
                domain::ESX,
                code::NO_SUPPORT,
                "connecting to VMware is not available in this build yet",
            ))
        }
        _ => Err(Error::new(domain::NONE, code::NO_CONNECT, uri)),
    }
}
