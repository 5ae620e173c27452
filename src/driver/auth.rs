//! Credentials: libvirt's auth.conf first, then the caller's callback, as libvirt's
//! `virAuthGetUsername`/`virAuthGetPassword` do it.

use crate::error::{code, domain, Error, Result};
use std::path::PathBuf;

/// The kinds of credential a caller's callback can be asked for (libvirt's `VIR_CRED_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredKind {
    AuthName,
    Passphrase,
    NoEchoPrompt,
}

/// One question for the caller.
pub struct Question<'a> {
    pub kind: CredKind,
    pub prompt: &'a str,
    pub challenge: &'a str,
    pub default: Option<&'a str>,
}

/// What a caller's `virConnectAuth` can answer.
pub trait Prompter {
    /// Whether the caller listed this credential kind.
    fn offers(&self, kind: CredKind) -> bool;
    /// Whether there is a callback at all.
    fn has_callback(&self) -> bool;
    /// Ask; `Err(())` when the callback failed, `Ok(None)` when it gave no answer.
    #[allow(clippy::result_unit_err)]
    fn ask(&mut self, q: &Question) -> std::result::Result<Option<String>, ()>;
}

fn auth_error(code: i32, detail: &str) -> Error {
    Error::new(domain::AUTH, code, detail)
}

/// libvirt's auth.conf, located as libvirt locates it.
pub struct AuthConfig {
    path: Option<PathBuf>,
}

impl AuthConfig {
    pub fn locate(uri_authfile: Option<&str>) -> AuthConfig {
        if let Ok(p) = std::env::var("LIBVIRT_AUTH_FILE") {
            return AuthConfig {
                path: Some(p.into()),
            };
        }
        if let Some(p) = uri_authfile {
            return AuthConfig {
                path: Some(p.into()),
            };
        }
        let user_dir = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
        let candidates = user_dir
            .map(|d| d.join("libvirt/auth.conf"))
            .into_iter()
            .chain(std::iter::once(PathBuf::from("/etc/libvirt/auth.conf")));
        for c in candidates {
            if std::fs::File::open(&c).is_ok() {
                return AuthConfig { path: Some(c) };
            }
        }
        AuthConfig { path: None }
    }

    /// `credname` (`username` or `password`) for `service` on `host`.
    fn lookup(&self, service: &str, host: &str, credname: &str) -> Result<Option<String>> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(
                domain::CONF,
                code::INTERNAL_ERROR,
                format!("Unable to read {}: {e}", path.display()),
            )
        })?;
        let groups = parse_keyfile(&text);
        let get = |g: &str, k: &str| {
            groups
                .iter()
                .find(|(name, _)| name == g)
                .and_then(|(_, kv)| kv.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()))
        };
        let has = |g: &str| groups.iter().any(|(name, _)| name == g);
        let mut group = format!("auth-{service}-{host}");
        if !has(&group) {
            group = format!("auth-{service}-default");
        }
        if !has(&group) {
            return Ok(None);
        }
        let syntax = |d: String| Error::new(domain::CONF, VIR_ERR_CONF_SYNTAX, d);
        let Some(cred) = get(&group, "credentials") else {
            return Err(syntax(format!(
                "Missing item 'credentials' in group '{group}' in '{}'",
                path.display()
            )));
        };
        let credgroup = format!("credentials-{cred}");
        if !has(&credgroup) {
            return Err(syntax(format!(
                "Missing group 'credentials-{cred}' referenced from group '{group}' in '{}'",
                path.display()
            )));
        }
        Ok(get(&credgroup, credname))
    }
}

/// `VIR_ERR_CONF_SYNTAX`.
const VIR_ERR_CONF_SYNTAX: i32 = 33;

/// A GLib key file: `[group]` lines and `key=value` lines; `#` comments.
fn parse_keyfile(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut groups: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            groups.push((name.to_string(), Vec::new()));
        } else if let (Some((k, v)), Some(g)) = (line.split_once('='), groups.last_mut()) {
            g.1.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    groups
}

/// The services whose auth.conf sections apply: libvirt's ESX driver looks under `esx` for
/// every scheme; a `vpx` section is read first for vCenter connections.
fn services(scheme: &str) -> Vec<&str> {
    if scheme == "esx" {
        vec!["esx"]
    } else {
        vec![scheme, "esx"]
    }
}

pub fn username(
    conf: &AuthConfig,
    prompter: Option<&mut (dyn Prompter + 'static)>,
    scheme: &str,
    default: &str,
    host: &str,
) -> Result<String> {
    for s in services(scheme) {
        if let Some(u) = conf.lookup(s, host, "username")? {
            return Ok(u);
        }
    }
    let Some(p) = prompter else {
        return Err(auth_error(
            code::INVALID_ARG,
            "Missing authentication credentials",
        ));
    };
    if !p.offers(CredKind::AuthName) {
        return Err(auth_error(
            code::AUTH_FAILED,
            "Missing VIR_CRED_AUTHNAME credential type",
        ));
    }
    if !p.has_callback() {
        return Err(auth_error(
            code::INVALID_ARG,
            "Missing authentication callback",
        ));
    }
    let prompt = format!("Enter username for {host} [{default}]");
    let q = Question {
        kind: CredKind::AuthName,
        prompt: &prompt,
        challenge: host,
        default: Some(default),
    };
    match p.ask(&q) {
        Err(()) => Err(auth_error(code::AUTH_FAILED, "Username request failed")),
        Ok(None) => Err(auth_error(
            code::AUTH_CANCELLED,
            "Username request cancelled",
        )),
        Ok(Some(u)) if u.is_empty() => Ok(default.to_string()),
        Ok(Some(u)) => Ok(u),
    }
}

pub fn password(
    conf: &AuthConfig,
    prompter: Option<&mut (dyn Prompter + 'static)>,
    scheme: &str,
    user: &str,
    host: &str,
) -> Result<String> {
    for s in services(scheme) {
        if let Some(p) = conf.lookup(s, host, "password")? {
            return Ok(p);
        }
    }
    let Some(p) = prompter else {
        return Err(auth_error(
            code::INVALID_ARG,
            "Missing authentication credentials",
        ));
    };
    let kind = if p.offers(CredKind::Passphrase) {
        CredKind::Passphrase
    } else if p.offers(CredKind::NoEchoPrompt) {
        CredKind::NoEchoPrompt
    } else {
        return Err(auth_error(
            code::AUTH_FAILED,
            "Missing VIR_CRED_PASSPHRASE or VIR_CRED_NOECHOPROMPT credential type",
        ));
    };
    if !p.has_callback() {
        return Err(auth_error(
            code::INVALID_ARG,
            "Missing authentication callback",
        ));
    }
    let prompt = format!("Enter {user}'s password for {host}");
    let q = Question {
        kind,
        prompt: &prompt,
        challenge: host,
        default: None,
    };
    match p.ask(&q) {
        Err(()) => Err(auth_error(code::AUTH_FAILED, "Password request failed")),
        Ok(None) => Err(auth_error(
            code::AUTH_CANCELLED,
            "Password request cancelled",
        )),
        Ok(Some(pw)) => Ok(pw),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyfile_lookup_follows_libvirt() {
        let dir = std::env::temp_dir().join(format!("authconf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("auth.conf");
        std::fs::write(
            &path,
            "# c\n[credentials-lab]\nusername=alice\npassword=s3cret\n\n[auth-esx-h1]\ncredentials=lab\n[auth-esx-bad]\nfoo=1\n",
        )
        .unwrap();
        let conf = AuthConfig { path: Some(path) };
        assert_eq!(
            conf.lookup("esx", "h1", "username").unwrap().as_deref(),
            Some("alice")
        );
        assert_eq!(
            conf.lookup("esx", "h1", "password").unwrap().as_deref(),
            Some("s3cret")
        );
        assert_eq!(conf.lookup("esx", "h2", "username").unwrap(), None);
        let e = conf.lookup("esx", "bad", "username").unwrap_err();
        assert!(
            e.message.contains("Missing item 'credentials'"),
            "{}",
            e.message
        );
        assert_eq!(username(&conf, None, "esx", "root", "h1").unwrap(), "alice");
        let e = username(&conf, None, "esx", "root", "h2").unwrap_err();
        assert_eq!(
            e.message,
            "invalid argument: Missing authentication credentials"
        );
    }
}
