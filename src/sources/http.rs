//! What HTTP sources share: turning a transport error into the one line an
//! engineer can act on.

/// Describes a reqwest error by its root cause (`connection refused`, `timed
/// out`, a certificate problem) rather than reqwest's generic wrapper text.
pub fn describe_error(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        return "timed out".into();
    }
    let mut root: &dyn std::error::Error = err;
    while let Some(source) = root.source() {
        root = source;
    }
    if let Some(io) = root.downcast_ref::<std::io::Error>() {
        return match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
            std::io::ErrorKind::ConnectionReset => "connection reset by peer".into(),
            std::io::ErrorKind::TimedOut => "timed out".into(),
            _ => io.to_string(),
        };
    }
    let text = root.to_string();
    if err.is_connect() && !text.contains("connect") {
        format!("cannot connect: {text}")
    } else {
        text
    }
}
