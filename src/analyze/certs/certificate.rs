//! What one certificate says about itself, read from its DER with x509-parser:
//! the facts the judgement needs (names, validity, key, signature), nothing more.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use x509_parser::extensions::GeneralName;
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;

/// The facts of one certificate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    pub subject: String,
    pub issuer: String,
    /// Hex, colon-separated, as openssl prints it.
    pub serial: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// DNS names and IP addresses of the subjectAltName extension.
    pub names: Vec<String>,
    pub key: Key,
    /// The algorithm the issuer signed this certificate with, such as `sha256WithRSAEncryption`.
    pub signature: String,
    pub is_ca: bool,
    /// Issuer and subject are the same name: a root, or a self-signed leaf.
    pub self_issued: bool,
}

/// The subject's public key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Key {
    /// `RSA`, `EC`, `Ed25519`, `DSA` or the algorithm's OID.
    pub algorithm: String,
    pub bits: usize,
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.bits == 0 {
            f.write_str(&self.algorithm)
        } else {
            write!(f, "{} {}", self.algorithm, self.bits)
        }
    }
}

impl Certificate {
    /// Parses a DER certificate; the error says what is wrong in one line.
    pub fn parse(der: &[u8]) -> Result<Certificate, String> {
        let (rest, cert) = X509Certificate::from_der(der)
            .map_err(|err| format!("not a readable X.509 certificate ({err})"))?;
        if !rest.is_empty() {
            return Err("not a readable X.509 certificate (trailing data after it)".into());
        }
        let time = |t: x509_parser::time::ASN1Time| {
            DateTime::<Utc>::from_timestamp(t.timestamp(), 0).unwrap_or_default()
        };
        let names = match cert.subject_alternative_name() {
            Ok(Some(extension)) => extension
                .value
                .general_names
                .iter()
                .filter_map(|name| match name {
                    GeneralName::DNSName(dns) => Some(dns.to_string()),
                    GeneralName::IPAddress(bytes) => ip_text(bytes),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(Certificate {
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            serial: cert.raw_serial_as_string(),
            not_before: time(cert.validity().not_before),
            not_after: time(cert.validity().not_after),
            names,
            key: key_of(&cert),
            signature: signature_name(&cert.signature_algorithm.algorithm.to_id_string()),
            is_ca: cert.is_ca(),
            self_issued: cert.subject().as_raw() == cert.issuer().as_raw(),
        })
    }

    /// The common name, else the whole subject: how a certificate is called in one line.
    pub fn short_name(&self) -> &str {
        self.subject
            .split(", ")
            .find_map(|part| part.strip_prefix("CN="))
            .unwrap_or(&self.subject)
    }

    /// Seconds the certificate may be used for, from notBefore to notAfter.
    pub fn lifetime_seconds(&self) -> i64 {
        (self.not_after - self.not_before).num_seconds()
    }
}

fn key_of(cert: &X509Certificate<'_>) -> Key {
    let spki = cert.public_key();
    match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => Key {
            algorithm: "RSA".into(),
            bits: rsa.key_size(),
        },
        Ok(PublicKey::EC(point)) => Key {
            algorithm: "EC".into(),
            bits: point.key_size(),
        },
        Ok(PublicKey::DSA(_)) => Key {
            algorithm: "DSA".into(),
            bits: 0,
        },
        _ => {
            let oid = spki.algorithm.algorithm.to_id_string();
            let algorithm = match oid.as_str() {
                "1.3.101.112" => "Ed25519".to_string(),
                "1.3.101.113" => "Ed448".to_string(),
                _ => oid,
            };
            let bits = match algorithm.as_str() {
                "Ed25519" => 256,
                "Ed448" => 456,
                _ => 0,
            };
            Key { algorithm, bits }
        }
    }
}

/// The signature algorithms worth naming; anything else is shown by OID.
fn signature_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "rsassaPss",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.2.840.10040.4.3" => "dsa-with-SHA1",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        other => return other.to_string(),
    }
    .to_string()
}

/// True for signatures made with a broken hash (MD5, SHA-1), which clients refuse.
pub fn is_weak_signature(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("md5") || lower.contains("sha1")
}

fn ip_text(bytes: &[u8]) -> Option<String> {
    match bytes.len() {
        4 => Some(std::net::Ipv4Addr::from(<[u8; 4]>::try_from(bytes).ok()?).to_string()),
        16 => Some(std::net::Ipv6Addr::from(<[u8; 16]>::try_from(bytes).ok()?).to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::certs::test_pki::Pki;

    #[test]
    fn reads_names_validity_key_and_signature() {
        let pki = Pki::new();
        let leaf = pki.leaf(&["localhost", "127.0.0.1"], -1, 90);
        let cert = Certificate::parse(&leaf).unwrap();
        assert_eq!(cert.short_name(), "localhost");
        assert_eq!(cert.names, vec!["localhost", "127.0.0.1"]);
        assert_eq!(cert.key.algorithm, "EC");
        assert_eq!(cert.key.bits, 256);
        assert_eq!(cert.signature, "ecdsa-with-SHA256");
        assert!(!cert.is_ca);
        assert!(!cert.self_issued);
        assert_eq!(cert.lifetime_seconds(), 91 * 86_400);
        let root = Certificate::parse(&pki.root_der()).unwrap();
        assert!(root.is_ca && root.self_issued);
    }

    #[test]
    fn garbage_is_a_one_line_error() {
        let err = Certificate::parse(b"not a certificate").unwrap_err();
        assert!(err.starts_with("not a readable X.509 certificate"), "{err}");
        assert!(!err.contains('\n'));
    }

    #[test]
    fn weak_hashes_are_named() {
        assert!(is_weak_signature("sha1WithRSAEncryption"));
        assert!(is_weak_signature("md5WithRSAEncryption"));
        assert!(is_weak_signature("ecdsa-with-SHA1"));
        assert!(!is_weak_signature("sha256WithRSAEncryption"));
    }
}
