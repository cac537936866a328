//! Detectors: raw observations in, findings out. Pure and synchronous: no
//! I/O, no clocks, so every analysis is reproducible from recorded data.

pub mod alert_groups;
pub mod bundle;
pub mod certs;
pub mod finding;
pub mod histogram;
pub mod kubernetes;
pub mod onset;
pub mod postgres;
pub mod robust;
pub mod service_health;
pub mod text;
pub mod window;

pub use finding::{Finding, Severity, ShownBy};
pub use window::Window;
