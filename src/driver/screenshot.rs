//! `virDomainScreenshot` as libvirt's ESX driver does it: the host must report
//! `capability.screenshotSupported`, the VM must be powered on, and the image is the server's
//! `/screen?id=<vm>` endpoint (a PNG), fetched with the session cookie and handed to the
//! caller's stream piece by piece.

use super::domain::{check_flags, gone, Domain};
use super::stream::Stream;
use super::Connection;
use crate::error::{code, domain as from, Error, Result};
use crate::vsphere::{ObjectSpec, PropertyFilterSpec, PropertySpec, ViError};

const SUPPORTED: &str = "capability.screenshotSupported";
const POWER_STATE: &str = "runtime.powerState";

/// A URL query value as libvirt's `virBufferURIEncodeString` writes it.
fn uri_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Connection {
    /// Opens `stream` on the console image of the domain's VM; returns its MIME type. The
    /// host's capability and the VM's power state are read in one call.
    pub fn domain_screenshot(
        &self,
        d: &Domain,
        stream: &Stream,
        screen: u32,
        flags: u32,
    ) -> Result<String> {
        check_flags(flags, 0, "esxDomainScreenshot")?;
        if screen != 0 {
            return Err(Error::new(
                from::ESX,
                code::INVALID_ARG,
                "Screen cannot be selected",
            ));
        }
        let s = &self.primary;
        let spec = PropertyFilterSpec {
            prop_set: vec![
                PropertySpec::new("HostSystem", &[SUPPORTED]),
                PropertySpec::new("VirtualMachine", &[POWER_STATE]),
            ],
            object_set: [&s.host, &d.moref]
                .into_iter()
                .map(|obj| ObjectSpec {
                    obj: obj.clone(),
                    skip: false,
                    select_set: Vec::new(),
                })
                .collect(),
        };
        let found = s.client.retrieve_properties(&spec).map_err(|e| match e {
            ViError::Fault(f) if f.fault_type == "ManagedObjectNotFound" => gone(d),
            e => Error::from(e),
        })?;
        let of = |obj| found.iter().find(|o| &o.obj == obj);
        // a host that does not say (vcsim's has no capability at all) cannot be trusted to
        // serve screenshots either
        let supported = of(&s.host)
            .and_then(|h| h.get(SUPPORTED))
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if !supported {
            return Err(Error::new(
                from::ESX,
                code::OPERATION_UNSUPPORTED,
                "Screenshot feature is unsupported",
            ));
        }
        let vm = of(&d.moref).ok_or_else(|| gone(d))?;
        if vm.get_str(POWER_STATE) != Some("poweredOn") {
            return Err(Error::new(
                from::ESX,
                code::OPERATION_INVALID,
                "Domain is not powered on",
            ));
        }
        let url = format!(
            "{}/screen?id={}",
            s.client.base_url(),
            uri_encode(&d.moref.value)
        );
        stream.open_download(|| Ok(s.client.open_download(&url)?))?;
        Ok("image/png".into())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_encoded_as_libvirt() {
        assert_eq!(super::uri_encode("vm-12"), "vm-12");
        assert_eq!(super::uri_encode("a b/c?d"), "a%20b%2Fc%3Fd");
    }
}
