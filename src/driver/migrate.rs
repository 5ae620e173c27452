//! Migration between ESX hosts through their vCenter, in libvirt's version-1 protocol: the
//! destination prepares (names the target as `vpxmigr://<vCenter>/<resource pool>/<host>`), the
//! source performs (`ValidateMigration`, then `MigrateVM_Task`), the destination finishes (the
//! domain, looked up there).

use super::connect::{resolve_ipv4, Scope, Session};
use super::domain::{check_flags, Domain};
use super::Connection;
use crate::error::{code, domain as from, Error, Result};
use crate::uri::Scheme;
use crate::vsphere::{MoRef, Obj, QuestionInfo, Val};

/// `VIR_MIGRATE_LIVE | VIR_MIGRATE_PERSIST_DEST | VIR_MIGRATE_UNDEFINE_SOURCE |
/// VIR_MIGRATE_PAUSED`: what libvirt's ESX driver accepts.
pub const ESX_MIGRATION_FLAGS: u32 = 1 | 8 | 16 | 32;

fn invalid(detail: &str) -> Error {
    Error::new(from::ESX, code::INVALID_ARG, detail)
}

impl Connection {
    /// The vCenter behind the connection: the connection itself for vpx://, the `vcenter=`
    /// login for esx:// and gsx://.
    fn vcenter(&self) -> Option<&Session> {
        match self.parsed.scheme {
            Scheme::Vpx => Some(&self.primary),
            _ => self.vcenter.as_ref(),
        }
    }

    /// Whether libvirt's version-1 migration protocol is available: a vCenter, and a host
    /// that does not say it lacks vMotion. A host with no `capability` object at all (vcsim's)
    /// says nothing: the vCenter's own checks decide (libvirt 9.0 refuses).
    pub fn supports_migration(&self) -> Result<bool> {
        if self.vcenter().is_none() {
            return Ok(false);
        }
        let s = &self.primary;
        let o = s
            .client
            .retrieve_object(&s.host, &["capability.vmotionSupported"])?;
        Ok(o.get("capability.vmotionSupported")
            .and_then(|n| n.as_bool())
            .unwrap_or(true))
    }

    /// Prepare, on the destination: the URI the source migrates to.
    pub fn migrate_prepare(&self, uri_in: Option<&str>, flags: u32) -> Result<Option<String>> {
        check_flags(flags, ESX_MIGRATION_FLAGS, "esxDomainMigratePrepare")?;
        if uri_in.is_some() {
            return Ok(None);
        }
        let v = self
            .vcenter()
            .ok_or_else(|| invalid("Migration not possible without a vCenter"))?;
        if v.scope != Scope::Host {
            return Err(invalid(
                "Migration destination has to be a host: name one in the destination URI \
                 (vpx://vcenter/datacenter/[cluster/]host)",
            ));
        }
        Ok(Some(format!(
            "vpxmigr://{}/{}/{}",
            v.address, v.resource_pool.value, v.host.value
        )))
    }

    /// Perform, on the source: validate the move, then move the VM and wait for it.
    pub fn migrate_perform(
        &self,
        d: &Domain,
        uri: &str,
        flags: u32,
        dname: Option<&str>,
    ) -> Result<()> {
        check_flags(flags, ESX_MIGRATION_FLAGS, "esxDomainMigratePerform")?;
        let v = self
            .vcenter()
            .ok_or_else(|| invalid("Migration not possible without a vCenter"))?;
        if dname.is_some() {
            return Err(invalid("Renaming domains on migration not supported"));
        }
        let Some(rest) = uri
            .split_once("://")
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("vpxmigr"))
            .map(|(_, rest)| rest)
        else {
            return Err(invalid("Only vpxmigr:// migration URIs are supported"));
        };
        let (server, path) = rest.split_once('/').unwrap_or((rest, ""));
        if !server.eq_ignore_ascii_case(&v.address) {
            return Err(invalid(
                "Migration source and destination have to refer to the same vCenter",
            ));
        }
        let (pool, host) = match path.split_once('/') {
            Some((p, h)) if !p.is_empty() && !h.is_empty() => (p, h),
            _ => {
                return Err(invalid(
                    "Migration URI has to specify resource pool and host system",
                ))
            }
        };
        let pool = MoRef::new("ResourcePool", pool);
        let host = MoRef::new("HostSystem", host);
        // a cluster or datacenter connection has no one host of its own: the vCenter says
        // whether the VM is there already
        if v.scope == Scope::Host && host == v.host {
            return Err(invalid(&format!(
                "Migration source and destination are the same host ('{}')",
                v.host_name
            )));
        }
        // the VM as the vCenter knows it
        let uuid = super::domain::format_uuid(&d.uuid);
        let vm = v
            .client
            .find_by_uuid(&uuid, true, Some(&v.datacenter))?
            .ok_or_else(|| {
                Error::new(
                    from::ESX,
                    code::NO_DOMAIN,
                    format!("Could not find domain with UUID '{uuid}'"),
                )
            })?;
        let events = match v.client.invoke(
            "ValidateMigration",
            &MoRef::new("ServiceInstance", "ServiceInstance"),
            &[
                ("vm", Val::List(vec![Val::from(&vm)])),
                ("pool", Val::from(&pool)),
                ("host", Val::from(&host)),
            ],
        ) {
            // a server without the check (vcsim) still checks in the move itself
            Err(e) if not_there(&e) => Vec::new(),
            other => other?,
        };
        if let Some(event) = events.first() {
            return Err(Error::internal(
                match event.child_text("fullFormattedMessage") {
                    Some(m) if !m.is_empty() => {
                        format!("Could not migrate domain, validation reported a problem: {m}")
                    }
                    _ => "Could not migrate domain, validation reported a problem".to_string(),
                },
            ));
        }
        let task =
            match v
                .client
                .migrate_vm_task(&vm, Some(&pool), Some(&host), "defaultPriority", None)
            {
                // a server without MigrateVM_Task (vcsim) moves the VM with RelocateVM_Task,
                // the same move stated as a relocation spec
                Err(e) if not_there(&e) => v.client.relocate_vm_task(
                    &vm,
                    Val::Obj(
                        Obj::new("VirtualMachineRelocateSpec")
                            .field("pool", &pool)
                            .field("host", &host),
                    ),
                    Some("defaultPriority"),
                )?,
                other => other?,
            };
        let auto_answer = self.parsed.auto_answer;
        let mut hook = |c: &crate::vsphere::Client, vm: &MoRef, q: &QuestionInfo| {
            c.handle_question(vm, q, auto_answer)
        };
        let info = v.client.wait_for_task(&task, Some((&vm, &mut hook)))?;
        if let Err(e) = info.clone().into_result() {
            let detail = e
                .fault()
                .map(|_| info.error_message())
                .unwrap_or_else(|| e.to_error().message);
            return Err(Error::internal(format!(
                "Could not migrate domain, migration task finished with an error: {detail}"
            )));
        }
        Ok(())
    }

    /// Finish, on the destination: the migrated domain, found by its UUID (libvirt looks the
    /// name up; names may repeat in a vCenter, and vcsim's RelocateVM_Task leaves the VM in
    /// its old host's `vm` list).
    pub fn migrate_finish(&self, d: &Domain, flags: u32) -> Result<Domain> {
        check_flags(flags, ESX_MIGRATION_FLAGS, "esxDomainMigrateFinish")?;
        self.lookup_by_uuid(&d.uuid)
    }
}

/// A fault saying the server does not have the method.
fn not_there(e: &crate::vsphere::ViError) -> bool {
    e.is_fault("MethodNotFound") || e.is_fault("NotImplemented")
}

/// The vCenter address a session's URL names, as an IPv4 address (what `vpxmigr://` carries).
pub fn session_address(hostname: &str) -> String {
    resolve_ipv4(hostname).unwrap_or_else(|_| hostname.to_string())
}

/// `VIR_MIGRATE_*` flags libvirt's public dispatch looks at.
mod flag {
    pub const PEER2PEER: u32 = 2;
    pub const TUNNELLED: u32 = 4;
    pub const PAUSED: u32 = 32;
    pub const CHANGE_PROTECTION: u32 = 256;
    pub const OFFLINE: u32 = 1024;
    pub const ABORT_ON_ERROR: u32 = 4096;
    pub const AUTO_CONVERGE: u32 = 8192;
}

fn unsupported_argument(detail: &str) -> Error {
    Error::new(from::DOMAIN, code::ARGUMENT_UNSUPPORTED, detail)
}

/// What the caller asked of a migration.
#[derive(Clone, Copy)]
pub struct Request<'a> {
    pub flags: u32,
    /// A new name (refused: ESX cannot rename on migration).
    pub dname: Option<&'a str>,
    /// The destination URI, if the caller gave one (else the destination prepares it).
    pub uri: Option<&'a str>,
    /// Whether the caller gave a destination XML (refused by the version-1 protocol).
    pub dxml: bool,
    /// The public function, for "not supported" errors.
    pub api: &'a str,
}

/// `virDomainMigrate`/`Migrate2`/`Migrate3` as libvirt's public API dispatches them for a
/// driver offering only the version-1 protocol: the checks it makes, then prepare on the
/// destination, perform on the source, finish on the destination. `api` names the function
/// for "not supported" errors.
pub fn migrate(src: &Connection, d: &Domain, dst: &Connection, req: &Request) -> Result<Domain> {
    let Request {
        mut flags,
        dname,
        uri,
        dxml,
        api,
    } = *req;
    let no_support = || Error::new(from::DOMAIN, code::NO_SUPPORT, api);
    if flags & flag::OFFLINE != 0 {
        return Err(unsupported_argument(
            "offline migration is not supported by the source host",
        ));
    }
    if flags & flag::PEER2PEER != 0 {
        return Err(no_support());
    }
    if flags & flag::CHANGE_PROTECTION != 0 {
        return Err(unsupported_argument("cannot enforce change protection"));
    }
    if flags & flag::TUNNELLED != 0 {
        return Err(Error::new(
            from::DOMAIN,
            code::OPERATION_INVALID,
            "cannot perform tunnelled migration without using peer2peer flag",
        ));
    }
    for (c, side) in [(src, "source"), (dst, "destination")] {
        if c.vcenter().is_none() {
            // libvirt's code and wording, with the reason
            return Err(Error::new(
                from::DOMAIN,
                code::NO_SUPPORT,
                format!(
                    "{api} (the {side} connection has no vCenter: migration goes through one, \
                     connect with vpx:// or with esx://...?vcenter=)"
                ),
            ));
        }
        if !c.supports_migration()? {
            return Err(no_support());
        }
    }
    if dxml {
        return Err(unsupported_argument(
            "Unable to change target guest XML during migration",
        ));
    }
    // version 1
    if src.domain_state(d)? == super::domain::STATE_PAUSED {
        flags |= flag::PAUSED;
    }
    let dest_flags = flags & !(flag::ABORT_ON_ERROR | flag::AUTO_CONVERGE);
    let prepared = dst.migrate_prepare(uri, dest_flags)?;
    let target = match (prepared, uri) {
        (Some(u), _) => u,
        (None, Some(u)) => u.to_string(),
        (None, None) => {
            return Err(Error::internal("domainMigratePrepare did not set uri"));
        }
    };
    src.migrate_perform(d, &target, flags, dname)?;
    dst.migrate_finish(d, dest_flags)
}
