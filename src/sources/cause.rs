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

/// The root cause of an error chain, worded by [`describe_io`] when it is an I/O error.
pub fn describe_root_cause(err: &(dyn Error + 'static)) -> String {
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
    fn the_root_io_error_is_described() {
        let err = Wrapper(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        assert_eq!(describe_root_cause(&err), "connection refused");
    }
}
