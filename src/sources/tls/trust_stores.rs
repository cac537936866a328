//! The trust stores a chain is verified against: Mozilla's roots (built in),
//! the system's (as rustls-native-certs finds them, honouring SSL_CERT_FILE
//! and SSL_CERT_DIR) and the user's `--ca-file`.

use crate::analyze::certs::TrustStore;
use rustls::pki_types::CertificateDer;
use std::path::Path;

/// The stores, and warnings about certificates that could not be used.
pub struct LoadedStores {
    pub stores: Vec<TrustStore>,
    pub warnings: Vec<String>,
}

/// Loads every store. A `--ca-file` that can't be read or holds no usable CA
/// is an error (the user asked for it); a broken system store is a warning.
pub fn load(ca_file: Option<&Path>) -> Result<LoadedStores, String> {
    let mut stores = vec![TrustStore::mozilla()];
    let mut warnings = Vec::new();
    let native = rustls_native_certs::load_native_certs();
    if let Some(error) = native.errors.first() {
        warnings.push(format!("system trust store: {error}"));
    }
    let (system, _) = TrustStore::from_certificates("system", &native.certs);
    stores.push(system);
    if let Some(path) = ca_file {
        let bytes = crate::file_limits::read(path, crate::file_limits::CERTIFICATES)
            .map_err(|err| format!("--ca-file {}: {err}", path.display()))?;
        let certificates = super::files::parse_certificates(&bytes)
            .map_err(|err| format!("--ca-file {}: {err}", path.display()))?;
        let certificates: Vec<CertificateDer<'_>> =
            certificates.into_iter().map(CertificateDer::from).collect();
        let (store, errors) = TrustStore::from_certificates("ca-file", &certificates);
        if store.is_empty() {
            return Err(format!(
                "--ca-file {}: no usable CA certificate in it{}",
                path.display(),
                errors
                    .first()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default()
            ));
        }
        warnings.extend(errors);
        stores.push(store);
    }
    Ok(LoadedStores { stores, warnings })
}
