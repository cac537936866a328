//! Certificate analysis: read each presented certificate, verify the chain
//! against the trust stores, and judge every problem with its severity. Pure:
//! the chains come from `sources::tls`, already fetched.

pub mod certificate;
pub mod findings;
pub mod judge;
#[cfg(test)]
pub mod test_pki;
pub mod thresholds;
pub mod trust;

pub use judge::{Policy, Problem, ProblemKind, Verdict, judge};
pub use thresholds::{Threshold, Thresholds};
pub use trust::{Trust, TrustStore};
