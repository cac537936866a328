//! A root → intermediate PKI made with rcgen for the unit tests of the
//! certificate analysis (ECDSA P-256; days relative to now).

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};

pub struct Pki {
    root: rcgen::Certificate,
    intermediate: rcgen::Certificate,
    intermediate_issuer: Issuer<'static, KeyPair>,
}

fn days(n: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc() + time::Duration::days(n)
}

fn ca_params(name: &str, from: i64, to: i64) -> CertificateParams {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.not_before = days(from);
    params.not_after = days(to);
    params
}

/// A leaf's parameters: the first name as CN, all as subjectAltNames.
fn leaf_params(names: &[&str], from: i64, to: i64) -> CertificateParams {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mut params = CertificateParams::new(names.clone()).unwrap();
    params
        .distinguished_name
        .push(DnType::CommonName, &names[0]);
    params.not_before = days(from);
    params.not_after = days(to);
    params
}

impl Default for Pki {
    fn default() -> Self {
        Pki::new()
    }
}

impl Pki {
    pub fn new() -> Pki {
        Pki::with_intermediate_validity(-365, 365)
    }

    pub fn with_intermediate_validity(from: i64, to: i64) -> Pki {
        let root_key = KeyPair::generate().unwrap();
        let root_params = ca_params("triage unit root", -3650, 3650);
        let root = root_params.self_signed(&root_key).unwrap();
        let root_issuer = Issuer::new(root_params, root_key);
        let intermediate_key = KeyPair::generate().unwrap();
        let intermediate_params = ca_params("triage unit intermediate", from, to);
        let intermediate = intermediate_params
            .signed_by(&intermediate_key, &root_issuer)
            .unwrap();
        let intermediate_issuer = Issuer::new(intermediate_params, intermediate_key);
        Pki {
            root,
            intermediate,
            intermediate_issuer,
        }
    }

    /// A leaf for `names`, issued by the intermediate, valid from `from` to `to` days from now.
    pub fn leaf(&self, names: &[&str], from: i64, to: i64) -> Vec<u8> {
        let params = leaf_params(names, from, to);
        let key = KeyPair::generate().unwrap();
        params
            .signed_by(&key, &self.intermediate_issuer)
            .unwrap()
            .der()
            .to_vec()
    }

    /// A self-signed leaf (no CA behind it).
    pub fn self_signed(names: &[&str], from: i64, to: i64) -> Vec<u8> {
        let params = leaf_params(names, from, to);
        let key = KeyPair::generate().unwrap();
        params.self_signed(&key).unwrap().der().to_vec()
    }

    pub fn root_der(&self) -> Vec<u8> {
        self.root.der().to_vec()
    }

    pub fn intermediate_der(&self) -> Vec<u8> {
        self.intermediate.der().to_vec()
    }
}
