//! Errors of the vSphere client: a SOAP fault from the server, kept with its type, or any other
//! failure already worded as a libvirt error.
//!
//! Both convert into [`crate::error::Error`] (domain `VIR_FROM_ESX`), so `?` works in driver code.

use super::xml::Node;
use crate::error::{code, domain, Error};

/// A SOAP fault the server answered with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The vSphere method that was called.
    pub method: String,
    /// HTTP status of the reply (500 for faults); 0 for a fault a task ended with.
    pub http_status: u16,
    /// SOAP `faultcode` (`ServerFaultCode`, ...).
    pub fault_code: String,
    /// The vSphere fault type from the detail (`InvalidLogin`, `NotAuthenticated`, ...), or the
    /// fault code when the detail names none.
    pub fault_type: String,
    /// SOAP `faultstring`, the server's own text.
    pub message: String,
    /// The fault's detail object, for callers that need its fields.
    pub detail: Option<Node>,
}

impl Fault {
    /// The message libvirt reports for it, naming the SOAP fault code as libvirt does
    /// (`esxVI_Context_Execute`): `HTTP response code 500 for call to 'ShutdownGuest'. Fault:
    /// ServerFaultCode - Cannot complete operation because VMware Tools is not running ...`.
    ///
    /// A task's fault (`http_status` 0) reads as libvirt's task error message: `<FaultType> -
    /// <message>`, or the type alone when the server gave no message.
    pub fn describe(&self) -> String {
        if self.http_status == 0 {
            return if self.message.is_empty() {
                self.fault_type.clone()
            } else {
                format!("{} - {}", self.fault_type, self.message)
            };
        }
        format!(
            "HTTP response code {} for call to '{}'. Fault: {} - {}",
            self.http_status, self.method, self.fault_code, self.message
        )
    }
}

/// The libvirt error code a vSphere fault means to a caller: what it can act on (log in again,
/// ask for rights, change the VM's state first, look for the file, pick another name, fix the
/// argument); `VIR_ERR_INTERNAL_ERROR`, as libvirt reports every fault, for the others.
pub fn fault_code(fault_type: &str) -> i32 {
    match fault_type {
        // NotAuthenticated reaches a caller only once logging in again has failed
        "InvalidLogin" | "NotAuthenticated" => code::AUTH_FAILED,
        "NoPermission" => code::OPERATION_DENIED,
        "InvalidPowerState" | "InvalidState" => code::OPERATION_INVALID,
        "FileNotFound" => code::NO_STORAGE_VOL,
        "InvalidArgument" => code::INVALID_ARG,
        _ => code::INTERNAL_ERROR,
    }
}

/// The error for a fault of `fault_type`, worded `detail` ([`fault_code`]'s code).
pub fn fault_error(fault_type: &str, detail: String) -> Error {
    Error::new(domain::ESX, fault_code(fault_type), detail)
}

/// `VIR_ERR_DOM_EXIST` for a VM name the server has already (`DuplicateName` where a VM is
/// registered; the fault means other things elsewhere, a port group's name for one).
pub fn domain_exists(detail: String) -> Error {
    // libvirt's wording wants a domain name where the detail is the server's text
    let mut e = Error::bare(domain::ESX, code::DOM_EXIST);
    e.message = format!("{}: {detail}", e.message);
    e.str2 = Some(detail);
    e
}

/// What the client's calls fail with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViError {
    /// The server answered with a SOAP fault.
    Fault(Box<Fault>),
    /// Transport, TLS, parse or protocol trouble, already worded as libvirt words it.
    Other(Error),
}

/// Result of the client's calls.
pub type ViResult<T> = std::result::Result<T, ViError>;

impl ViError {
    /// `VIR_ERR_INTERNAL_ERROR` in `VIR_FROM_ESX`.
    pub fn internal(detail: impl Into<String>) -> ViError {
        ViError::Other(Error::internal(detail))
    }

    /// An error with any libvirt code in `VIR_FROM_ESX`.
    pub fn new(code: i32, detail: impl Into<String>) -> ViError {
        ViError::Other(Error::new(domain::ESX, code, detail))
    }

    /// The fault, if the server sent one.
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            ViError::Fault(f) => Some(f),
            ViError::Other(_) => None,
        }
    }

    /// The vSphere fault type, if the server sent a fault.
    pub fn fault_type(&self) -> Option<&str> {
        self.fault().map(|f| f.fault_type.as_str())
    }

    /// Whether this is a fault of type `name` (e.g. `"NotAuthenticated"`).
    pub fn is_fault(&self, name: &str) -> bool {
        self.fault_type() == Some(name)
    }

    /// The libvirt error this becomes.
    pub fn to_error(&self) -> Error {
        match self {
            ViError::Fault(f) => fault_error(&f.fault_type, f.describe()),
            ViError::Other(e) => e.clone(),
        }
    }
}

impl std::fmt::Display for ViError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_error().message)
    }
}

impl std::error::Error for ViError {}

impl From<ViError> for Error {
    fn from(e: ViError) -> Error {
        match e {
            ViError::Fault(f) => fault_error(&f.fault_type, f.describe()),
            ViError::Other(e) => e,
        }
    }
}

impl From<Error> for ViError {
    fn from(e: Error) -> ViError {
        ViError::Other(e)
    }
}
