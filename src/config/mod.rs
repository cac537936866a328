//! Configuration: the TOML file with named environments, and the effective
//! settings after flags and environment variables are applied.

pub mod error;
pub mod file;
pub mod postgres;
pub mod secret;
pub mod settings;

pub use error::ConfigError;
pub use settings::{EnvironmentSettings, Settings};
