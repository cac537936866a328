//! Certificates on disk (`--cert-file`): a PEM file (one chain, leaf first,
//! as servers are configured with), a DER file, or a directory of them.
//! Private keys in the same files are never read.

use super::observation::{FetchErrorKind, Observation, Origin};
use std::path::{Path, PathBuf};

/// File names in a directory that hold certificates.
const CERTIFICATE_EXTENSIONS: &[&str] = &["pem", "crt", "cer", "cert", "der"];

/// One observation per certificate file; a directory gives one per file in it
/// (sorted by name), skipping files without certificates such as keys.
pub fn read(paths: &[PathBuf]) -> Vec<Observation> {
    let mut observations = Vec::new();
    for path in paths {
        if path.is_dir() {
            match certificate_files(path) {
                Ok(files) if files.is_empty() => observations.push(unreadable(
                    path,
                    format!(
                        "{}: no certificate files (*.pem, *.crt, *.cer, *.cert, *.der) in the directory",
                        path.display()
                    ),
                )),
                Ok(files) => observations.extend(
                    files
                        .iter()
                        .map(|file| read_file(file))
                        // In a directory, a key or unrelated file is not a finding.
                        .filter(|observation| {
                            !observation.chain.is_empty() || !is_empty_of_certificates(observation)
                        }),
                ),
                Err(err) => {
                    observations.push(unreadable(path, format!("{}: {err}", path.display())))
                }
            }
        } else {
            observations.push(read_file(path));
        }
    }
    observations
}

fn certificate_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .and_then(|ext| ext.to_str())
                    .is_some_and(|ext| {
                        CERTIFICATE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
                    })
        })
        .collect();
    files.sort();
    Ok(files)
}

const NO_CERTIFICATE: &str = "holds no certificate";

fn is_empty_of_certificates(observation: &Observation) -> bool {
    observation
        .error
        .as_ref()
        .is_some_and(|error| error.message.ends_with(NO_CERTIFICATE))
}

fn read_file(path: &Path) -> Observation {
    let bytes = match crate::file_limits::read(path, crate::file_limits::CERTIFICATES) {
        Ok(bytes) => bytes,
        Err(err) => return unreadable(path, format!("{}: {err}", path.display())),
    };
    match parse_certificates(&bytes) {
        Ok(chain) if chain.is_empty() => {
            unreadable(path, format!("{}: {NO_CERTIFICATE}", path.display()))
        }
        Ok(chain) => Observation {
            chain,
            error: None,
            ..unreadable(path, String::new())
        },
        Err(err) => unreadable(path, format!("{}: {err}", path.display())),
    }
}

/// PEM certificates in file order, or the whole file as one DER certificate.
pub fn parse_certificates(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    if bytes.windows(11).any(|window| window == b"-----BEGIN ") {
        let mut reader = bytes;
        rustls_pemfile::certs(&mut reader)
            .map(|cert| {
                cert.map(|der| der.to_vec())
                    .map_err(|err| format!("bad PEM ({err})"))
            })
            .collect()
    } else if bytes.first() == Some(&0x30) {
        Ok(vec![bytes.to_vec()])
    } else {
        Err("neither PEM nor DER".into())
    }
}

fn unreadable(path: &Path, message: String) -> Observation {
    Observation::failed(
        &path.display().to_string(),
        Origin::File,
        FetchErrorKind::File,
        message,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::certs::test_pki::Pki;
    use crate::sources::tls::observation::to_pem;

    #[test]
    fn reads_pem_chains_der_files_and_directories() {
        let pki = Pki::new();
        let dir = tempfile::tempdir().unwrap();
        let leaf = pki.leaf(&["localhost"], -1, 90);
        let chain_file = dir.path().join("fullchain.pem");
        std::fs::write(
            &chain_file,
            format!("{}{}", to_pem(&leaf), to_pem(&pki.intermediate_der())),
        )
        .unwrap();
        std::fs::write(dir.path().join("root.der"), pki.root_der()).unwrap();
        std::fs::write(
            dir.path().join("key.pem"),
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a certificate").unwrap();

        let single = read(std::slice::from_ref(&chain_file));
        assert_eq!(single.len(), 1);
        assert_eq!(single[0].chain, vec![leaf.clone(), pki.intermediate_der()]);
        assert_eq!(single[0].origin, Origin::File);

        let all = read(&[dir.path().to_path_buf()]);
        let names: Vec<&str> = all
            .iter()
            .map(|o| o.target.rsplit('/').next().unwrap())
            .collect();
        assert_eq!(
            names,
            vec!["fullchain.pem", "root.der"],
            "keys and other files are skipped"
        );
    }

    #[test]
    fn a_named_file_without_certificates_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("key.pem");
        std::fs::write(
            &key,
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        )
        .unwrap();
        let observations = read(&[key, dir.path().join("missing.pem")]);
        let errors: Vec<String> = observations
            .iter()
            .map(|o| o.error.clone().unwrap().message)
            .collect();
        assert!(errors[0].ends_with("holds no certificate"), "{errors:?}");
        assert!(errors[1].contains("No such file"), "{errors:?}");
        assert!(!errors[0].contains("AAAA"), "key material is never echoed");
    }
}
