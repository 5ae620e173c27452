//! One error type for the whole library, carrying what libvirt's `virError` carries.
//!
//! Messages are built the way libvirt builds them: the code's wording (see `messages.rs`) with the
//! detail put in its `%s`. The ABI layer turns an [`Error`] into the thread's `virError`.

mod messages;

/// libvirt's `virErrorNumber` values used by the Rust side (the full set is in the C header).
pub mod code {
    pub const INTERNAL_ERROR: i32 = 1;
    pub const NO_MEMORY: i32 = 2;
    pub const NO_SUPPORT: i32 = 3;
    pub const NO_CONNECT: i32 = 5;
    pub const INVALID_CONN: i32 = 6;
    pub const INVALID_DOMAIN: i32 = 7;
    pub const INVALID_ARG: i32 = 8;
    pub const OPERATION_FAILED: i32 = 9;
    pub const HTTP_ERROR: i32 = 12;
    pub const XML_ERROR: i32 = 27;
    pub const CONF_SYNTAX: i32 = 33;
    pub const NO_NAME: i32 = 21;
    pub const OVERFLOW: i32 = 82;
    pub const OPERATION_DENIED: i32 = 29;
    pub const NO_DOMAIN: i32 = 42;
    pub const XML_DETAIL: i32 = 35;
    pub const AUTH_FAILED: i32 = 45;
    pub const OPERATION_INVALID: i32 = 55;
    pub const CONFIG_UNSUPPORTED: i32 = 67;
    pub const OPERATION_TIMEOUT: i32 = 68;
    pub const MIGRATE_PERSIST_FAILED: i32 = 69;
    pub const INVALID_DOMAIN_SNAPSHOT: i32 = 71;
    pub const NO_DOMAIN_SNAPSHOT: i32 = 72;
    pub const AUTH_CANCELLED: i32 = 79;
    pub const OPERATION_ABORTED: i32 = 78;
    pub const ARGUMENT_UNSUPPORTED: i32 = 74;
    pub const OPERATION_UNSUPPORTED: i32 = 84;
    pub const XML_INVALID_SCHEMA: i32 = 92;
    pub const SYSTEM_ERROR: i32 = 38;
    pub const NETWORK_EXIST: i32 = 37;
    pub const NO_NETWORK: i32 = 43;
    pub const NO_INTERFACE: i32 = 57;
    pub const DOM_EXIST: i32 = 28;
    pub const NO_STORAGE_VOL: i32 = 50;
}

/// libvirt's `virErrorDomain` values used by the Rust side.
pub mod domain {
    pub const NONE: i32 = 0;
    pub const XML: i32 = 5;
    pub const DOM: i32 = 6;
    pub const CONF: i32 = 9;
    pub const DOMAIN: i32 = 20;
    pub const ESX: i32 = 28;
    pub const DOMAIN_SNAPSHOT: i32 = 35;
    pub const STREAMS: i32 = 38;
    pub const AUTH: i32 = 46;
    pub const URI: i32 = 45;
}

/// `VIR_ERR_ERROR`, the level of every error this library raises.
pub const LEVEL_ERROR: i32 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: i32,
    pub domain: i32,
    pub level: i32,
    pub message: String,
    pub str1: Option<String>,
    pub str2: Option<String>,
    pub str3: Option<String>,
    pub int1: i32,
    pub int2: i32,
}

pub type Result<T> = std::result::Result<T, Error>;

/// The wording libvirt gives `code`, with or without room for a detail.
fn wording(code: i32, with_detail: bool) -> Option<&'static str> {
    messages::MESSAGES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, bare, detailed)| if with_detail { *detailed } else { *bare })
}

impl Error {
    /// An error as libvirt's `virReportError` makes it: the code's wording around `detail`.
    pub fn new(domain: i32, code: i32, detail: impl Into<String>) -> Error {
        let detail = detail.into();
        let format = wording(code, true).unwrap_or("%s");
        Error {
            code,
            domain,
            level: LEVEL_ERROR,
            message: format.replacen("%s", &detail, 1),
            str1: Some(format.to_string()),
            str2: Some(detail),
            str3: None,
            int1: -1,
            int2: -1,
        }
    }

    /// An error with the code's wording alone, no detail.
    pub fn bare(domain: i32, code: i32) -> Error {
        let format = wording(code, false).unwrap_or("");
        Error {
            code,
            domain,
            level: LEVEL_ERROR,
            message: format.to_string(),
            str1: Some(format.to_string()),
            str2: None,
            str3: None,
            int1: -1,
            int2: -1,
        }
    }

    /// An invalid argument as libvirt's argument checks report it (`virReportInvalid*Arg`): the
    /// message is the bare rule, e.g. "info in virDomainGetInfo must not be NULL".
    pub fn invalid_arg(domain: i32, function: &str, arg: &str, rule: &str) -> Error {
        Error {
            code: code::INVALID_ARG,
            domain,
            level: LEVEL_ERROR,
            message: rule.to_string(),
            str1: Some(function.to_string()),
            str2: Some(arg.to_string()),
            str3: None,
            int1: 0,
            int2: 0,
        }
    }

    /// `VIR_ERR_INTERNAL_ERROR` in the ESX driver's domain.
    pub fn internal(detail: impl Into<String>) -> Error {
        Error::new(domain::ESX, code::INTERNAL_ERROR, detail)
    }

    /// `VIR_ERR_CONFIG_UNSUPPORTED` in the ESX driver's domain.
    pub fn config_unsupported(detail: impl Into<String>) -> Error {
        Error::new(domain::ESX, code::CONFIG_UNSUPPORTED, detail)
    }

    /// The same error reported from another libvirt error domain.
    pub fn in_domain(mut self, domain: i32) -> Error {
        self.domain = domain;
        self
    }
}

/// The name libvirt prints for an error domain ("ESX Driver", "Domain Config", ...).
pub fn domain_name(domain: i32) -> &'static str {
    usize::try_from(domain)
        .ok()
        .and_then(|d| messages::DOMAIN_NAMES.get(d).copied())
        .unwrap_or("Unknown")
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_libvirt_wording() {
        let e = Error::new(domain::DOMAIN, code::NO_SUPPORT, "virDomainGetInfo");
        assert_eq!(
            e.message,
            "this function is not supported by the connection driver: virDomainGetInfo"
        );
        assert_eq!(e.str2.as_deref(), Some("virDomainGetInfo"));
        let e = Error::invalid_arg(
            domain::DOMAIN,
            "virDomainGetInfo",
            "info",
            "info in virDomainGetInfo must not be NULL",
        );
        // libvirt's argument checks give the bare rule, with the function and argument apart
        assert_eq!(e.message, "info in virDomainGetInfo must not be NULL");
        assert_eq!(e.str1.as_deref(), Some("virDomainGetInfo"));
        assert_eq!(e.str2.as_deref(), Some("info"));
        assert_eq!(Error::internal("x").message, "internal error: x");
        assert_eq!(
            Error::bare(domain::NONE, code::NO_SUPPORT).message,
            "this function is not supported by the connection driver"
        );
    }
}
