//! Connection URIs for the ESX driver, read as libvirt's ESX driver reads them:
//! `type://[user@]host[:port]/[path][?params]` with type `esx`, `gsx` or `vpx`.

use crate::error::{code, domain, Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Esx,
    Gsx,
    Vpx,
}

impl Scheme {
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Esx => "esx",
            Scheme::Gsx => "gsx",
            Scheme::Vpx => "vpx",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProxyKind {
    Http,
    Socks4,
    Socks4a,
    Socks5,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proxy {
    pub kind: ProxyKind,
    pub host: String,
    pub port: u16,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EsxUri {
    pub scheme: Scheme,
    pub user: Option<String>,
    pub host: String,
    /// The port, or the scheme's and transport's default when the URI names none.
    pub port: u16,
    /// Whether the URI named the port itself.
    pub explicit_port: bool,
    /// The path, `/` when empty; only vpx:// gives it meaning.
    pub path: String,
    pub https: bool,
    pub vcenter: Option<String>,
    pub no_verify: bool,
    pub auto_answer: bool,
    pub proxy: Option<Proxy>,
    /// `authfile=`: the auth.conf to read credentials from.
    pub authfile: Option<String>,
    /// `cacert=`: a PEM bundle trusted instead of the system's CA store.
    pub cacert: Option<String>,
    /// `timeout=`: seconds one request may take.
    pub timeout: Option<u64>,
}

fn invalid(detail: impl Into<String>) -> Error {
    Error::new(domain::ESX, code::INVALID_ARG, detail)
}

/// The scheme of `uri` if the ESX driver serves it: `Ok(None)` for schemes it does not serve,
/// an error for ESX schemes with a remote transport (`esx+ssh://`).
pub fn esx_scheme(uri: &str) -> Result<Option<Scheme>> {
    let Some((scheme, _)) = uri.split_once("://").or_else(|| uri.split_once(':')) else {
        return Ok(None);
    };
    let scheme = scheme.to_ascii_lowercase();
    let (base, transport) = match scheme.split_once('+') {
        Some((b, t)) => (b, Some(t)),
        None => (scheme.as_str(), None),
    };
    let found = match base {
        "esx" => Scheme::Esx,
        "gsx" => Scheme::Gsx,
        "vpx" => Scheme::Vpx,
        _ => return Ok(None),
    };
    if let Some(t) = transport {
        return Err(Error::new(
            domain::ESX,
            code::INVALID_ARG,
            format!(
                "Transport '{t}' in URI scheme '{scheme}' is not supported: the {base} driver \
                 runs in the client and talks to the server directly; use '{base}://' with \
                 'transport=http' or 'transport=https'"
            ),
        ));
    }
    Ok(Some(found))
}

fn parse_bool(name: &str, value: &str) -> Result<bool> {
    match value.trim().parse::<i64>() {
        Ok(0) => Ok(false),
        Ok(1) => Ok(true),
        _ => Err(invalid(format!(
            "Query parameter '{name}' has unexpected value '{value}' (should be 0 or 1)"
        ))),
    }
}

fn parse_proxy(value: &str) -> Result<Proxy> {
    let (kind, rest) = if let Some(r) = value.strip_prefix("http://") {
        (ProxyKind::Http, r)
    } else if let Some(r) = value
        .strip_prefix("socks://")
        .or_else(|| value.strip_prefix("socks5://"))
    {
        (ProxyKind::Socks5, r)
    } else if let Some(r) = value.strip_prefix("socks4://") {
        (ProxyKind::Socks4, r)
    } else if let Some(r) = value.strip_prefix("socks4a://") {
        (ProxyKind::Socks4a, r)
    } else if let Some((t, _)) = value.split_once("://") {
        return Err(invalid(format!(
            "Query parameter 'proxy' contains unexpected type '{t}' (should be (http|socks(|4|4a|5))"
        )));
    } else {
        (ProxyKind::Http, value)
    };
    let (host, port) = match rest.split_once(':') {
        Some(("", _)) => {
            return Err(invalid(
                "Query parameter 'proxy' doesn't contain a hostname",
            ));
        }
        Some((h, p)) => {
            let port = p
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=65535).contains(n));
            let Some(port) = port else {
                return Err(invalid(format!(
                    "Query parameter 'proxy' has unexpected port value '{p}' (should be [1..65535])"
                )));
            };
            (h, port as u16)
        }
        None => (rest, 1080),
    };
    if host.is_empty() {
        return Err(invalid(
            "Query parameter 'proxy' doesn't contain a hostname",
        ));
    }
    Ok(Proxy {
        kind,
        host: host.to_string(),
        port,
    })
}

/// Parse an ESX driver URI; the scheme must be one `esx_scheme` accepts.
pub fn parse(text: &str) -> Result<EsxUri> {
    let scheme = esx_scheme(text)?.ok_or_else(|| invalid(format!("Unsupported URI '{text}'")))?;
    let url = url::Url::parse(text).map_err(|e| {
        Error::new(
            domain::URI,
            code::INTERNAL_ERROR,
            format!("Unable to parse URI {text}: {e}"),
        )
    })?;
    let host = match url.host() {
        Some(url::Host::Ipv6(a)) => a.to_string(),
        Some(h) => h.to_string(),
        None => String::new(),
    };
    if host.is_empty() {
        return Err(invalid(format!("URI '{text}' has no server name")));
    }
    let user = (!url.username().is_empty()).then(|| percent_decode(url.username()));
    let mut https = true;
    let mut vcenter = None;
    let mut no_verify = false;
    let mut auto_answer = false;
    let mut proxy = None;
    let mut authfile = None;
    let mut cacert = None;
    let mut timeout = None;
    for (name, value) in url.query_pairs() {
        match name.to_ascii_lowercase().as_str() {
            "transport" => match value.as_ref() {
                "http" => https = false,
                "https" => https = true,
                other => {
                    return Err(invalid(format!(
                        "Query parameter 'transport' has unexpected value '{other}' (should be http|https)"
                    )))
                }
            },
            "vcenter" => vcenter = Some(value.into_owned()),
            "no_verify" => no_verify = parse_bool("no_verify", &value)?,
            "auto_answer" => auto_answer = parse_bool("auto_answer", &value)?,
            "proxy" => proxy = Some(parse_proxy(&value)?),
            "authfile" => authfile = Some(value.into_owned()),
            "cacert" if value.is_empty() => {
                return Err(invalid("Query parameter 'cacert' has an empty value (should be the path of a PEM file)"))
            }
            "cacert" => cacert = Some(value.into_owned()),
            "timeout" => timeout = Some(parse_timeout("Query parameter 'timeout'", &value)?),
            // libvirt warns and goes on
            _ => {}
        }
    }
    let default_port = match (scheme, https) {
        (Scheme::Gsx, true) => 8333,
        (Scheme::Gsx, false) => 8222,
        (_, true) => 443,
        (_, false) => 80,
    };
    let path = match percent_decode(url.path()) {
        p if p.is_empty() => "/".to_string(),
        p => p,
    };
    Ok(EsxUri {
        scheme,
        user,
        host,
        port: url.port().unwrap_or(default_port),
        explicit_port: url.port().is_some(),
        path,
        https,
        vcenter,
        no_verify,
        auto_answer,
        proxy,
        authfile,
        cacert,
        timeout,
    })
}

/// Seconds of a timeout: a whole number from 1 to a day.
pub fn parse_timeout(name: &str, value: &str) -> Result<u64> {
    match value.trim().parse::<u64>() {
        Ok(n) if (1..=86400).contains(&n) => Ok(n),
        _ => Err(invalid(format!(
            "{name} has unexpected value '{value}' (should be seconds, 1 to 86400)"
        ))),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl EsxUri {
    /// The SOAP endpoint of the server this URI names.
    pub fn sdk_url(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!(
            "{}://{}:{}/sdk",
            if self.https { "https" } else { "http" },
            host,
            self.port
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_scheme_and_transport() {
        let u = parse("esx://h/").unwrap();
        assert_eq!((u.port, u.https, u.path.as_str()), (443, true, "/"));
        assert_eq!(parse("esx://h/?transport=http").unwrap().port, 80);
        assert_eq!(parse("gsx://h").unwrap().port, 8333);
        assert_eq!(parse("gsx://h?transport=http").unwrap().port, 8222);
        assert_eq!(parse("vpx://h:9443/dc/host").unwrap().port, 9443);
        assert_eq!(parse("vpx://h/dc/c%2Fx/h1").unwrap().path, "/dc/c/x/h1");
        let u = parse("esx://root@[::1]:8443/").unwrap();
        assert_eq!(
            (u.user.as_deref(), u.host.as_str(), u.port),
            (Some("root"), "::1", 8443)
        );
        assert_eq!(u.sdk_url(), "https://[::1]:8443/sdk");
    }

    #[test]
    fn parameters_are_checked_as_libvirt_checks_them() {
        let e = parse("esx://h/?transport=ftp").unwrap_err();
        assert_eq!(e.code, code::INVALID_ARG);
        assert!(
            e.message.contains("'transport' has unexpected value 'ftp'"),
            "{}",
            e.message
        );
        assert!(parse("esx://h/?no_verify=2")
            .unwrap_err()
            .message
            .contains("'no_verify'"));
        assert!(parse("esx://h/?auto_answer=7")
            .unwrap_err()
            .message
            .contains("'7'"));
        let u = parse("esx://h/?cacert=/etc/ca%20x.pem&timeout=7").unwrap();
        assert_eq!(u.cacert.as_deref(), Some("/etc/ca x.pem"));
        assert_eq!(u.timeout, Some(7));
        for bad in ["0", "x", "-1", "86401", ""] {
            let e = parse(&format!("esx://h/?timeout={bad}")).unwrap_err();
            assert_eq!(e.code, code::INVALID_ARG);
            assert!(e.message.contains("'timeout'"), "{}", e.message);
        }
        assert!(parse("esx://h/?cacert=")
            .unwrap_err()
            .message
            .contains("'cacert'"));
        let u = parse("esx://h/?no_verify=1&auto_answer=1&vcenter=*&unknown=x").unwrap();
        assert!(u.no_verify && u.auto_answer);
        assert_eq!(u.vcenter.as_deref(), Some("*"));
    }

    #[test]
    fn proxies() {
        let p = |s: &str| parse(&format!("esx://h/?proxy={s}"));
        let u = p("socks://127.0.0.1:1081").unwrap();
        assert_eq!(
            u.proxy.unwrap(),
            Proxy {
                kind: ProxyKind::Socks5,
                host: "127.0.0.1".into(),
                port: 1081
            }
        );
        assert_eq!(p("proxy.example").unwrap().proxy.unwrap().port, 1080);
        assert_eq!(
            p("socks4a://p:1").unwrap().proxy.unwrap().kind,
            ProxyKind::Socks4a
        );
        assert!(p("ftp://p")
            .unwrap_err()
            .message
            .contains("unexpected type 'ftp'"));
        assert!(p(":80")
            .unwrap_err()
            .message
            .contains("doesn't contain a hostname"));
        assert!(p("p:0").unwrap_err().message.contains("port value '0'"));
    }

    #[test]
    fn remote_transports_and_other_schemes() {
        assert_eq!(esx_scheme("qemu:///system").unwrap(), None);
        assert_eq!(esx_scheme("ESX://h/").unwrap(), Some(Scheme::Esx));
        let e = esx_scheme("esx+ssh://h/").unwrap_err();
        assert!(e.message.contains("runs in the client"), "{}", e.message);
    }
}
