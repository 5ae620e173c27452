//! The per-domain statistics calls (`virDomainMemoryStats`, `virDomainGetCPUStats`,
//! `virDomainBlockStats`, `virDomainInterfaceStats`, `virDomainGetBlockInfo`,
//! `virDomainGetVcpus`): each reads the groups it needs through [`Connection::domain_stats`]
//! (one property-collector call, plus one `QueryPerf` call when it needs counters) and answers
//! with the same figures `virConnectGetAllDomainStats` gives, with the errors of libvirt's QEMU
//! driver where a domain is not running or a device unknown.

use super::domain::{check_flags, Domain, STATE_SHUTOFF};
use super::resources::ParamValue;
use super::stats::{groups, Record};
use super::Connection;
use crate::error::{code, domain as from, Error, Result};

/// `VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON`, `VIR_DOMAIN_MEMORY_STAT_RSS`.
pub const MEMORY_STAT_ACTUAL_BALLOON: i32 = 6;
pub const MEMORY_STAT_RSS: i32 = 7;

/// `VIR_TYPED_PARAM_STRING_OKAY`, which libvirt adds to the flags of typed-parameter calls.
const TYPED_PARAM_STRING_OKAY: u32 = 1 << 2;

/// `virDomainBlockStats`' fields; -1 where VMware has no counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockStats {
    pub rd_req: i64,
    pub rd_bytes: i64,
    pub wr_req: i64,
    pub wr_bytes: i64,
    pub errs: i64,
}

/// `virDomainInterfaceStats`' fields; -1 where VMware has no counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InterfaceStats {
    pub rx_bytes: i64,
    pub rx_packets: i64,
    pub rx_errs: i64,
    pub rx_drop: i64,
    pub tx_bytes: i64,
    pub tx_packets: i64,
    pub tx_errs: i64,
    pub tx_drop: i64,
}

/// One vCPU as `virDomainGetVcpus` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vcpu {
    pub number: u32,
    /// `VIR_VCPU_RUNNING` (1) or `VIR_VCPU_OFFLINE` (0)
    pub state: i32,
    /// ns; 0 when the host has no counter
    pub cpu_time: u64,
}

fn not_running() -> Error {
    Error::new(from::ESX, code::OPERATION_INVALID, "domain is not running")
}

fn signed(r: &Record, field: &str) -> i64 {
    r.number(field)
        .map_or(-1, |v| i64::try_from(v).unwrap_or(i64::MAX))
}

impl Connection {
    fn stats_of_active(&self, d: &Domain, wanted: u32) -> Result<Record> {
        let r = self.domain_stats(d, wanted | groups::STATE)?;
        let state = match r.get("state.state") {
            Some(ParamValue::Int(s)) => *s,
            _ => 0,
        };
        if state == STATE_SHUTOFF {
            return Err(not_running());
        }
        Ok(r)
    }

    /// `virDomainMemoryStats`: the balloon's size and the host memory the VM uses, as
    /// (tag, KiB), at most `max` of them.
    pub fn domain_memory_stats(
        &self,
        d: &Domain,
        max: usize,
        flags: u32,
    ) -> Result<Vec<(i32, u64)>> {
        check_flags(flags, 0, "esxDomainMemoryStats")?;
        let r = self.stats_of_active(d, groups::BALLOON)?;
        let mut out = vec![];
        if let Some(v) = r.number("balloon.current") {
            out.push((MEMORY_STAT_ACTUAL_BALLOON, v));
        }
        if let Some(v) = r.number("balloon.rss") {
            out.push((MEMORY_STAT_RSS, v));
        }
        out.truncate(max);
        Ok(out)
    }

    /// `virDomainGetCPUStats` for the whole domain (`start_cpu` -1): its `cpu_time` (ns).
    /// VMware does not say how a VM's time splits over the host's CPUs.
    pub fn domain_cpu_time(&self, d: &Domain, start_cpu: i32, flags: u32) -> Result<u64> {
        check_flags(flags, TYPED_PARAM_STRING_OKAY, "esxDomainGetCPUStats")?;
        if start_cpu != -1 {
            return Err(Error::new(
                from::ESX,
                code::OPERATION_UNSUPPORTED,
                "VMware does not report a domain's CPU time per host CPU",
            ));
        }
        let r = self.stats_of_active(d, groups::CPU_TOTAL)?;
        r.number("cpu.time").ok_or_else(not_running)
    }

    /// `virDomainBlockStats` of a disk named by its target (`sda`) or path.
    pub fn domain_block_stats(&self, d: &Domain, disk: &str) -> Result<BlockStats> {
        let r = self.stats_of_active(d, groups::BLOCK)?;
        let i = r
            .device_index("block", disk, &["name", "path"])
            .ok_or_else(|| {
                Error::new(
                    from::ESX,
                    code::INVALID_ARG,
                    format!("invalid path: {disk}"),
                )
            })?;
        let f = |k: &str| signed(&r, &format!("block.{i}.{k}"));
        Ok(BlockStats {
            rd_req: f("rd.reqs"),
            rd_bytes: f("rd.bytes"),
            wr_req: f("wr.reqs"),
            wr_bytes: f("wr.bytes"),
            errs: -1,
        })
    }

    /// `virDomainInterfaceStats` of a NIC named by its MAC address.
    pub fn domain_interface_stats(&self, d: &Domain, device: &str) -> Result<InterfaceStats> {
        let r = self.stats_of_active(d, groups::INTERFACE)?;
        let i = r
            .device_index("net", &device.to_ascii_lowercase(), &["name"])
            .ok_or_else(|| {
                Error::new(
                    from::ESX,
                    code::INVALID_ARG,
                    format!("invalid path, '{device}' is not a known interface"),
                )
            })?;
        let f = |k: &str| signed(&r, &format!("net.{i}.{k}"));
        Ok(InterfaceStats {
            rx_bytes: f("rx.bytes"),
            rx_packets: f("rx.pkts"),
            rx_errs: -1,
            rx_drop: f("rx.drop"),
            tx_bytes: f("tx.bytes"),
            tx_packets: f("tx.pkts"),
            tx_errs: -1,
            tx_drop: f("tx.drop"),
        })
    }

    /// `virDomainGetBlockInfo`: (capacity, allocation, physical) in bytes of a disk named by
    /// its target or path; one call, running or not.
    pub fn domain_block_info(&self, d: &Domain, disk: &str, flags: u32) -> Result<[u64; 3]> {
        check_flags(flags, 0, "esxDomainGetBlockInfo")?;
        let r = self.domain_stats(d, groups::BLOCK | groups::NO_COUNTERS)?;
        let i = r
            .device_index("block", disk, &["name", "path"])
            .ok_or_else(|| {
                Error::new(
                    from::ESX,
                    code::INVALID_ARG,
                    format!("invalid path {disk} not assigned to domain"),
                )
            })?;
        let f = |k: &str| r.number(&format!("block.{i}.{k}")).unwrap_or(0);
        Ok([f("capacity"), f("allocation"), f("physical")])
    }

    /// `virDomainGetVcpus`: each vCPU's state and time.
    pub fn domain_vcpus(&self, d: &Domain) -> Result<Vec<Vcpu>> {
        let r = self.domain_stats(d, groups::VCPU | groups::STATE)?;
        let shutoff = matches!(r.get("state.state"), Some(ParamValue::Int(STATE_SHUTOFF)));
        if shutoff {
            return Err(Error::new(
                from::ESX,
                code::OPERATION_INVALID,
                "cannot list vcpu pinning for an inactive domain",
            ));
        }
        let n = r.number("vcpu.current").unwrap_or(0) as u32;
        Ok((0..n)
            .map(|i| Vcpu {
                number: i,
                state: match r.get(&format!("vcpu.{i}.state")) {
                    Some(ParamValue::Int(s)) => *s,
                    _ => 0,
                },
                cpu_time: r.number(&format!("vcpu.{i}.time")).unwrap_or(0),
            })
            .collect())
    }
}
