//! The session token lives in the platform's secret store (R-AUTH-1), never
//! in a plain file: the Secret Service on Linux, Keychain on macOS, the
//! Credential Manager on Windows, the Android Keystore (a Keystore-wrapped key
//! encrypting the app's private preferences), and the iOS data-protection
//! Keychain with an item that stays on this device (no backup, no iCloud).
//!
//! Where no store answers (a Linux session without a keyring daemon, a
//! Keystore error on some phone), the token is kept only by the running app:
//! the user stays signed in until the app closes and is asked to log in
//! again next time, and the profile screen says so. Tests and development
//! may force an owner-only file with `PASPOR_SECRET_STORE=file`, in desktop
//! debug builds only, so they never touch a developer's real keyring.

const SERVICE: &str = "id.paspor.app";
const ACCOUNT: &str = "session";

#[derive(Debug, Clone, PartialEq)]
pub enum SecretStore {
    Platform,
    /// No store answered: nothing is written anywhere.
    SessionOnly {
        reason: String,
    },
    /// Not a secret store: a plain file with owner-only permissions, for
    /// tests and development only.
    #[cfg(all(debug_assertions, not(any(target_os = "android", target_os = "ios"))))]
    File(std::path::PathBuf),
}

/// What the app asked for and what the platform answered, decided without
/// touching either, so the policy has its own tests.
pub fn choose(forced: Option<&str>, platform: Result<(), String>) -> SecretStore {
    #[cfg(all(debug_assertions, not(any(target_os = "android", target_os = "ios"))))]
    if forced == Some("file") {
        return SecretStore::File(super::files::data_dir().join("session-token.insecure"));
    }
    if forced == Some("session") {
        return SecretStore::SessionOnly {
            reason: "PASPOR_SECRET_STORE=session".into(),
        };
    }
    match platform {
        Ok(()) => SecretStore::Platform,
        Err(reason) => SecretStore::SessionOnly { reason },
    }
}

impl SecretStore {
    pub fn detect() -> SecretStore {
        let forced = std::env::var("PASPOR_SECRET_STORE").ok();
        let platform = match forced.as_deref() {
            Some("file" | "session") => Ok(()),
            _ => install_platform_store(),
        };
        choose(forced.as_deref(), platform)
    }

    pub fn load(&self) -> Option<String> {
        match self {
            SecretStore::Platform => entry().ok()?.get_password().ok(),
            SecretStore::SessionOnly { .. } => None,
            #[cfg(all(debug_assertions, not(any(target_os = "android", target_os = "ios"))))]
            SecretStore::File(p) => std::fs::read_to_string(p).ok().filter(|t| !t.is_empty()),
        }
    }

    /// Keeps the token for the next start. A store that refuses leaves the
    /// caller to fall back to [`SecretStore::SessionOnly`], not to a file.
    pub fn save(&self, token: &str) -> Result<(), String> {
        match self {
            SecretStore::Platform => entry()
                .and_then(|e| e.set_password(token))
                .map_err(|e| e.to_string()),
            SecretStore::SessionOnly { .. } => Ok(()),
            #[cfg(all(debug_assertions, not(any(target_os = "android", target_os = "ios"))))]
            SecretStore::File(p) => {
                super::files::write_private(p, token.as_bytes()).map_err(|e| e.to_string())
            }
        }
    }

    pub fn clear(&self) {
        match self {
            SecretStore::Platform => {
                if let Ok(e) = entry() {
                    let _ = e.delete_credential();
                }
            }
            SecretStore::SessionOnly { .. } => {}
            #[cfg(all(debug_assertions, not(any(target_os = "android", target_os = "ios"))))]
            SecretStore::File(p) => {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

fn entry() -> keyring_core::Result<keyring_core::Entry> {
    // On iOS the item is only readable while the phone is unlocked and never
    // leaves it: not in backups, not in iCloud Keychain.
    #[cfg(target_os = "ios")]
    return keyring_core::Entry::new_with_modifiers(
        SERVICE,
        ACCOUNT,
        &std::collections::HashMap::from([("access-policy", "when-unlocked-this-device-only")]),
    );
    #[cfg(not(target_os = "ios"))]
    keyring_core::Entry::new(SERVICE, ACCOUNT)
}

/// Makes this platform's store the default one, or says why it cannot.
fn install_platform_store() -> Result<(), String> {
    #[cfg(all(
        unix,
        not(any(target_os = "macos", target_os = "ios", target_os = "android"))
    ))]
    let store = zbus_secret_service_keyring_store::Store::new();
    #[cfg(target_os = "macos")]
    let store = apple_native_keyring_store::keychain::Store::new();
    #[cfg(target_os = "ios")]
    let store = apple_native_keyring_store::protected::Store::new();
    // Needs the Android context, which tao hands to ndk-context before `main`.
    #[cfg(target_os = "android")]
    let store = android_native_keyring_store::Store::new();
    #[cfg(target_os = "windows")]
    let store = windows_native_keyring_store::Store::new();
    let store = store.map_err(|e| e.to_string())?;
    keyring_core::set_default_store(store);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_working_platform_store_is_used_and_a_failing_one_keeps_the_token_in_memory_only() {
        assert_eq!(choose(None, Ok(())), SecretStore::Platform);
        let s = choose(None, Err("no D-Bus session".into()));
        assert_eq!(
            s,
            SecretStore::SessionOnly {
                reason: "no D-Bus session".into()
            }
        );
        // Nothing is written, so nothing comes back after a restart.
        s.save("tok").unwrap();
        assert_eq!(s.load(), None);
    }

    #[test]
    fn only_an_explicit_request_gives_the_test_file() {
        assert!(matches!(
            choose(Some("session"), Ok(())),
            SecretStore::SessionOnly { .. }
        ));
        // An unknown value is not a way around the platform store.
        assert_eq!(choose(Some("plain"), Ok(())), SecretStore::Platform);
        #[cfg(debug_assertions)]
        assert!(matches!(
            choose(Some("file"), Ok(())),
            SecretStore::File(p) if p.ends_with("session-token.insecure")
        ));
        // A release build has no file store to ask for.
        #[cfg(not(debug_assertions))]
        assert_eq!(choose(Some("file"), Ok(())), SecretStore::Platform);
    }

    #[cfg(debug_assertions)]
    #[test]
    fn the_test_file_round_trips_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let store = SecretStore::File(dir.path().join("t"));
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
