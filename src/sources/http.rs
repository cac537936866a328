//! What HTTP sources share: describing a reqwest error in one line.

/// Describes a reqwest error by its root cause rather than reqwest's generic wrapper text.
pub fn describe_error(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        return "timed out".into();
    }
    let text = super::cause::describe_root_cause(err, "ca_file");
    if err.is_connect() && !text.contains("connect") {
        format!("cannot connect: {text}")
    } else {
        text
    }
}
