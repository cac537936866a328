//! The systems triage asks. Each source knows how to talk to its system
//! safely (timeouts, authentication, read-only) and returns data; sources never
//! score or rank.

pub mod cause;
pub mod http;
pub mod kubernetes;
pub mod postgres;
pub mod prometheus;
pub mod tls;
