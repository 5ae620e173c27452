//! HTTP(S) transport: one ureq agent per client (keep-alive, gzip), the vSphere session cookie
//! kept and sent, TLS (rustls) verified against the system's CA roots unless `no_verify`, and an
//! optional HTTP or SOCKS proxy.
//!
//! Neither credentials nor cookies ever reach an error message or the log.

use super::error::{ViError, ViResult};
use crate::error::code;
use rustls::CertificateError;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use ureq::tls::{Certificate, RootCerts, TlsConfig, TlsProvider};

/// The cookie vSphere keeps its session in.
pub const SESSION_COOKIE: &str = "vmware_soap_session";

/// Largest reply body read (a guard against a runaway server).
const MAX_BODY: u64 = 512 * 1024 * 1024;

/// How to reach the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectOptions {
    /// Accept any server certificate (libvirt's `no_verify=1`). Nothing else turns checks off.
    pub no_verify: bool,
    /// Proxy as `[type://]host[:port]`, type `http`, `socks` (= `socks5`), `socks4`, `socks4a`
    /// or `socks5`; the port defaults to 1080.
    pub proxy: Option<String>,
    /// Connect/read/write timeout; `None` means 5 minutes per request.
    pub timeout: Option<Duration>,
}

/// Proxy protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyType {
    Http,
    Socks4,
    Socks4a,
    Socks5,
}

/// A parsed `proxy` parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxySpec {
    pub ty: ProxyType,
    pub host: String,
    pub port: u16,
}

impl ProxySpec {
    /// Parses `[type://]host[:port]` as libvirt's ESX driver does (default type http, port 1080).
    pub fn parse(spec: &str) -> ViResult<ProxySpec> {
        let (ty, rest) = if let Some(r) = spec.strip_prefix("http://") {
            (ProxyType::Http, r)
        } else if let Some(r) = spec
            .strip_prefix("socks://")
            .or_else(|| spec.strip_prefix("socks5://"))
        {
            (ProxyType::Socks5, r)
        } else if let Some(r) = spec.strip_prefix("socks4://") {
            (ProxyType::Socks4, r)
        } else if let Some(r) = spec.strip_prefix("socks4a://") {
            (ProxyType::Socks4a, r)
        } else if let Some((t, _)) = spec.split_once("://") {
            return Err(ViError::new(
                code::INVALID_ARG,
                format!(
                    "Query parameter 'proxy' contains unexpected type '{t}' (should be (http|socks(|4|4a|5))"
                ),
            ));
        } else {
            (ProxyType::Http, spec)
        };
        let rest = rest.trim_end_matches('/');
        // `[v6::addr]:port` or `host:port` or `host`.
        let (host, port) = if let Some(r) = rest.strip_prefix('[') {
            match r.split_once(']') {
                Some((h, p)) => (format!("[{h}]"), p.strip_prefix(':')),
                None => (rest.to_string(), None),
            }
        } else {
            match rest.split_once(':') {
                Some((h, p)) => (h.to_string(), Some(p)),
                None => (rest.to_string(), None),
            }
        };
        if host.is_empty() {
            return Err(ViError::new(
                code::INVALID_ARG,
                "Query parameter 'proxy' doesn't contain a hostname",
            ));
        }
        let port = match port {
            None => 1080,
            Some(p) => match p.parse::<u16>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    return Err(ViError::new(
                        code::INVALID_ARG,
                        format!(
                            "Query parameter 'proxy' has unexpected port value '{p}' (should be [1..65535])"
                        ),
                    ))
                }
            },
        };
        Ok(ProxySpec { ty, host, port })
    }

    /// The form ureq takes: `proto://host:port`.
    fn to_ureq(&self) -> String {
        let proto = match self.ty {
            ProxyType::Http => "http",
            ProxyType::Socks4 => "socks4",
            ProxyType::Socks4a => "socks4a",
            ProxyType::Socks5 => "socks5",
        };
        format!("{proto}://{}:{}", self.host, self.port)
    }
}

/// The TLS settings: the system's CA roots, or (`no_verify` alone) no certificate checks at all,
/// as curl does with peer verification off (handshake signatures are not checked either, so
/// vcsim's and older ESX hosts' 1024-bit RSA keys work).
fn tls_config(no_verify: bool) -> TlsConfig {
    let builder = TlsConfig::builder().provider(TlsProvider::Rustls);
    if no_verify {
        return builder.disable_verification(true).build();
    }
    // Certificates the system store holds but cannot be parsed are skipped; an empty store
    // still connects nowhere, which the certificate error then says.
    let roots: Vec<Certificate<'static>> = rustls_native_certs::load_native_certs()
        .map(|certs| {
            certs
                .iter()
                .map(|c| Certificate::from_der(c.as_ref()).to_owned())
                .collect()
        })
        .unwrap_or_default();
    builder
        .root_certs(RootCerts::Specific(Arc::new(roots)))
        .build()
}

/// Words a certificate problem for a person.
fn describe_cert_error(e: &CertificateError) -> String {
    let what = match e {
        CertificateError::UnknownIssuer => {
            "it is not signed by a certificate authority this system trusts (self-signed or unknown issuer)".to_string()
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            "it is not valid for this host name".to_string()
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            "it has expired".to_string()
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            "it is not valid yet".to_string()
        }
        CertificateError::Revoked => "it has been revoked".to_string(),
        CertificateError::BadSignature => {
            "its signature is invalid or made with a key too weak to check (RSA under 2048 bits)"
                .to_string()
        }
        CertificateError::BadEncoding => "it cannot be decoded".to_string(),
        CertificateError::Other(o) if format!("{o:?}").contains("CaUsedAsEndEntity") => {
            "it is a certificate authority's own certificate used as the server's (a self-signed certificate no trusted authority vouches for)".to_string()
        }
        CertificateError::Other(o) => o.to_string(),
        other => format!("{other:?}"),
    };
    format!(
        "Server certificate verification failed: {what}. Use the no_verify=1 URI parameter to skip the check"
    )
}

/// Finds a rustls error in an error's chain of sources.
fn find_tls_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(t) = err.downcast_ref::<rustls::Error>() {
            return Some(t);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            if let Some(inner) = io.get_ref() {
                if let Some(t) = inner.downcast_ref::<rustls::Error>() {
                    return Some(t);
                }
            }
        }
        cur = err.source();
    }
    None
}

/// The error for a request that never got an HTTP answer.
/// A URL as errors show it: without its query (which names datacenters and datastores only, but
/// keeps messages short).
fn redact_query(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

/// Whether a request failed because its reused connection was already closed by the server.
fn is_stale_connection(e: &ureq::Error) -> bool {
    use std::io::ErrorKind::*;
    match e {
        ureq::Error::Io(io) => matches!(
            io.kind(),
            ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof
        ),
        other => other.to_string().contains("Peer disconnected"),
    }
}

fn transport_error(method: &str, url: &str, proxy: Option<&str>, e: &ureq::Error) -> ViError {
    // ureq's errors name no source; an I/O error may carry rustls's inside.
    let tls = match e {
        ureq::Error::Rustls(t) => Some(t),
        ureq::Error::Io(io) => find_tls_error(io),
        _ => None,
    };
    let detail = match tls {
        Some(rustls::Error::InvalidCertificate(c)) => describe_cert_error(c),
        Some(other) => format!("TLS error: {other}"),
        None => {
            // ureq's own text names the URL we gave (no credentials are ever put in it).
            let mut detail = e.to_string();
            let mut src = match e {
                ureq::Error::Io(io) => std::error::Error::source(io),
                _ => None,
            };
            while let Some(s) = src {
                let more = s.to_string();
                if !detail.contains(&more) {
                    detail.push_str(": ");
                    detail.push_str(&more);
                }
                src = s.source();
            }
            detail
        }
    };
    let via = proxy
        .map(|p| format!(" through proxy {p}"))
        .unwrap_or_default();
    ViError::internal(format!(
        "curl_easy_perform() returned an error: {detail} ({url}{via}, call to '{method}')"
    ))
}

/// One server's connection: agent, URL and session cookie.
pub struct Transport {
    agent: ureq::Agent,
    url: String,
    /// `type://host:port` of the proxy, for messages.
    proxy: Option<String>,
    cookie: Mutex<Option<String>>,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("url", &self.url)
            .field("proxy", &self.proxy)
            .finish()
    }
}

impl Transport {
    /// Sets up the agent for `url` (`http[s]://host[:port]/sdk`); nothing is sent yet.
    pub fn new(url: &str, opts: &ConnectOptions) -> ViResult<Transport> {
        let parsed = url::Url::parse(url)
            .map_err(|e| ViError::new(code::INVALID_ARG, format!("Invalid URL '{url}': {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ViError::new(
                code::INVALID_ARG,
                format!("Invalid URL '{url}': scheme must be http or https"),
            ));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(ViError::new(
                code::INVALID_ARG,
                "Credentials must not be part of the SDK URL",
            ));
        }
        let timeout = opts.timeout.unwrap_or(Duration::from_secs(300));
        let spec = opts
            .proxy
            .as_deref()
            .filter(|p| !p.is_empty())
            .map(ProxySpec::parse)
            .transpose()?;
        let proxy = spec
            .as_ref()
            .map(|s| {
                ureq::Proxy::new(&s.to_ureq()).map_err(|e| {
                    ViError::new(
                        code::INVALID_ARG,
                        format!("Invalid proxy '{}': {e}", s.to_ureq()),
                    )
                })
            })
            .transpose()?;
        let config = ureq::Agent::config_builder()
            .user_agent("libvirt-esx")
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_connect(Some(timeout.min(Duration::from_secs(60))))
            .timeout_per_read(Some(timeout))
            .timeout_per_write(Some(timeout))
            .max_idle_connections_per_host(4)
            .tls_config(tls_config(opts.no_verify))
            .proxy(proxy)
            .build();
        Ok(Transport {
            agent: config.into(),
            proxy: spec.as_ref().map(ProxySpec::to_ureq),
            url: parsed.to_string(),
            cookie: Mutex::new(None),
        })
    }

    /// The SDK URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Forgets the session cookie (after logout, or before logging in anew).
    pub fn clear_cookie(&self) {
        if let Ok(mut c) = self.cookie.lock() {
            *c = None;
        }
    }

    /// Whether a session cookie is held.
    pub fn has_cookie(&self) -> bool {
        self.cookie.lock().map(|c| c.is_some()).unwrap_or(false)
    }

    fn keep_cookie(&self, headers: &ureq::http::HeaderMap) {
        for h in headers.get_all("set-cookie") {
            let Ok(h) = h.to_str() else { continue };
            let pair = h.split(';').next().unwrap_or("").trim();
            if let Some((name, value)) = pair.split_once('=') {
                if name.trim() == SESSION_COOKIE {
                    if let Ok(mut c) = self.cookie.lock() {
                        *c = if value.is_empty() {
                            None
                        } else {
                            Some(pair.to_string())
                        };
                    }
                }
            }
        }
    }

    /// The server's base URL (`https://host:port`), for its other endpoints.
    pub fn base_url(&self) -> String {
        self.url.trim_end_matches("/sdk").to_string()
    }

    /// GET a file (the datastore browser's `/folder/...`) with the session cookie: its bytes.
    pub fn get_file(&self, url: &str) -> ViResult<Vec<u8>> {
        let mut req = self.agent.get(url);
        let cookie = self.cookie.lock().ok().and_then(|c| c.clone());
        if let Some(c) = cookie {
            req = req.header("Cookie", &c);
        }
        let mut resp = req
            .call()
            .map_err(|e| transport_error("download", url, self.proxy.as_deref(), &e))?;
        let status = resp.status().as_u16();
        if status != 200 {
            return Err(ViError::new(
                code::HTTP_ERROR,
                format!(
                    "HTTP response code {status} for download from '{}'",
                    redact_query(url)
                ),
            ));
        }
        resp.body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| ViError::internal(format!("Could not read '{}': {e}", redact_query(url))))
    }

    /// PUT a file to the datastore browser with the session cookie.
    pub fn put_file(&self, url: &str, data: &[u8]) -> ViResult<()> {
        let mut req = self
            .agent
            .put(url)
            .header("Content-Type", "application/octet-stream");
        let cookie = self.cookie.lock().ok().and_then(|c| c.clone());
        if let Some(c) = cookie {
            req = req.header("Cookie", &c);
        }
        let resp = req
            .send(data)
            .map_err(|e| transport_error("upload", url, self.proxy.as_deref(), &e))?;
        let status = resp.status().as_u16();
        if status != 200 && status != 201 {
            return Err(ViError::new(
                code::HTTP_ERROR,
                format!(
                    "HTTP response code {status} for upload to '{}'",
                    redact_query(url)
                ),
            ));
        }
        Ok(())
    }

    /// POSTs a SOAP envelope; returns the HTTP status and the body (for 200 and 500, the only
    /// statuses that carry a SOAP reply; anything else is an error here).
    pub fn post(&self, method: &str, soap_action: &str, body: &str) -> ViResult<(u16, String)> {
        let send = || {
            let mut req = self
                .agent
                .post(&self.url)
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", soap_action);
            let cookie = self.cookie.lock().ok().and_then(|c| c.clone());
            if let Some(c) = cookie {
                req = req.header("Cookie", &c);
            }
            req.send(body)
        };
        // A kept-alive connection the server closed in the meantime fails before any reply:
        // send once more on a fresh one (curl, and so libvirt, does the same).
        let sent = match send() {
            Err(e) if is_stale_connection(&e) => send(),
            other => other,
        };
        let mut resp =
            sent.map_err(|e| transport_error(method, &self.url, self.proxy.as_deref(), &e))?;
        self.keep_cookie(resp.headers());
        let status = resp.status().as_u16();
        if (300..400).contains(&status) {
            let to = resp
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            return Err(ViError::internal(format!(
                "The server redirects from '{}' to '{to}'",
                self.url
            )));
        }
        let text = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(|e| {
                ViError::internal(format!(
                    "Could not read the reply to '{method}' from {}: {e}",
                    self.url
                ))
            })?;
        if status != 200 && status != 500 {
            return Err(ViError::new(
                code::HTTP_ERROR,
                format!("HTTP response code {status} for call to '{method}'"),
            ));
        }
        Ok((status, text))
    }
}

// ---- streamed transfers --------------------------------------------------------------------

/// Largest piece an upload holds at a time; at most [`UPLOAD_QUEUE`] of them wait for the
/// network, so an upload's memory stays bounded whatever its size.
const UPLOAD_PIECE: usize = 256 * 1024;
const UPLOAD_QUEUE: usize = 4;

impl Transport {
    fn with_cookie<B>(&self, mut req: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        let cookie = self.cookie.lock().ok().and_then(|c| c.clone());
        if let Some(c) = cookie {
            req = req.header("Cookie", &c);
        }
        req
    }

    /// GET `url` with the session cookie, leaving the body to be read piece by piece.
    pub fn open_download(&self, url: &str) -> ViResult<Download> {
        self.open_range(url, 0, 0)
    }

    /// GET `length` bytes of `url` from `offset` (`length` 0: to the end) with the session
    /// cookie, as an HTTP range; the body is read piece by piece and must arrive whole.
    pub fn open_range(&self, url: &str, offset: u64, length: u64) -> ViResult<Download> {
        let mut req = self.with_cookie(self.agent.get(url));
        let ranged = offset > 0 || length > 0;
        if ranged {
            let last = match length {
                0 => String::new(),
                n => offset.saturating_add(n - 1).to_string(),
            };
            req = req.header("Range", &format!("bytes={offset}-{last}"));
        }
        let resp = req
            .call()
            .map_err(|e| transport_error("download", url, self.proxy.as_deref(), &e))?;
        let status = resp.status().as_u16();
        // a server that ignores the range sends the whole file: usable from offset 0 only
        let whole_is_fine = offset == 0;
        if !(status == 206 && ranged || status == 200 && whole_is_fine) {
            if status == 416 {
                return Err(ViError::new(
                    code::INVALID_ARG,
                    format!(
                        "Offset {offset} is past the end of '{}' (HTTP response code 416)",
                        redact_query(url)
                    ),
                ));
            }
            return Err(http_failure(status, "download from", url, resp));
        }
        // a body cut short of its length is an error of the reader's
        Ok(Download {
            body: resp.into_body().into_reader(),
            url: redact_query(url).to_string(),
            ended: false,
            received: 0,
            limit: if length > 0 { Some(length) } else { None },
        })
    }

    /// PUT to `url` with the session cookie, the body written piece by piece (chunked); the
    /// request runs on a thread of its own, fed through a bounded queue.
    pub fn open_upload(&self, url: &str) -> ViResult<Upload> {
        self.open_upload_sized(url, None)
    }

    /// [`Transport::open_upload`] of a body of `size` bytes when known (sent as its
    /// Content-Length instead of chunks).
    pub fn open_upload_sized(&self, url: &str, size: Option<u64>) -> ViResult<Upload> {
        let (tx, rx) = std::sync::mpsc::sync_channel(UPLOAD_QUEUE);
        let aborted = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let reader = QueueReader {
            rx,
            piece: Vec::new(),
            pos: 0,
            aborted: aborted.clone(),
        };
        let mut req = self
            .with_cookie(self.agent.put(url))
            .header("Content-Type", "application/octet-stream");
        if let Some(n) = size {
            req = req.header("Content-Length", &n.to_string());
        }
        let (target, proxy) = (url.to_string(), self.proxy.clone());
        let thread = std::thread::Builder::new()
            .name("esx-upload".into())
            .spawn(move || {
                let resp = req
                    .send(ureq::SendBody::from_owned_reader(reader))
                    .map_err(|e| transport_error("upload", &target, proxy.as_deref(), &e))?;
                match resp.status().as_u16() {
                    200 | 201 | 204 => Ok(()),
                    status => Err(http_failure(status, "upload to", &target, resp)),
                }
            })
            .map_err(|e| ViError::internal(format!("Could not start the upload: {e}")))?;
        Ok(Upload {
            tx: Some(tx),
            thread: Some(thread),
            aborted,
        })
    }
}

/// A response body being read (a download).
pub struct Download {
    body: ureq::BodyReader<'static>,
    url: String,
    ended: bool,
    received: u64,
    /// The most to read (a range of a server that sent the whole file).
    limit: Option<u64>,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download").field("url", &self.url).finish()
    }
}

impl Download {
    /// Up to `buf.len()` bytes of the body; 0 once it has ended. A body the server cut short
    /// of its length is an error, not an end.
    pub fn read(&mut self, buf: &mut [u8]) -> ViResult<usize> {
        if self.ended || buf.is_empty() {
            return Ok(0);
        }
        let room = match self.limit {
            Some(l) => (l - self.received).min(buf.len() as u64) as usize,
            None => buf.len(),
        };
        let n = if room == 0 {
            0
        } else {
            std::io::Read::read(&mut self.body, &mut buf[..room]).map_err(|e| {
                ViError::internal(format!(
                    "Could not complete transfer from '{}': {e}",
                    self.url
                ))
            })?
        };
        self.received += n as u64;
        self.ended = n == 0;
        Ok(n)
    }

    /// Whether the whole body has been read.
    pub fn ended(&self) -> bool {
        self.ended
    }
}

/// The error for a reply of an unexpected status: the status and the start of the server's
/// reply text (what it says went wrong).
fn http_failure<B>(status: u16, what: &str, url: &str, resp: ureq::http::Response<B>) -> ViError
where
    B: Into<ureq::Body>,
{
    let mut text = String::new();
    let mut body: ureq::Body = resp.into_body().into();
    if let Ok(t) = body.with_config().limit(4096).read_to_string() {
        text = t;
    }
    let said: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(300)
        .collect();
    let mut msg = format!(
        "Unexpected HTTP response code {status} for {what} '{}'",
        redact_query(url)
    );
    if !said.is_empty() {
        msg.push_str(": ");
        msg.push_str(&said);
    }
    // libvirt's ESX stream reports a bad status as an internal error
    ViError::internal(msg)
}

/// A request body being written (an upload). Dropped without [`Upload::finish`], the request
/// is cut off rather than completed.
pub struct Upload {
    tx: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    thread: Option<std::thread::JoinHandle<ViResult<()>>>,
    aborted: Arc<std::sync::atomic::AtomicBool>,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Upload")
    }
}

impl Upload {
    /// Queues up to [`UPLOAD_PIECE`] bytes of `data`; returns how many. Blocks while the queue
    /// is full.
    pub fn write(&mut self, data: &[u8]) -> ViResult<usize> {
        let n = data.len().min(UPLOAD_PIECE);
        let sent = match &self.tx {
            Some(tx) => tx.send(data[..n].to_vec()).is_ok(),
            None => false,
        };
        if !sent {
            // the request ended early: its outcome says why
            self.tx = None;
            self.join()?;
            return Err(ViError::internal(
                "Could not complete transfer: the server ended the upload",
            ));
        }
        Ok(n)
    }

    /// Ends the body and waits for the server's answer.
    pub fn finish(mut self) -> ViResult<()> {
        self.tx = None;
        self.join()
    }

    /// Cuts the request off and waits until it has ended, so the server is done with it.
    pub fn abort(mut self) {
        self.cut();
        let _ = self.join();
    }

    fn cut(&mut self) {
        // the reader sees the queue close with this set and fails the body, so the server
        // never takes a cut-off upload for a whole one
        self.aborted
            .store(true, std::sync::atomic::Ordering::SeqCst);
        self.tx = None;
    }

    fn join(&mut self) -> ViResult<()> {
        let Some(thread) = self.thread.take() else {
            return Ok(());
        };
        thread
            .join()
            .map_err(|_| ViError::internal("The upload failed unexpectedly"))?
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.cut();
        }
    }
}

/// The upload thread's side of the queue: the request body.
struct QueueReader {
    rx: std::sync::mpsc::Receiver<Vec<u8>>,
    piece: Vec<u8>,
    pos: usize,
    aborted: Arc<std::sync::atomic::AtomicBool>,
}

impl std::io::Read for QueueReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.piece.len() {
            match self.rx.recv() {
                Ok(p) => {
                    self.piece = p;
                    self.pos = 0;
                }
                Err(_) if self.aborted.load(std::sync::atomic::Ordering::SeqCst) => {
                    return Err(std::io::Error::other("upload aborted"));
                }
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.piece.len() - self.pos);
        buf[..n].copy_from_slice(&self.piece[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_forms() {
        let p = |s| ProxySpec::parse(s).unwrap();
        assert_eq!(
            p("proxy.example"),
            ProxySpec {
                ty: ProxyType::Http,
                host: "proxy.example".into(),
                port: 1080
            }
        );
        assert_eq!(p("http://h:3128").port, 3128);
        assert_eq!(p("socks://h").ty, ProxyType::Socks5);
        assert_eq!(p("socks5://h:9").ty, ProxyType::Socks5);
        assert_eq!(p("socks4://h").ty, ProxyType::Socks4);
        assert_eq!(p("socks4a://h").ty, ProxyType::Socks4a);
        assert_eq!(p("[::1]:8080").host, "[::1]");
        assert_eq!(p("socks://h:1").to_ureq(), "socks5://h:1");
        let e = ProxySpec::parse("ftp://h").unwrap_err().to_string();
        assert!(e.contains("unexpected type 'ftp'"), "{e}");
        let e = ProxySpec::parse(":80").unwrap_err().to_string();
        assert!(e.contains("doesn't contain a hostname"), "{e}");
        let e = ProxySpec::parse("h:0").unwrap_err().to_string();
        assert!(e.contains("unexpected port value '0'"), "{e}");
        assert!(ProxySpec::parse("h:70000").is_err());
    }

    #[test]
    fn bad_urls_are_refused() {
        let o = ConnectOptions::default();
        assert!(Transport::new("ftp://h/sdk", &o).is_err());
        let e = Transport::new("https://root:secret@h/sdk", &o).unwrap_err();
        assert!(!e.to_string().contains("secret"));
    }

    /// A one-request HTTP server: answers `status` once the body has ended, and reports
    /// whether the chunked body ended properly (its last, empty chunk) and the bytes it held.
    fn one_put(status: u16) -> (String, std::thread::JoinHandle<(bool, usize)>) {
        use std::io::{Read, Write};
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/file", l.local_addr().unwrap());
        let t = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            let mut got = Vec::new();
            let mut buf = [0u8; 65536];
            let ended = loop {
                if got.ends_with(b"\r\n0\r\n\r\n") {
                    break true;
                }
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => break false,
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                }
            };
            if ended {
                let reply = format!("HTTP/1.1 {status} X\r\nContent-Length: 0\r\n\r\n");
                let _ = s.write_all(reply.as_bytes());
            }
            (ended, got.len())
        });
        (url, t)
    }

    #[test]
    fn uploads_end_only_when_finished() {
        let o = ConnectOptions::default();
        let (url, server) = one_put(201);
        let t = Transport::new(&url, &o).unwrap();
        let mut up = t.open_upload(&url).unwrap();
        assert_eq!(up.write(&vec![7u8; 600_000]).unwrap(), UPLOAD_PIECE);
        up.finish().unwrap();
        assert!(server.join().unwrap().0, "a finished upload ends its body");

        let (url, server) = one_put(201);
        let mut up = t.open_upload(&url).unwrap();
        up.write(b"partial").unwrap();
        drop(up);
        let (ended, len) = server.join().unwrap();
        assert!(
            !ended && len > 0,
            "a dropped upload is cut off ({len} bytes)"
        );

        let (url, server) = one_put(500);
        let mut up = t.open_upload(&url).unwrap();
        up.write(b"x").unwrap();
        let e = up.finish().unwrap_err().to_string();
        assert!(e.contains("Unexpected HTTP response code 500"), "{e}");
        server.join().unwrap();
    }

    #[test]
    fn cert_errors_are_named() {
        let m = describe_cert_error(&CertificateError::UnknownIssuer);
        assert!(m.contains("self-signed"));
        assert!(m.contains("no_verify"));
    }
}
