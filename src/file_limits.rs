//! Reading the files a user names — config, secrets, certificates, target
//! lists, kubeconfigs, bundles — with a size limit. A wrong path (`/dev/zero`,
//! a log file) must be one clear error, not a process that grows until the
//! OOM killer comes in the middle of an incident. Pipes (`<(…)`) still work:
//! the limit is on what is read, not on what kind of file it is.

use std::io::Read;
use std::path::Path;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

/// A password or token.
pub const SECRET: u64 = 64 * KIB;
/// A config file, `.pgpass` or kubeconfig.
pub const CONFIG: u64 = 16 * MIB;
/// Certificates and keys: a CA bundle of every public root is under 1 MiB.
pub const CERTIFICATES: u64 = 64 * MIB;
/// A target list: a million lines.
pub const TARGETS: u64 = 256 * MIB;
/// An evidence bundle of a large cluster.
pub const BUNDLE: u64 = 1024 * MIB;

/// The whole file, if it is not a device and not larger than `limit`.
pub fn read(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    check(path, limit)?;
    read_from(std::fs::File::open(path)?, limit)
}

/// The whole file as UTF-8 text, if it is not larger than `limit`.
pub fn read_to_string(path: &Path, limit: u64) -> std::io::Result<String> {
    utf8(read(path, limit)?)
}

/// Everything `reader` gives, if it is not more than `limit`.
pub fn read_from(reader: impl Read, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "larger than {}: is it the right file?",
            size(limit)
        )));
    }
    Ok(bytes)
}

pub fn utf8(bytes: Vec<u8>) -> std::io::Result<String> {
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// For a file another library reads whole: refuses devices (`/dev/zero`)
/// and regular files over `limit`; a pipe passes, as it can be read once only.
pub fn check(path: &Path, limit: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let metadata = std::fs::metadata(path)?;
    let kind = metadata.file_type();
    if kind.is_char_device() || kind.is_block_device() {
        return Err(std::io::Error::other("a device, not a file"));
    }
    if kind.is_file() && metadata.len() > limit {
        return Err(std::io::Error::other(format!(
            "larger than {}: is it the right file?",
            size(limit)
        )));
    }
    Ok(())
}

fn size(bytes: u64) -> String {
    if bytes >= MIB {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes / KIB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_refused_and_an_endless_stream_stops_at_the_limit() {
        let err = read(Path::new("/dev/zero"), SECRET).unwrap_err();
        assert_eq!(err.to_string(), "a device, not a file");
        let endless = std::io::repeat(b'a');
        let err = read_from(endless, SECRET).unwrap_err();
        assert_eq!(err.to_string(), "larger than 64 KiB: is it the right file?");
    }

    #[test]
    fn a_file_at_the_limit_is_read_and_one_byte_more_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, vec![b'a'; 1024]).unwrap();
        assert_eq!(read_to_string(&path, 1024).unwrap().len(), 1024);
        assert!(check(&path, 1024).is_ok());
        std::fs::write(&path, vec![b'a'; 1025]).unwrap();
        assert!(read(&path, 1024).is_err());
        assert!(check(&path, 1024).is_err());
        std::fs::write(&path, [0xff, 0xfe]).unwrap();
        assert_eq!(
            read_to_string(&path, 1024).unwrap_err().to_string(),
            "not UTF-8 text"
        );
    }
}
