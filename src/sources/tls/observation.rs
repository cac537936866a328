//! What one look at a TLS endpoint (or a certificate file) saw: the chain as
//! presented, the handshake's facts, or why there is nothing to look at. This
//! is the raw evidence; judging it is `analyze::certs`.

use crate::config::file::StartTls;
use serde::{Deserialize, Serialize};

/// Where a chain came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// A live TLS endpoint.
    Endpoint,
    /// A certificate file on disk.
    File,
}

/// One endpoint address (or one file) and what it presented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// The target as the user named it: `host:port` or a file's path.
    pub target: String,
    pub origin: Origin,
    /// The name sent as SNI and checked against the certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_name: Option<String>,
    /// The IP address and port connected to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starttls: Option<StartTls>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cipher_suite: Option<String>,
    /// The presented chain, leaf first, as PEM (the evidence bundle keeps it).
    #[serde(with = "pem_chain")]
    pub chain: Vec<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<FetchError>,
    pub duration_ms: u64,
}

/// Why a chain could not be fetched (or was fetched but the handshake failed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FetchError {
    pub kind: FetchErrorKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FetchErrorKind {
    /// The name does not resolve.
    Dns,
    /// Nothing listens (connection refused).
    Refused,
    /// No connection or no handshake within its timeout.
    Timeout,
    /// The overall deadline came before this target's turn finished.
    Deadline,
    /// The port answers, but not with TLS (plain HTTP, another protocol).
    NotTls,
    /// The STARTTLS exchange failed.
    StartTls,
    /// The peer only speaks TLS 1.0/1.1, which rustls (like browsers) refuses.
    OldTlsVersion,
    /// The handshake failed for another reason (closed, alert, bad signature).
    Handshake,
    /// The server wants a client certificate (mutual TLS) and broke off
    /// without one; its own chain was still seen.
    ClientCertificateRequired,
    /// Some other connection error.
    Network,
    /// A certificate file could not be read, or holds no certificate.
    File,
}

impl Observation {
    /// What could not be read at all (no certificate arrived), as a data gap
    /// naming the endpoint: an unreachable endpoint is unknown, never fine.
    pub fn gap(&self) -> Option<String> {
        let error = self.error.as_ref().filter(|_| self.chain.is_empty())?;
        let address = match &self.address {
            Some(address) if !error.message.contains(address.as_str()) => format!(" ({address})"),
            _ => String::new(),
        };
        Some(format!("{}{address}: {}", self.target, error.message))
    }

    pub fn failed(target: &str, origin: Origin, kind: FetchErrorKind, message: String) -> Self {
        Observation {
            target: target.to_string(),
            origin,
            server_name: None,
            address: None,
            starttls: None,
            protocol: None,
            cipher_suite: None,
            chain: Vec::new(),
            error: Some(FetchError { kind, message }),
            duration_ms: 0,
        }
    }
}

/// DER certificates serialised as PEM text, readable by openssl.
mod pem_chain {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(chain: &[Vec<u8>], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(chain.iter().map(|der| super::to_pem(der)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Vec<u8>>, D::Error> {
        Vec::<String>::deserialize(deserializer)?
            .iter()
            .map(|text| match pem::parse(text) {
                Ok(block) if block.tag() == "CERTIFICATE" => Ok(block.into_contents()),
                _ => Err(serde::de::Error::custom(
                    "a chain entry is not a PEM certificate",
                )),
            })
            .collect()
    }
}

/// One certificate as PEM.
pub fn to_pem(der: &[u8]) -> String {
    pem::encode_config(
        &pem::Pem::new("CERTIFICATE", der),
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_round_trip_through_pem() {
        let chain = vec![
            vec![0x30, 0x03, 0x02, 0x01, 0x05],
            (0..=255).collect::<Vec<u8>>(),
        ];
        let observation = Observation {
            chain: chain.clone(),
            ..Observation::failed(
                "a:443",
                Origin::Endpoint,
                FetchErrorKind::Timeout,
                "slow".into(),
            )
        };
        let json = serde_json::to_string(&observation).unwrap();
        assert!(json.contains("-----BEGIN CERTIFICATE-----"));
        let back: Observation = serde_json::from_str(&json).unwrap();
        assert_eq!(back.chain, chain);
    }

    #[test]
    fn only_an_endpoint_that_sent_no_chain_is_a_gap_and_it_names_the_address() {
        let refused = Observation {
            address: Some("10.0.0.7:443".into()),
            ..Observation::failed(
                "api.example:443",
                Origin::Endpoint,
                FetchErrorKind::Timeout,
                "no handshake within 10s".into(),
            )
        };
        assert_eq!(
            refused.gap().as_deref(),
            Some("api.example:443 (10.0.0.7:443): no handshake within 10s")
        );
        let said_where = Observation {
            error: Some(FetchError {
                kind: FetchErrorKind::Refused,
                message: "connection refused by 10.0.0.7:443".into(),
            }),
            ..refused.clone()
        };
        assert_eq!(
            said_where.gap().as_deref(),
            Some("api.example:443: connection refused by 10.0.0.7:443")
        );
        // The chain arrived before the handshake failed: judged, not a gap.
        let judged = Observation {
            chain: vec![vec![0x30]],
            ..refused.clone()
        };
        assert_eq!(judged.gap(), None);
        let fine = Observation {
            error: None,
            ..judged
        };
        assert_eq!(fine.gap(), None);
    }
}
