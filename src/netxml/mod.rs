//! libvirt's network and host-interface XML, the parts the ESX driver uses: a network
//! definition read with libvirt 9.0's checks and errors (`virNetworkDefParse`) and written as
//! `virNetworkDefFormat` writes what the ESX driver builds; an interface written as
//! `virInterfaceDefFormat` does. No I/O here.

mod interface;
mod network;
pub use interface::{format_interface, InterfaceDef, Protocol, ProtocolIp};
pub use network::{
    format_network, parse_network, Bandwidth, ForwardIf, ForwardMode, NetworkDef, PortGroup, Rate,
};

/// libvirt's `virBufferEscapeString` for XML attribute and text values.
pub(crate) use crate::domxml::esc;
