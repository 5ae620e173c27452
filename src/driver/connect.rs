//! Opening a connection: the server's product checked against the scheme, credentials, login,
//! and the datacenter, compute resource and host the connection works on.

use super::auth::{self, AuthConfig, Prompter};
use crate::error::{code, domain, Error, Result};
use crate::uri::{EsxUri, ProxyKind, Scheme};
use crate::vsphere::{Client, ConnectOptions, Inventory, InventoryItem, MoRef, PropertySpec};

/// The product behind an endpoint, as libvirt's ESX driver tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Product {
    Esx,
    Gsx,
    Vpx,
}

impl Product {
    fn display(self) -> &'static str {
        match self {
            Product::Esx => "ESX",
            Product::Gsx => "GSX",
            Product::Vpx => "VPX",
        }
    }

    fn scheme(self) -> &'static str {
        match self {
            Product::Esx => "esx",
            Product::Gsx => "gsx",
            Product::Vpx => "vpx",
        }
    }
}

/// What a connection covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One host: esx://, gsx://, and vpx:// with a host in the path (libvirt's connections).
    Host,
    /// Every host of a vCenter cluster (`vpx://vc/dc/cluster`), beyond libvirt.
    Cluster,
    /// Every host of a datacenter (`vpx://vc/dc`), beyond libvirt.
    Datacenter,
}

/// One logged-in endpoint and the inventory objects the connection works on.
pub struct Session {
    /// Shared with what outlives a call: a volume upload's stream finishes its transfer with it,
    /// the connection's event watcher thread waits for changes with it.
    pub client: std::sync::Arc<Client>,
    pub product: Product,
    /// major * 1000000 + minor * 1000 + micro
    pub version: u64,
    pub datacenter: MoRef,
    /// The datacenter's inventory path, folders included (`vmware:datacenterpath`).
    pub datacenter_path: String,
    pub vm_folder: MoRef,
    pub compute_resource: MoRef,
    pub resource_pool: MoRef,
    /// The host; in a cluster or datacenter scope, the first of its hosts by name, which
    /// answers for the scope where one host has to (datastores, networks, capabilities).
    pub host: MoRef,
    pub host_name: String,
    pub scope: Scope,
    /// The hosts in scope (the host alone in a host scope).
    pub hosts: Vec<MoRef>,
    /// `summary.managementServerIp` of the host: its vCenter, if any.
    pub management_server_ip: Option<String>,
    /// The endpoint's IPv4 address (what a `vpxmigr://` URI names a vCenter by).
    pub address: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        // best effort: the session goes away on the server anyway when it idles out
        let _ = self.client.logout();
    }
}

fn version_number(v: &str) -> u64 {
    let mut parts = v.split('.').map(|p| {
        p.chars()
            .take_while(|c| c.is_ascii_digit())
            .collect::<String>()
            .parse::<u64>()
            .unwrap_or(0)
    });
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    let micro = parts.next().unwrap_or(0);
    major * 1_000_000 + minor * 1000 + micro
}

fn product_of(client: &Client) -> Result<Product> {
    let about = client.about();
    if about.api_type != "HostAgent" && about.api_type != "VirtualCenter" {
        return Err(Error::internal(format!(
            "Expecting VI API type 'HostAgent' or 'VirtualCenter' but found '{}'",
            about.api_type
        )));
    }
    match about.product_line_id.as_str() {
        "gsx" => Ok(Product::Gsx),
        "esx" | "embeddedEsx" => Ok(Product::Esx),
        "vpx" => Ok(Product::Vpx),
        other => Err(Error::internal(format!(
            "Expecting product 'gsx' or 'esx' or 'embeddedEsx' or 'vpx' but found '{other}'"
        ))),
    }
}

/// The connection's settings: the URI's, else the environment's (`LIBVIRT_ESX_CACERT`,
/// `LIBVIRT_ESX_TIMEOUT`).
fn connect_options(uri: &EsxUri) -> Result<ConnectOptions> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let timeout = match uri.timeout {
        Some(t) => Some(t),
        None => env("LIBVIRT_ESX_TIMEOUT")
            .map(|v| crate::uri::parse_timeout("LIBVIRT_ESX_TIMEOUT", &v))
            .transpose()?,
    };
    Ok(ConnectOptions {
        no_verify: uri.no_verify,
        cacert: uri.cacert.clone().or_else(|| env("LIBVIRT_ESX_CACERT")),
        proxy: uri.proxy.as_ref().map(|p| {
            let kind = match p.kind {
                ProxyKind::Http => "http",
                ProxyKind::Socks4 => "socks4",
                ProxyKind::Socks4a => "socks4a",
                ProxyKind::Socks5 => "socks5",
            };
            format!("{kind}://{}:{}", p.host, p.port)
        }),
        timeout: timeout.map(std::time::Duration::from_secs),
    })
}

/// What the connection asks of each endpoint it logs in to.
pub struct Login<'a> {
    pub uri: &'a EsxUri,
    pub conf: &'a AuthConfig,
    pub prompter: Option<&'a mut (dyn Prompter + 'static)>,
}

/// Connect to `hostname` (the URI's port and transport), check its product is `expected`, ask
/// for credentials and log in.
fn login(
    l: &mut Login,
    hostname: &str,
    port: u16,
    expected: Product,
    default_user: &str,
) -> Result<(Client, Product)> {
    let host = if hostname.contains(':') {
        format!("[{hostname}]")
    } else {
        hostname.to_string()
    };
    let url = format!(
        "{}://{host}:{port}/sdk",
        if l.uri.https { "https" } else { "http" }
    );
    // credentials first, as libvirt asks for them; the product is checked before they are sent
    let scheme = l.uri.scheme.name();
    let user = match &l.uri.user {
        Some(u) => u.clone(),
        None => auth::username(
            l.conf,
            l.prompter.as_deref_mut(),
            scheme,
            default_user,
            hostname,
        )?,
    };
    let password = auth::password(l.conf, l.prompter.as_deref_mut(), scheme, &user, hostname)?;
    let client = Client::connect(&url, &connect_options(l.uri)?)?;
    let product = product_of(&client)?;
    if product != expected {
        return Err(Error::internal(format!(
            "Expecting '{hostname}' to be a {} host but found a {} host (connect to it with {}://)",
            expected.display(),
            product.display(),
            product.scheme()
        )));
    }
    client
        .login(&user, &password)
        .map_err(|e| match e.fault() {
            Some(f) if f.fault_type == "InvalidLogin" || f.fault_type == "NoPermission" => {
                Error::new(
                    domain::ESX,
                    code::AUTH_FAILED,
                    format!(
                        "Login to '{hostname}' as '{user}' was refused: {}",
                        f.message
                    ),
                )
            }
            _ => Error::from(e),
        })?;
    Ok((client, product))
}

/// Host properties read with the inventory at open.
const HOST_PROPS: &[&str] = &["name", "parent", "summary.managementServerIp"];

fn inventory(client: &Client) -> Result<Inventory> {
    let props = vec![
        PropertySpec::new("Folder", &["name", "parent"]),
        PropertySpec::new("Datacenter", &["name", "parent", "hostFolder", "vmFolder"]),
        PropertySpec::new(
            "ComputeResource",
            &["name", "parent", "host", "resourcePool"],
        ),
        PropertySpec::new(
            "ClusterComputeResource",
            &["name", "parent", "host", "resourcePool"],
        ),
        PropertySpec::new("HostSystem", HOST_PROPS),
    ];
    let objects = client.find_objects(&client.service_content().root_folder, &props)?;
    Ok(Inventory::from_objects(objects))
}

fn names(items: &[&InventoryItem]) -> String {
    let mut n: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
    n.sort_unstable();
    if n.is_empty() {
        "none".to_string()
    } else {
        n.join(", ")
    }
}

fn children<'a>(inv: &'a Inventory, parent: &MoRef) -> Vec<&'a InventoryItem> {
    inv.all()
        .filter(|i| i.parent.as_ref() == Some(parent))
        .collect()
}

struct Found<'a> {
    datacenter: &'a InventoryItem,
    datacenter_path: String,
    compute: &'a InventoryItem,
    host: &'a InventoryItem,
    scope: Scope,
    hosts: Vec<&'a InventoryItem>,
}

impl<'a> Found<'a> {
    /// A one-host connection.
    fn host(
        datacenter: &'a InventoryItem,
        datacenter_path: String,
        compute: &'a InventoryItem,
        host: &'a InventoryItem,
    ) -> Found<'a> {
        Found {
            datacenter,
            datacenter_path,
            compute,
            host,
            scope: Scope::Host,
            hosts: vec![host],
        }
    }

    /// A connection to every host of `hosts` (sorted by name; `what` names the scope for the
    /// error when there is none).
    fn many(
        inv: &'a Inventory,
        datacenter: &'a InventoryItem,
        datacenter_path: String,
        scope: Scope,
        mut hosts: Vec<&'a InventoryItem>,
        what: &str,
    ) -> Result<Found<'a>> {
        hosts.sort_by(|a, b| a.name.cmp(&b.name));
        let Some(host) = hosts.first().copied() else {
            return Err(Error::new(
                domain::ESX,
                code::INVALID_ARG,
                format!("{what} holds no host system"),
            ));
        };
        let compute = host
            .parent
            .as_ref()
            .and_then(|p| inv.compute_resources.iter().find(|c| c.obj == *p))
            .ok_or_else(|| Error::internal("Could not retrieve the compute resource"))?;
        Ok(Found {
            datacenter,
            datacenter_path,
            compute,
            host,
            scope,
            hosts,
        })
    }
}

/// The only datacenter, compute resource and host of an ESX or GSX server.
fn find_single(inv: &Inventory) -> Result<Found<'_>> {
    fn first<'a>(items: &'a [InventoryItem], what: &str) -> Result<&'a InventoryItem> {
        items
            .first()
            .ok_or_else(|| Error::internal(format!("Could not retrieve the {what}")))
    }
    let dc = first(&inv.datacenters, "datacenter")?;
    let compute = first(&inv.compute_resources, "compute resource")?;
    let host = first(&inv.hosts, "host system")?;
    Ok(Found::host(dc, dc.name.clone(), compute, host))
}

/// Resolve `[folder/...]datacenter/[folder/...][cluster/]host` in a vCenter's inventory.
fn find_by_path<'a>(inv: &'a Inventory, client: &Client, path: &str) -> Result<Found<'a>> {
    let items: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut it = items.iter().peekable();
    let invalid = |d: String| Error::new(domain::ESX, code::INVALID_ARG, d);
    if it.peek().is_none() {
        return Err(invalid(
            "Path has to specify the datacenter and compute resource".to_string(),
        ));
    }
    // datacenter, below folders
    let mut root = client.service_content().root_folder.clone();
    let mut walked: Vec<&str> = Vec::new();
    let datacenter = loop {
        let Some(item) = it.next() else {
            return Err(Error::internal(format!(
                "Could not find datacenter specified in '{path}'"
            )));
        };
        walked.push(item);
        let kids = children(inv, &root);
        if let Some(f) = kids
            .iter()
            .find(|k| k.obj.ty == "Folder" && k.name == **item)
        {
            root = f.obj.clone();
            continue;
        }
        if let Some(dc) = kids
            .iter()
            .find(|k| k.obj.ty == "Datacenter" && k.name == **item)
        {
            break *dc;
        }
        return Err(Error::internal(format!(
            "Could not find datacenter specified in '{path}': there is no folder or datacenter \
             '{item}' in '/{}' (it holds: {})",
            walked[..walked.len() - 1].join("/"),
            names(&kids)
        )));
    };
    let datacenter_path = walked.join("/");
    // compute resource, below the datacenter's host folder and its folders
    let Some(host_folder) = datacenter.content.get_moref("hostFolder") else {
        return Err(Error::internal(
            "Could not retrieve the datacenter's host folder",
        ));
    };
    if it.peek().is_none() {
        // beyond libvirt: the whole datacenter
        let hosts: Vec<&InventoryItem> = inv
            .hosts
            .iter()
            .filter(|h| {
                inv.datacenter_of(&h.obj)
                    .is_some_and(|d| d.obj == datacenter.obj)
            })
            .collect();
        let what = format!("Datacenter '{datacenter_path}'");
        return Found::many(
            inv,
            datacenter,
            datacenter_path,
            Scope::Datacenter,
            hosts,
            &what,
        );
    }
    let mut root = host_folder;
    let mut last;
    let compute = loop {
        let Some(item) = it.next() else {
            let kids = children(inv, &root);
            return Err(invalid(format!(
                "Path '{path}' ends at a folder; name a cluster or host in it (it holds: {})",
                names(&kids)
            )));
        };
        last = item;
        walked.push(item);
        let kids = children(inv, &root);
        if let Some(f) = kids
            .iter()
            .find(|k| k.obj.ty == "Folder" && k.name == **item)
        {
            root = f.obj.clone();
            continue;
        }
        if let Some(c) = kids
            .iter()
            .find(|k| k.obj.ty.ends_with("ComputeResource") && k.name == **item)
        {
            break *c;
        }
        return Err(Error::internal(format!(
            "Could not find compute resource specified in '{path}': there is no folder, \
             cluster or host '{item}' in datacenter '{datacenter_path}' (it holds: {})",
            names(&kids)
        )));
    };
    let host_name = if compute.obj.ty == "ClusterComputeResource" {
        match it.next() {
            Some(h) => *h,
            None => {
                // beyond libvirt: the whole cluster
                let hosts: Vec<&InventoryItem> = children(inv, &compute.obj)
                    .into_iter()
                    .filter(|h| h.obj.ty == "HostSystem")
                    .collect();
                let what = format!("Cluster '{}'", compute.name);
                return Found::many(
                    inv,
                    datacenter,
                    datacenter_path,
                    Scope::Cluster,
                    hosts,
                    &what,
                )
                .map(|f| Found { compute, ..f });
            }
        }
    } else {
        last
    };
    if let Some(extra) = it.next() {
        return Err(invalid(format!(
            "Path '{path}' ends with an excess item '{extra}'"
        )));
    }
    let hosts = children(inv, &compute.obj);
    let Some(host) = hosts
        .iter()
        .find(|h| h.obj.ty == "HostSystem" && h.name == host_name)
    else {
        return Err(Error::internal(format!(
            "Could not find host system specified in '{path}': '{}' holds: {}",
            compute.name,
            names(&hosts)
        )));
    };
    Ok(Found::host(datacenter, datacenter_path, compute, host))
}

fn session_from(client: Client, product: Product, found: Found, hostname: &str) -> Result<Session> {
    let vm_folder = found
        .datacenter
        .content
        .get_moref("vmFolder")
        .ok_or_else(|| Error::internal("Could not retrieve the datacenter's VM folder"))?;
    let resource_pool = found
        .compute
        .content
        .get_moref("resourcePool")
        .ok_or_else(|| Error::internal("Could not retrieve resource pool"))?;
    let version = version_number(&client.about().version);
    Ok(Session {
        product,
        version,
        datacenter: found.datacenter.obj.clone(),
        datacenter_path: found.datacenter_path,
        vm_folder,
        compute_resource: found.compute.obj.clone(),
        resource_pool,
        host: found.host.obj.clone(),
        host_name: found.host.name.clone(),
        scope: found.scope,
        hosts: found.hosts.iter().map(|h| h.obj.clone()).collect(),
        management_server_ip: found
            .host
            .content
            .get_str("summary.managementServerIp")
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        address: super::migrate::session_address(hostname),
        client: std::sync::Arc::new(client),
    })
}

/// Log in to an ESX or GSX host and find its objects.
pub fn open_host(l: &mut Login) -> Result<Session> {
    let expected = if l.uri.scheme == Scheme::Gsx {
        Product::Gsx
    } else {
        Product::Esx
    };
    let host = l.uri.host.clone();
    let (client, product) = login(l, &host, l.uri.port, expected, "root")?;
    let inv = inventory(&client)?;
    let found = find_single(&inv)?;
    session_from(client, product, found, &host)
}

/// Log in to a vCenter and find the host the URI's path names.
pub fn open_vcenter(l: &mut Login) -> Result<Session> {
    let host = l.uri.host.clone();
    let path = l.uri.path.clone();
    if path.trim_matches('/').is_empty() {
        return Err(Error::new(
            domain::ESX,
            code::INVALID_ARG,
            "Path has to specify the datacenter and compute resource",
        ));
    }
    let (client, product) = login(l, &host, l.uri.port, Product::Vpx, "administrator")?;
    let inv = inventory(&client)?;
    let found = find_by_path(&inv, &client, &path)?;
    session_from(client, product, found, &host)
}

/// The IPv4 address of `host`, as libvirt's `esxUtil_ResolveHostname` finds it.
pub fn resolve_ipv4(host: &str) -> Result<String> {
    use std::net::ToSocketAddrs;
    let addrs = (host, 0)
        .to_socket_addrs()
        .map_err(|e| Error::internal(format!("IP address lookup for host '{host}' failed: {e}")))?;
    addrs
        .filter_map(|a| match a {
            std::net::SocketAddr::V4(v4) => Some(v4.ip().to_string()),
            std::net::SocketAddr::V6(_) => None,
        })
        .next()
        .ok_or_else(|| Error::internal(format!("No IP address for host '{host}' found")))
}

/// Log in to the vCenter named by `vcenter=` on an esx:// or gsx:// URI and find the host
/// there. `*` takes the host's own `summary.managementServerIp`; a named vCenter must be the
/// one managing the host. `name:port` gives the vCenter its own port (otherwise the URI's).
pub fn open_vcenter_of_host(l: &mut Login, host: &Session) -> Result<Session> {
    let spec = l.uri.vcenter.clone().unwrap_or_default();
    let managed_by = host.management_server_ip.clone();
    let (name, port) = match spec.rsplit_once(':') {
        Some((n, p)) if !n.contains(':') && p.parse::<u16>().is_ok() => {
            (n.to_string(), p.parse::<u16>().unwrap_or(l.uri.port))
        }
        _ => (spec.clone(), l.uri.port),
    };
    let vcenter_ip = if name == "*" {
        managed_by
            .clone()
            .ok_or_else(|| Error::internal("This host is not managed by a vCenter"))?
    } else {
        let ip = resolve_ipv4(&name)?;
        if let Some(m) = &managed_by {
            if *m != ip {
                return Err(Error::internal(format!(
                    "This host is managed by a vCenter with IP address {m}, but a mismatching \
                     vCenter '{name}' ({ip}) has been specified"
                )));
            }
        }
        ip
    };
    let hostname = if name == "*" {
        vcenter_ip.clone()
    } else {
        name
    };
    let (client, product) = login(l, &hostname, port, Product::Vpx, "administrator")?;
    let host_ip = resolve_ipv4(&l.uri.host)?;
    let search_index = client
        .service_content()
        .search_index
        .clone()
        .ok_or_else(|| Error::internal("The vCenter has no search index"))?;
    let found: Option<MoRef> = client.invoke_opt(
        "FindByIp",
        &search_index,
        &[
            ("ip", crate::vsphere::Val::from(host_ip.as_str())),
            ("vmSearch", crate::vsphere::Val::from(false)),
        ],
    )?;
    let Some(host_ref) = found else {
        return Err(Error::internal(format!(
            "Could not find host system with IP address '{host_ip}' in vCenter '{hostname}'"
        )));
    };
    let inv = inventory(&client)?;
    let host_item = inv
        .hosts
        .iter()
        .find(|h| h.obj == host_ref)
        .ok_or_else(|| Error::internal("Could not retrieve the host system"))?;
    let compute = host_item
        .parent
        .as_ref()
        .and_then(|p| inv.compute_resources.iter().find(|c| c.obj == *p))
        .ok_or_else(|| Error::internal("Could not retrieve the compute resource"))?;
    let datacenter = inv
        .datacenter_of(&compute.obj)
        .ok_or_else(|| Error::internal("Could not retrieve the datacenter"))?;
    let datacenter_path = inv
        .path_of(&datacenter.obj)
        .unwrap_or_else(|| datacenter.name.clone());
    session_from(
        client,
        product,
        Found::host(datacenter, datacenter_path, compute, host_item),
        &hostname,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn versions() {
        assert_eq!(super::version_number("6.5.0"), 6_005_000);
        assert_eq!(super::version_number("7.0.3a"), 7_000_003);
        assert_eq!(super::version_number("5"), 5_000_000);
    }
}
