//! The session token lives in the platform's secret store (R-AUTH-1): the
//! Secret Service on Linux, Keychain on macOS, Credential Manager on Windows.
//!
//! Where no secret store answers (a Linux session without a keyring daemon,
//! CI, and for now Android and iOS builds, which this crate's keyring backend
//! does not cover), the token goes to a file readable only by the user in the
//! app's private data folder, and [`SecretStore::is_fallback`] says so, so the
//! app can tell the user. `PASPOR_SECRET_STORE=file` forces the file, so tests
//! never touch a developer's real keyring.

use std::path::PathBuf;

const SERVICE: &str = "id.paspor.app";
const ACCOUNT: &str = "session";

#[derive(Debug, Clone, PartialEq)]
pub enum SecretStore {
    Keyring,
    /// Not a secret store: a plain file with owner-only permissions.
    File(PathBuf),
}

impl SecretStore {
    pub fn detect() -> SecretStore {
        let forced_file = std::env::var("PASPOR_SECRET_STORE").as_deref() == Ok("file");
        if !forced_file && keyring::Entry::store_status().is_ok() {
            SecretStore::Keyring
        } else {
            SecretStore::File(super::files::data_dir().join("session-token.insecure"))
        }
    }

    pub fn is_fallback(&self) -> bool {
        matches!(self, SecretStore::File(_))
    }

    pub fn load(&self) -> Option<String> {
        match self {
            SecretStore::Keyring => keyring::Entry::new(SERVICE, ACCOUNT)
                .ok()?
                .get_password()
                .ok(),
            SecretStore::File(p) => std::fs::read_to_string(p).ok().filter(|t| !t.is_empty()),
        }
    }

    pub fn save(&self, token: &str) -> Result<(), String> {
        match self {
            SecretStore::Keyring => keyring::Entry::new(SERVICE, ACCOUNT)
                .and_then(|e| e.set_password(token))
                .map_err(|e| e.to_string()),
            SecretStore::File(p) => write_private(p, token).map_err(|e| e.to_string()),
        }
    }

    pub fn clear(&self) {
        match self {
            SecretStore::Keyring => {
                if let Ok(e) = keyring::Entry::new(SERVICE, ACCOUNT) {
                    let _ = e.delete_credential();
                }
            }
            SecretStore::File(p) => {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(path)?, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_fallback_round_trips_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let store = SecretStore::File(dir.path().join("t"));
        assert!(store.is_fallback());
        assert_eq!(store.load(), None);
        store.save("tok-1").unwrap();
        assert_eq!(store.load().as_deref(), Some("tok-1"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("t"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        store.clear();
        assert_eq!(store.load(), None);
    }
}
