//! Test helpers: a scripted SOAP server and small HTTP/SOCKS proxies, all on loopback and all
//! stopping with the test process.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// One request the mock server received.
#[derive(Debug, Clone)]
pub struct Req {
    /// Which TCP connection carried it (keep-alive shows as the same number).
    pub conn: usize,
    pub request_line: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The SOAP method named in the body.
    pub method: String,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the handler answers.
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub set_cookie: Option<String>,
    /// Close the connection after this reply (without saying so, as a server whose keep-alive
    /// timer ran out does).
    pub close: bool,
}

impl Reply {
    pub fn ok(body: impl Into<String>) -> Reply {
        Reply {
            status: 200,
            body: body.into(),
            set_cookie: None,
            close: false,
        }
    }
    pub fn fault(body: impl Into<String>) -> Reply {
        Reply {
            status: 500,
            body: body.into(),
            set_cookie: None,
            close: false,
        }
    }
    pub fn closing(mut self) -> Reply {
        self.close = true;
        self
    }
    pub fn cookie(mut self, c: &str) -> Reply {
        self.set_cookie = Some(c.to_string());
        self
    }
}

pub type Handler = dyn Fn(&Req) -> Reply + Send + Sync;

pub struct MockServer {
    pub addr: SocketAddr,
    pub requests: Arc<Mutex<Vec<Req>>>,
}

impl MockServer {
    pub fn url(&self) -> String {
        format!("http://{}/sdk", self.addr)
    }

    pub fn methods(&self) -> Vec<String> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|r| r.method.clone())
            .collect()
    }

    pub fn start(handler: Box<Handler>) -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::from(handler);
        let reqs = requests.clone();
        thread::spawn(move || {
            for (conn, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { break };
                let handler = handler.clone();
                let reqs = reqs.clone();
                thread::spawn(move || serve(conn, stream, &*handler, &reqs));
            }
        });
        MockServer { addr, requests }
    }
}

fn method_of(body: &str) -> String {
    let Some(i) = body.find("<soapenv:Body>") else {
        return String::new();
    };
    let rest = body[i + "<soapenv:Body>".len()..].trim_start();
    rest.trim_start_matches('<')
        .split(|c: char| c.is_whitespace() || c == '>')
        .next()
        .unwrap_or("")
        .to_string()
}

fn serve(conn: usize, stream: TcpStream, handler: &Handler, reqs: &Mutex<Vec<Req>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let _ = stream.set_nodelay(true);
    let mut out = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body = String::from_utf8_lossy(&body).into_owned();
        let req = Req {
            conn,
            request_line: request_line.trim_end().to_string(),
            method: method_of(&body),
            headers,
            body,
        };
        let gzip = req
            .header("accept-encoding")
            .is_some_and(|v| v.contains("gzip"));
        let reply = handler(&req);
        reqs.lock().unwrap().push(req);
        let mut payload = reply.body.clone().into_bytes();
        let mut head = format!(
            "HTTP/1.1 {} X\r\nContent-Type: text/xml; charset=utf-8\r\n",
            reply.status
        );
        if gzip {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(&payload).unwrap();
            payload = enc.finish().unwrap();
            head.push_str("Content-Encoding: gzip\r\n");
        }
        if let Some(c) = reply.set_cookie {
            head.push_str(&format!("Set-Cookie: {c}; Path=/; HttpOnly\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", payload.len()));
        let mut all = head.into_bytes();
        all.extend_from_slice(&payload);
        if out.write_all(&all).is_err() {
            return;
        }
        if reply.close {
            let _ = out.shutdown(Shutdown::Both);
            return;
        }
    }
}

/// A SOAP envelope around `inner`, written like a real ESX (xsi: prefix) or like vcsim.
pub fn envelope(inner: &str, vcsim_prefix: bool) -> String {
    let (p, _) = prefixes(vcsim_prefix);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:{p}="http://www.w3.org/2001/XMLSchema-instance">
<soapenv:Body>{inner}</soapenv:Body></soapenv:Envelope>"#
    )
}

pub fn prefixes(vcsim: bool) -> (&'static str, ()) {
    (if vcsim { "XMLSchema-instance" } else { "xsi" }, ())
}

pub fn response(method: &str, returnvals: &str, vcsim_prefix: bool) -> String {
    envelope(
        &format!(r#"<{method}Response xmlns="urn:vim25">{returnvals}</{method}Response>"#),
        vcsim_prefix,
    )
}

pub fn fault(fault_type: &str, message: &str, vcsim_prefix: bool) -> String {
    let (p, _) = prefixes(vcsim_prefix);
    envelope(
        &format!(
            r#"<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>{message}</faultstring><detail><{fault_type}Fault xmlns="urn:vim25" {p}:type="{fault_type}"></{fault_type}Fault></detail></soapenv:Fault>"#
        ),
        vcsim_prefix,
    )
}

pub const SERVICE_CONTENT: &str = r#"<returnval><rootFolder type="Folder">ha-folder-root</rootFolder><propertyCollector type="PropertyCollector">ha-property-collector</propertyCollector><about><name>VMware ESXi</name><fullName>VMware ESXi 6.7.0 build-1</fullName><vendor>VMware, Inc.</vendor><version>6.7.0</version><build>1</build><localeVersion>INTL</localeVersion><localeBuild>000</localeBuild><osType>vmnix-x86</osType><productLineId>embeddedEsx</productLineId><apiType>HostAgent</apiType><apiVersion>6.7</apiVersion></about><sessionManager type="SessionManager">ha-sessionmgr</sessionManager><searchIndex type="SearchIndex">ha-searchindex</searchIndex><newManagerFromTheFuture type="Future">x</newManagerFromTheFuture></returnval>"#;

pub fn user_session(key: &str) -> String {
    format!(
        "<returnval><key>{key}</key><userName>root</userName><fullName>root</fullName><loginTime>2026-01-01T00:00:00Z</loginTime><lastActiveTime>2026-01-01T00:00:00Z</lastActiveTime><locale>en</locale><messageLocale>en</messageLocale></returnval>"
    )
}

// ---- proxies ----------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyKind {
    Http,
    Socks4,
    Socks5,
}

pub struct TestProxy {
    pub addr: SocketAddr,
    /// Connections the proxy relayed.
    pub relayed: Arc<AtomicUsize>,
}

impl TestProxy {
    pub fn start(kind: ProxyKind) -> TestProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let relayed = Arc::new(AtomicUsize::new(0));
        let count = relayed.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                let count = count.clone();
                thread::spawn(move || {
                    let _ = handle_proxy(kind, stream, &count);
                });
            }
        });
        TestProxy { addr, relayed }
    }
}

fn handle_proxy(
    kind: ProxyKind,
    mut client: TcpStream,
    count: &AtomicUsize,
) -> std::io::Result<()> {
    let (target, pending) = match kind {
        ProxyKind::Http => {
            let mut reader = BufReader::new(client.try_clone()?);
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                head.push_str(&line);
                if line == "\r\n" {
                    break;
                }
            }
            let buffered = reader.buffer().to_vec();
            let first = head.lines().next().unwrap_or("").to_string();
            let mut parts = first.split_whitespace();
            let verb = parts.next().unwrap_or("");
            let target = parts.next().unwrap_or("").to_string();
            if verb == "CONNECT" {
                client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;
                (target, buffered)
            } else {
                // Absolute-form request: forward it as it is.
                let rest = target.split_once("://").map(|x| x.1).unwrap_or(&target);
                let hostport = rest.split('/').next().unwrap_or("").to_string();
                let mut pending = head.into_bytes();
                pending.extend(buffered);
                (hostport, pending)
            }
        }
        ProxyKind::Socks5 => {
            let mut b = [0u8; 2];
            client.read_exact(&mut b)?;
            let mut methods = vec![0u8; b[1] as usize];
            client.read_exact(&mut methods)?;
            client.write_all(&[5, 0])?;
            let mut req = [0u8; 4];
            client.read_exact(&mut req)?;
            let host = match req[3] {
                1 => {
                    let mut ip = [0u8; 4];
                    client.read_exact(&mut ip)?;
                    std::net::Ipv4Addr::from(ip).to_string()
                }
                3 => {
                    let mut l = [0u8; 1];
                    client.read_exact(&mut l)?;
                    let mut name = vec![0u8; l[0] as usize];
                    client.read_exact(&mut name)?;
                    String::from_utf8_lossy(&name).into_owned()
                }
                _ => return Ok(()),
            };
            let mut port = [0u8; 2];
            client.read_exact(&mut port)?;
            client.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0])?;
            (format!("{host}:{}", u16::from_be_bytes(port)), Vec::new())
        }
        ProxyKind::Socks4 => {
            let mut req = [0u8; 8];
            client.read_exact(&mut req)?;
            let port = u16::from_be_bytes([req[2], req[3]]);
            let ip = std::net::Ipv4Addr::new(req[4], req[5], req[6], req[7]);
            // user id, NUL-terminated
            let mut byte = [0u8; 1];
            loop {
                client.read_exact(&mut byte)?;
                if byte[0] == 0 {
                    break;
                }
            }
            let mut host = ip.to_string();
            if req[4] == 0 && req[5] == 0 && req[6] == 0 && req[7] != 0 {
                // SOCKS4a: the host name follows.
                let mut name = Vec::new();
                loop {
                    client.read_exact(&mut byte)?;
                    if byte[0] == 0 {
                        break;
                    }
                    name.push(byte[0]);
                }
                host = String::from_utf8_lossy(&name).into_owned();
            }
            client.write_all(&[0, 90, 0, 0, 0, 0, 0, 0])?;
            (format!("{host}:{port}"), Vec::new())
        }
    };
    let mut upstream = TcpStream::connect(&target)?;
    upstream.set_nodelay(true)?;
    client.set_nodelay(true)?;
    count.fetch_add(1, Ordering::SeqCst);
    upstream.write_all(&pending)?;
    let mut up_read = upstream.try_clone()?;
    let mut client_write = client.try_clone()?;
    let t = thread::spawn(move || {
        let _ = std::io::copy(&mut up_read, &mut client_write);
        let _ = client_write.shutdown(Shutdown::Write);
    });
    let _ = std::io::copy(&mut client, &mut upstream);
    let _ = upstream.shutdown(Shutdown::Write);
    let _ = t.join();
    Ok(())
}
