//! Host information: what libvirt's ESX driver derives from the host system's properties.

use super::connect::Scope;
use super::Connection;
use crate::error::{Error, Result};
use crate::vsphere::{ObjectContent, ObjectSpec, PropertyFilterSpec, PropertySpec};

/// `virNodeInfo`'s content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeInfo {
    pub model: String,
    /// KiB
    pub memory: u64,
    pub cpus: u32,
    pub mhz: u32,
    pub nodes: u32,
    pub sockets: u32,
    pub cores: u32,
    pub threads: u32,
}

impl Connection {
    fn host_props(&self, paths: &[&str]) -> Result<ObjectContent> {
        let s = &self.primary;
        Ok(s.client.retrieve_object(&s.host, paths)?)
    }

    /// `virConnectGetVersion`: the product's version as major * 1000000 + minor * 1000 + micro.
    pub fn version(&self) -> u64 {
        self.primary.version
    }

    pub fn is_https(&self) -> bool {
        self.parsed.https
    }

    /// `virConnectGetHostname`: the host's DNS name; a cluster or datacenter connection's is
    /// the vCenter's, as the URI names it.
    pub fn hostname(&self) -> Result<String> {
        if self.primary.scope != Scope::Host {
            return Ok(self.parsed.host.clone());
        }
        let o = self.host_props(&[
            "config.network.dnsConfig.hostName",
            "config.network.dnsConfig.domainName",
        ])?;
        let host = o
            .get_str("config.network.dnsConfig.hostName")
            .unwrap_or_default();
        if host.is_empty() {
            return Err(Error::internal("Missing or empty 'hostName' property"));
        }
        match o.get_str("config.network.dnsConfig.domainName") {
            Some(d) if !d.is_empty() => Ok(format!("{host}.{d}")),
            _ => Ok(host.to_string()),
        }
    }

    /// `virNodeGetCPUMap`: the CPUs `virNodeGetInfo` counts, all online.
    pub fn node_cpu_count(&self, flags: u32) -> Result<u32> {
        super::domain::check_flags(flags, 0, "esxNodeGetCPUMap")?;
        Ok(self.node_info()?.cpus)
    }

    /// Properties `paths` of every host in scope, in one call.
    fn scope_hosts(&self, paths: &[&str]) -> Result<Vec<ObjectContent>> {
        let s = &self.primary;
        let spec = PropertyFilterSpec {
            prop_set: vec![PropertySpec::new("HostSystem", paths)],
            object_set: s
                .hosts
                .iter()
                .map(|h| ObjectSpec {
                    obj: h.clone(),
                    skip: false,
                    select_set: Vec::new(),
                })
                .collect(),
        };
        let mut found = s.client.retrieve_properties(&spec)?;
        found.sort_by_key(|o| s.hosts.iter().position(|h| *h == o.obj));
        Ok(found)
    }

    /// `virNodeGetInfo`: the host's; for a cluster or datacenter, its hosts added up (CPUs,
    /// memory; the slowest MHz; the first host's model) as one node, one socket of all cores,
    /// one thread each (libvirt's way of saying a topology it cannot describe).
    pub fn node_info(&self) -> Result<NodeInfo> {
        const PATHS: &[&str] = &[
            "hardware.cpuInfo.hz",
            "hardware.cpuInfo.numCpuCores",
            "hardware.cpuInfo.numCpuPackages",
            "hardware.cpuInfo.numCpuThreads",
            "hardware.memorySize",
            "hardware.numaInfo.numNodes",
            "summary.hardware.cpuModel",
        ];
        if self.primary.scope == Scope::Host {
            return node_info_of(&self.host_props(PATHS)?);
        }
        let infos: Vec<NodeInfo> = self
            .scope_hosts(PATHS)?
            .iter()
            .map(node_info_of)
            .collect::<Result<_>>()?;
        let Some(first) = infos.first() else {
            return Err(Error::internal("Could not retrieve the host systems"));
        };
        let cpus = infos.iter().map(|i| i.cpus).sum();
        Ok(NodeInfo {
            model: first.model.clone(),
            memory: infos.iter().map(|i| i.memory).sum(),
            cpus,
            mhz: infos.iter().map(|i| i.mhz).min().unwrap_or(0),
            nodes: 1,
            sockets: 1,
            cores: cpus,
            threads: 1,
        })
    }

    /// `virNodeGetFreeMemory`: bytes not used on the host (on all hosts in scope).
    pub fn free_memory(&self) -> Result<u64> {
        const PATHS: &[&str] = &[
            "summary.quickStats.overallMemoryUsage",
            "hardware.memorySize",
        ];
        if self.primary.scope == Scope::Host {
            return free_memory_of(&self.host_props(PATHS)?);
        }
        let mut free = 0;
        for o in self.scope_hosts(PATHS)? {
            free += free_memory_of(&o)?;
        }
        Ok(free)
    }

    /// `virConnectGetMaxVcpus`: the host's `capability.maxSupportedVcpus`. Where the host does
    /// not say (libvirt's ESX driver never asks), the function is not supported, as in libvirt.
    pub fn max_vcpus(&self) -> Result<i32> {
        let o = self.host_props(&["capability.maxSupportedVcpus"])?;
        match o
            .get("capability.maxSupportedVcpus")
            .and_then(|n| n.as_i64())
        {
            Some(n) if n > 0 => Ok(n as i32),
            _ => Err(Error::new(
                crate::error::domain::DOMAIN,
                crate::error::code::NO_SUPPORT,
                "virConnectGetMaxVcpus",
            )),
        }
    }

    /// `virConnectGetCapabilities`: libvirt's capabilities XML for this host, read from the
    /// server the first time only.
    pub fn capabilities(&self) -> Result<String> {
        if let Some(c) = self.capabilities.get() {
            return Ok(c.clone());
        }
        let xml = self.read_capabilities()?;
        Ok(self.capabilities.get_or_init(|| xml).clone())
    }

    fn read_capabilities(&self) -> Result<String> {
        let o = self.host_props(&["hardware.cpuFeature", "hardware.systemInfo.uuid"])?;
        let long_mode = long_mode(&o)?;
        let uuid = o.get_str("hardware.systemInfo.uuid").unwrap_or_default();
        let uuid = escape(uuid);
        let arch = if long_mode { "x86_64" } else { "i686" };
        let guest = |arch: &str, bits: u32| {
            format!(
                "  <guest>\n    <os_type>hvm</os_type>\n    <arch name='{arch}'>\n      \
                 <wordsize>{bits}</wordsize>\n      <domain type='vmware'/>\n    </arch>\n  \
                 </guest>\n\n"
            )
        };
        let mut xml = format!(
            "<capabilities>\n\n  <host>\n    <uuid>{uuid}</uuid>\n    <cpu>\n      \
             <arch>{arch}</arch>\n    </cpu>\n    <power_management/>\n    \
             <iommu support='no'/>\n    <migration_features>\n      <live/>\n      \
             <uri_transports>\n        <uri_transport>vpxmigr</uri_transport>\n      \
             </uri_transports>\n    </migration_features>\n  </host>\n\n"
        );
        xml.push_str(&guest("i686", 32));
        if long_mode {
            xml.push_str(&guest("x86_64", 64));
        }
        xml.push_str("</capabilities>\n");
        Ok(xml)
    }
}

/// Text for an XML element's content or attribute.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&apos;")
        .replace('"', "&quot;")
}

/// Bit 29 (long mode) of CPUID 0x80000001's edx, as `hardware.cpuFeature` writes it.
fn long_mode(o: &ObjectContent) -> Result<bool> {
    let Some(features) = o.get("hardware.cpuFeature") else {
        return Ok(false);
    };
    for info in &features.children {
        if info
            .child_text("level")
            .and_then(|l| l.trim().parse::<i64>().ok())
            != Some(-2147483647)
        {
            continue;
        }
        let edx = info.child_text("edx").unwrap_or_default();
        let bits: Vec<char> = edx.chars().filter(|c| *c != ':').collect();
        // the string runs from bit 31 down to bit 0
        return match bits.get(2) {
            Some('1') if bits.len() == 32 => Ok(true),
            Some('0') if bits.len() == 32 => Ok(false),
            other => Err(Error::internal(format!(
                "Bit 29 (Long Mode) of HostSystem property 'hardware.cpuFeature[].edx' with value \
                 '{edx}' has unexpected value '{}', expecting '0' or '1'",
                other.copied().unwrap_or('?')
            ))),
        };
    }
    Ok(false)
}

/// One host's `virNodeInfo`.
fn node_info_of(o: &ObjectContent) -> Result<NodeInfo> {
    // a reply without the sizes, or with no numbers in them, is an error, not zeros
    let cores = o.need_i64("hardware.cpuInfo.numCpuCores")?;
    let packages = o.need_i64("hardware.cpuInfo.numCpuPackages")?;
    let threads = o.need_i64("hardware.cpuInfo.numCpuThreads")?;
    let memory = o.need_i64("hardware.memorySize")?;
    let hz = o.need_i64("hardware.cpuInfo.hz")?;
    let nodes = o.get_i64("hardware.numaInfo.numNodes")?.unwrap_or(0);
    let model = o
        .get_str("summary.hardware.cpuModel")
        .ok_or_else(|| Error::internal("Missing 'summary.hardware.cpuModel' property"))?;
    Ok(NodeInfo {
        model: short_cpu_model(model),
        memory: (memory / 1024) as u64,
        cpus: cores as u32,
        mhz: (hz / 1_000_000) as u32,
        nodes: nodes as u32,
        sockets: packages as u32,
        cores: if packages > 0 {
            (cores / packages) as u32
        } else {
            0
        },
        threads: if cores > 0 {
            (threads / cores) as u32
        } else {
            0
        },
    })
}

/// One host's free memory in bytes.
fn free_memory_of(o: &ObjectContent) -> Result<u64> {
    let used = o
        .get("summary.quickStats.overallMemoryUsage")
        .and_then(|n| n.as_i64())
        .ok_or_else(|| {
            Error::internal("Missing 'summary.quickStats.overallMemoryUsage' property")
        })?;
    let size = o
        .get("hardware.memorySize")
        .and_then(|n| n.as_i64())
        .ok_or_else(|| Error::internal("Missing 'hardware.memorySize' property"))?;
    Ok((size - used * 1_048_576).max(0) as u64)
}

/// The CPU model shortened as libvirt does to fit `virNodeInfo.model` (31 characters): runs of
/// spaces collapsed, `(R)`, `(C)` and `(TM)` dropped.
fn short_cpu_model(model: &str) -> String {
    let mut out = String::new();
    let mut rest = model;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("  ") {
            rest = &rest[1..];
            continue;
        }
        if rest.starts_with("(R)") || rest.starts_with("(C)") {
            rest = &rest[3..];
            continue;
        }
        if rest.starts_with("(TM)") {
            rest = &rest[4..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    let mut end = out.len().min(31);
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out.truncate(end);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn cpu_model_is_shortened_like_libvirt() {
        assert_eq!(
            super::short_cpu_model("Intel(R) Core(TM) i7-3615QM CPU @ 2.30GHz"),
            "Intel Core i7-3615QM CPU @ 2.30"
        );
    }
}
