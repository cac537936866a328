//! Turning a client library's error chain into the one line an engineer can
//! act on: the root cause (`connection refused`, `timed out`, a certificate
//! problem), not the wrapper text every layer adds.

use std::error::Error;

/// The innermost error of a chain.
pub fn root_cause<'a>(err: &'a (dyn Error + 'static)) -> &'a (dyn Error + 'static) {
    let mut root = err;
    while let Some(source) = root.source() {
        root = source;
    }
    root
}

/// How an I/O error reads in a one-line status.
pub fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
        std::io::ErrorKind::ConnectionReset => "connection reset by peer".into(),
        std::io::ErrorKind::TimedOut => "timed out".into(),
        _ => err.to_string(),
    }
}

/// The rustls error somewhere in a chain. I/O errors hide the error they
/// wrap from `source()` (and may wrap another I/O error), so each one's inner
/// errors are looked at too.
fn rustls_error<'a>(err: &'a (dyn Error + 'static)) -> Option<&'a rustls::Error> {
    let mut current = Some(err);
    while let Some(err) = current {
        let mut candidate: &(dyn Error + 'static) = err;
        loop {
            if let Some(found) = candidate.downcast_ref::<rustls::Error>() {
                return Some(found);
            }
            match candidate
                .downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
            {
                Some(inner) => candidate = inner,
                None => break,
            }
        }
        current = err.source();
    }
    None
}

/// A rejected server certificate, in words, when that is what went wrong;
/// `ca_setting` names where the user configures the CA for this source
/// (`ca_file`, `sslrootcert`…). Retrying cannot fix it, so callers also use
/// this to decide not to.
pub fn certificate_problem(err: &(dyn Error + 'static), ca_setting: &str) -> Option<String> {
    use rustls::CertificateError as Cert;
    let rustls::Error::InvalidCertificate(kind) = rustls_error(err)? else {
        return None;
    };
    Some(match kind {
        Cert::Expired | Cert::ExpiredContext { .. } => {
            "the server's certificate has expired".into()
        }
        Cert::NotValidYet | Cert::NotValidYetContext { .. } => {
            "the server's certificate is not valid yet (or this machine's clock is wrong)".into()
        }
        Cert::NotValidForName | Cert::NotValidForNameContext { .. } => {
            "the server's certificate is not valid for this host name".into()
        }
        Cert::Revoked => "the server's certificate has been revoked".into(),
        Cert::UnknownIssuer
        | Cert::BadSignature
        | Cert::UnsupportedSignatureAlgorithmContext { .. }
        | Cert::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => {
            format!(
                "the server's certificate is not trusted (self-signed or from an unknown CA? configure its CA with {ca_setting})"
            )
        }
        other => {
            // `Other(OtherError(CaUsedAsEndEntity))`: the innermost name says what.
            let debug = format!("{other:?}");
            let name = debug
                .trim_start_matches("Other(OtherError(")
                .split([' ', '(', '{', ')'])
                .next()
                .unwrap_or_default()
                .to_string();
            format!("the server's certificate was rejected ({name})")
        }
    })
}

/// The root cause of an error chain, worded by [`describe_io`] when it is an
/// I/O error and by [`certificate_problem`] when a certificate was rejected.
pub fn describe_root_cause(err: &(dyn Error + 'static), ca_setting: &str) -> String {
    if let Some(problem) = certificate_problem(err, ca_setting) {
        return problem;
    }
    let root = root_cause(err);
    match root.downcast_ref::<std::io::Error>() {
        Some(io) => describe_io(io),
        None => root.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("request failed")]
    struct Wrapper(#[source] std::io::Error);

    #[test]
    fn rejected_certificates_are_described_in_words() {
        let err = Wrapper(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer),
        ));
        assert_eq!(
            describe_root_cause(&err, "ca_file"),
            "the server's certificate is not trusted (self-signed or from an unknown CA? configure its CA with ca_file)"
        );
        let expired = rustls::Error::InvalidCertificate(rustls::CertificateError::Expired);
        assert_eq!(
            certificate_problem(&expired, "ca_file").as_deref(),
            Some("the server's certificate has expired")
        );
    }

    #[test]
    fn the_root_io_error_is_described() {
        let err = Wrapper(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        assert_eq!(describe_root_cause(&err, "ca_file"), "connection refused");
    }
}
