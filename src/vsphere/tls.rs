//! TLS under ureq through a connector of our own, so the certificate check is ours: the system's
//! CA roots, or only a PEM bundle the user names (`cacert=`), or none at all (`no_verify`). A
//! certificate of the bundle that the server presents itself is trusted as it is (pinned), as
//! OpenSSL and curl trust a self-signed certificate given as the CA file. A rejected server
//! certificate is kept so the error can name its fingerprints and subject.

use super::error::{ViError, ViResult};
use crate::error::code;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, RootCertStore, StreamOwned};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, Transport,
    TransportAdapter,
};

/// Which certificates the connection trusts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Trust {
    /// The system's CA store.
    #[default]
    System,
    /// Only the certificates of this PEM bundle (CAs, or the server's own certificate).
    Bundle(String),
    /// Any certificate (`no_verify=1`).
    Anything,
}

/// The server certificate the last failed check saw (DER), shared with the transport.
pub type Rejected = Arc<Mutex<Option<Vec<u8>>>>;

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The client configuration for `trust`, and where a rejected certificate is kept.
pub fn client_config(trust: &Trust) -> ViResult<(Arc<ClientConfig>, Rejected)> {
    let provider = provider();
    let rejected: Rejected = Arc::new(Mutex::new(None));
    let (roots, pinned) = match trust {
        Trust::System => {
            // certificates the store holds but cannot be parsed are skipped; an empty store
            // trusts nothing, which the certificate error then says
            let certs = rustls_native_certs::load_native_certs().unwrap_or_default();
            (certs, Vec::new())
        }
        Trust::Bundle(path) => {
            let certs = read_bundle(path)?;
            let pinned = certs.iter().map(|c| c.as_ref().to_vec()).collect();
            (certs, pinned)
        }
        Trust::Anything => (Vec::new(), Vec::new()),
    };
    let mut store = RootCertStore::empty();
    store.add_parsable_certificates(roots);
    let webpki = if store.is_empty() {
        None
    } else {
        WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider.clone())
            .build()
            .ok()
    };
    let verifier = Verifier {
        check: !matches!(trust, Trust::Anything),
        webpki,
        pinned,
        algorithms: provider.signature_verification_algorithms,
        rejected: rejected.clone(),
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .map_err(|e| ViError::internal(format!("TLS set-up failed: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok((Arc::new(config), rejected))
}

/// The certificates of a PEM file; none is an error (the user meant to trust something).
fn read_bundle(path: &str) -> ViResult<Vec<CertificateDer<'static>>> {
    let bytes = std::fs::read(path).map_err(|e| {
        ViError::new(
            code::INVALID_ARG,
            format!("Cannot read the CA certificate file '{path}': {e}"),
        )
    })?;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<_, _>>()
        .map_err(|e| {
            ViError::new(
                code::INVALID_ARG,
                format!("The CA certificate file '{path}' is not a valid PEM bundle: {e:?}"),
            )
        })?;
    if certs.is_empty() {
        return Err(ViError::new(
            code::INVALID_ARG,
            format!("The CA certificate file '{path}' holds no PEM certificate"),
        ));
    }
    Ok(certs)
}

#[derive(Debug)]
struct Verifier {
    /// false: `no_verify`, everything is accepted.
    check: bool,
    /// The chain check against the trusted roots; `None` when no root is trusted.
    webpki: Option<Arc<WebPkiServerVerifier>>,
    /// Server certificates trusted as they are (the bundle's).
    pinned: Vec<Vec<u8>>,
    algorithms: WebPkiSupportedAlgorithms,
    rejected: Rejected,
}

impl Verifier {
    fn reject<T>(&self, cert: &CertificateDer<'_>, e: rustls::Error) -> Result<T, rustls::Error> {
        if let Ok(mut r) = self.rejected.lock() {
            *r = Some(cert.as_ref().to_vec());
        }
        Err(e)
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if !self.check {
            return Ok(ServerCertVerified::assertion());
        }
        let chained = match &self.webpki {
            Some(v) => v.verify_server_cert(end_entity, intermediates, server_name, ocsp, now),
            None => Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            )),
        };
        match chained {
            Ok(ok) => Ok(ok),
            Err(e) if self.pinned.iter().any(|p| p == end_entity.as_ref()) => {
                // the very certificate the user trusts: its names must still fit
                let parsed = rustls::server::ParsedCertificate::try_from(end_entity)
                    .or_else(|_| self.reject(end_entity, e))?;
                match rustls::client::verify_server_name(&parsed, server_name) {
                    Ok(()) => Ok(ServerCertVerified::assertion()),
                    Err(e) => self.reject(end_entity, e),
                }
            }
            Err(e) => self.reject(end_entity, e),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        if !self.check {
            return Ok(HandshakeSignatureValid::assertion());
        }
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
            .or_else(|e| self.reject(cert, e))
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        if !self.check {
            return Ok(HandshakeSignatureValid::assertion());
        }
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
            .or_else(|e| self.reject(cert, e))
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        let mut schemes = self.algorithms.supported_schemes();
        if !self.check {
            // nothing is checked: offer what old servers sign with too, as curl does
            schemes.extend([
                rustls::SignatureScheme::RSA_PKCS1_SHA1,
                rustls::SignatureScheme::ECDSA_SHA1_Legacy,
                rustls::SignatureScheme::ED448,
            ]);
        }
        schemes
    }
}

/// The connector that wraps https connections in TLS with our configuration.
#[derive(Debug)]
pub struct TlsConnector {
    pub config: Arc<ClientConfig>,
}

impl<In: Transport> Connector<In> for TlsConnector {
    type Out = Either<In, TlsTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let Some(transport) = chained else {
            return Ok(None);
        };
        if !details.needs_tls() || transport.is_tls() {
            return Ok(Some(Either::A(transport)));
        }
        let host = details.uri.host().ok_or(ureq::Error::Tls(
            "no host name to check the certificate for",
        ))?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let name = ServerName::try_from(host.to_string())
            .map_err(|_| ureq::Error::Tls("invalid host name for TLS"))?;
        let mut conn = ClientConnection::new(self.config.clone(), name)?;
        let mut sock = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        sock.set_timeout(details.timeout);
        conn.complete_io(&mut sock)?;
        Ok(Some(Either::B(TlsTransport {
            buffers: LazyBuffers::new(
                details.config.input_buffer_size(),
                details.config.output_buffer_size(),
            ),
            stream: StreamOwned { conn, sock },
        })))
    }
}

/// An https connection.
pub struct TlsTransport {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter>,
}

impl std::fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TlsTransport")
    }
}

impl Transport for TlsTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let output = &self.buffers.output()[..amount];
        self.stream.write_all(output)?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let input = self.buffers.input_append_buf();
        let amount = self.stream.read(input)?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}

// ---- naming a certificate ----------------------------------------------------------------

/// `AA:BB:...` of a digest.
fn colon_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// How an error names a certificate: its SHA-256 and SHA-1 fingerprints and subject.
pub fn describe_cert(der: &[u8]) -> String {
    let sha256 = ring::digest::digest(&ring::digest::SHA256, der);
    let sha1 = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, der);
    let subject = subject(der).unwrap_or_else(|| "(unreadable)".to_string());
    format!(
        "server certificate SHA-256 fingerprint {}, SHA-1 fingerprint {}, subject '{subject}'",
        colon_hex(sha256.as_ref()),
        colon_hex(sha1.as_ref())
    )
}

/// One DER element: its tag, contents and what follows it.
fn der(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |a, &b| (a << 8) | b as usize);
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// The subject of an X.509 certificate as `CN=..., O=...` (the attributes in their order).
fn subject(cert: &[u8]) -> Option<String> {
    let (_, cert, _) = der(cert)?;
    let (_, tbs, _) = der(cert)?;
    let mut rest = tbs;
    let (tag, _, r) = der(rest)?;
    if tag == 0xa0 {
        rest = r; // the version
    }
    // serial, signature algorithm, issuer, validity; then the subject
    for _ in 0..4 {
        rest = der(rest)?.2;
    }
    let (_, mut name, _) = der(rest)?;
    let mut parts = Vec::new();
    while !name.is_empty() {
        let (_, mut set, r) = der(name)?;
        name = r;
        while !set.is_empty() {
            let (_, atv, r) = der(set)?;
            set = r;
            let (_, oid, r) = der(atv)?;
            let (vtag, value, _) = der(r)?;
            let key = match oid {
                [0x55, 0x04, 0x03] => "CN".to_string(),
                [0x55, 0x04, 0x06] => "C".to_string(),
                [0x55, 0x04, 0x07] => "L".to_string(),
                [0x55, 0x04, 0x08] => "ST".to_string(),
                [0x55, 0x04, 0x0a] => "O".to_string(),
                [0x55, 0x04, 0x0b] => "OU".to_string(),
                [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01] => {
                    "emailAddress".to_string()
                }
                other => format!("OID:{}", colon_hex(other)),
            };
            let text = match vtag {
                // BMPString: UTF-16BE
                0x1e => String::from_utf16_lossy(
                    &value
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                        .collect::<Vec<_>>(),
                ),
                // T61String: read as Latin-1
                0x14 => value.iter().map(|&b| b as char).collect(),
                _ => String::from_utf8_lossy(value).into_owned(),
            };
            let text: String = text.chars().filter(|c| !c.is_control()).collect();
            parts.push(format!("{key}={text}"));
        }
    }
    Some(parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    // vcsim's (Go's httptest) certificate: O=Acme Co, 1024-bit RSA, CA:TRUE
    const ACME: &str = "-----BEGIN CERTIFICATE-----
MIICEzCCAXygAwIBAgIQMIMChMLGrR+QvmQvpwAU6zANBgkqhkiG9w0BAQsFADAS
MRAwDgYDVQQKEwdBY21lIENvMCAXDTcwMDEwMTAwMDAwMFoYDzIwODQwMTI5MTYw
MDAwWjASMRAwDgYDVQQKEwdBY21lIENvMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCB
iQKBgQDuLnQAI3mDgey3VBzWnB2L39JUU4txjeVE6myuDqkM/uGlfjb9SjY1bIw4
iA5sBBZzHi3z0h1YV8QPuxEbi4nW91IJm2gsvvZhIrCHS3l6afab4pZBl2+XsDul
rKBxKKtD1rGxlG4LjncdabFn9gvLZad2bSysqz/qTAUStTvqJQIDAQABo2gwZjAO
BgNVHQ8BAf8EBAMCAqQwEwYDVR0lBAwwCgYIKwYBBQUHAwEwDwYDVR0TAQH/BAUw
AwEB/zAuBgNVHREEJzAlggtleGFtcGxlLmNvbYcEfwAAAYcQAAAAAAAAAAAAAAAA
AAAAATANBgkqhkiG9w0BAQsFAAOBgQCEcetwO59EWk7WiJsG4x8SY+UIAA+flUI9
tyC4lNhbcF2Idq9greZwbYCqTTTr2XiRNSMLCOjKyI7ukPoPjo16ocHj+P3vZGfs
h1fIw3cSS2OolhloGw/XM6RWPWtPAlGykKLciQrBru5NAPvCMsb/I1DAceTiotQM
fblo6RBxUQ==
-----END CERTIFICATE-----
";

    #[test]
    fn certificates_are_named_by_fingerprints_and_subject() {
        let der = CertificateDer::pem_slice_iter(ACME.as_bytes())
            .next()
            .unwrap()
            .unwrap();
        let d = describe_cert(der.as_ref());
        assert!(d.contains("subject 'O=Acme Co'"), "{d}");
        assert!(d.contains("SHA-256 fingerprint "), "{d}");
        let hex = |s: &str| s.len() == 2 && s.chars().all(|c| c.is_ascii_hexdigit());
        let sha256 = d.split("SHA-256 fingerprint ").nth(1).unwrap();
        assert!(sha256.split(',').next().unwrap().split(':').all(hex));
        assert_eq!(sha256.split(',').next().unwrap().split(':').count(), 32);
        let sha1 = d.split("SHA-1 fingerprint ").nth(1).unwrap();
        assert_eq!(sha1.split(',').next().unwrap().split(':').count(), 20);
        assert_eq!(subject(b"\x30\x03\x02\x01"), None);
    }

    #[test]
    fn bundles_must_hold_certificates() {
        let dir = std::env::temp_dir().join(format!("esx-tls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "no certificate here\n").unwrap();
        let e = read_bundle(empty.to_str().unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("holds no PEM certificate"), "{e}");
        let e = read_bundle("/nonexistent/ca.pem").unwrap_err().to_string();
        assert!(e.contains("Cannot read the CA certificate file"), "{e}");
        let good = dir.join("acme.pem");
        std::fs::write(&good, ACME).unwrap();
        assert_eq!(read_bundle(good.to_str().unwrap()).unwrap().len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
