//! The C surface: libvirt 9.0's public functions, thin and uniform. Each entry checks its
//! arguments, calls the driver, and converts the answer; none holds driver logic.

#![allow(non_snake_case)]
#![allow(clippy::missing_safety_doc)]
// Entry points keep libvirt's parameter names (cbindgen writes them into the headers), and an
// entry the ESX driver does not support reads none of them past its checks.
#![allow(unused_variables)]

pub mod types;

mod auth;
mod boundary;
mod errors;
mod handles;
mod objects;
mod params;
mod strings;
mod typed_params;

mod common;
mod domain;
mod domain_checkpoint;
mod domain_events;
mod domain_snapshot;
mod event;
mod host;
mod interface;
mod network;
mod nodedev;
mod nwfilter;
mod secret;
mod storage;
mod stream;
