//! Where the app keeps its files: the app's private data folder (drafts, the
//! device id, the embedded backend's database) and the folder of booking
//! proofs (R-S-2).
//!
//! - Desktop: the platform's app data folder, and `Documents/Paspor` for
//!   proofs, where the user looks for them.
//! - Android: `Context.getFilesDir()`, private to the app and excluded from
//!   cloud backup and device transfer by the manifest
//!   (`android/paspor-platform/src/main/res/xml/data_extraction_rules.xml`);
//!   proofs in `files/documents`, which the app's FileProvider may hand to a
//!   viewer or the share sheet.
//! - iOS: `Library/Application Support`, flagged do-not-back-up because the
//!   drafts hold family members' NIKs; proofs inside it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What the platform reports, gathered before the pure decision below.
/// Each build constructs its own variant; the tests construct all three.
#[derive(Debug, Clone, PartialEq)]
#[allow(dead_code)]
pub enum PlatformDirs {
    Desktop {
        data: Option<PathBuf>,
        documents: Option<PathBuf>,
    },
    Android {
        files_dir: PathBuf,
    },
    Ios {
        application_support: PathBuf,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Folders {
    pub data: PathBuf,
    pub documents: PathBuf,
    /// The folder must be marked do-not-back-up once it exists (iOS).
    pub exclude_from_backup: bool,
}

/// Proofs go here under the data folder on phones: the FileProvider's
/// `files-path` in `proof_paths.xml` names the same folder.
pub const PROOFS_SUBDIR: &str = "documents";

/// `override_dir` is `PASPOR_DATA_DIR` (tests give each run a fresh one).
pub fn folders(override_dir: Option<PathBuf>, platform: PlatformDirs) -> Folders {
    let private = |data: PathBuf, exclude_from_backup| Folders {
        documents: data.join(PROOFS_SUBDIR),
        data,
        exclude_from_backup,
    };
    match (override_dir, platform) {
        (Some(dir), _) => private(dir, false),
        (None, PlatformDirs::Android { files_dir }) => private(files_dir, false),
        (
            None,
            PlatformDirs::Ios {
                application_support,
            },
        ) => private(application_support.join("Paspor"), true),
        (None, PlatformDirs::Desktop { data, documents }) => {
            let data = data.unwrap_or_else(|| std::env::temp_dir().join("paspor"));
            Folders {
                documents: documents
                    .map(|d| d.join("Paspor"))
                    .unwrap_or_else(|| data.join(PROOFS_SUBDIR)),
                data,
                exclude_from_backup: false,
            }
        }
    }
}

/// The folders of this installation, found once.
fn current() -> &'static Folders {
    static FOLDERS: OnceLock<Folders> = OnceLock::new();
    FOLDERS.get_or_init(|| {
        let f = folders(
            std::env::var_os("PASPOR_DATA_DIR").map(PathBuf::from),
            platform_dirs(),
        );
        if f.exclude_from_backup
            && let Err(e) = std::fs::create_dir_all(&f.data)
                .map_err(|e| e.to_string())
                .and_then(|()| exclude_from_backup(&f.data))
        {
            eprintln!(
                "paspor: {}: not excluded from backups: {e}",
                f.data.display()
            );
        }
        f
    })
}

#[cfg(target_os = "android")]
fn platform_dirs() -> PlatformDirs {
    let files_dir = super::android::files_dir().unwrap_or_else(|e| {
        // The main user's path of the same folder.
        eprintln!("paspor: Context.getFilesDir() failed: {e}");
        PathBuf::from(concat!("/data/data/", "id.paspor.app", "/files"))
    });
    PlatformDirs::Android { files_dir }
}

#[cfg(target_os = "ios")]
fn platform_dirs() -> PlatformDirs {
    PlatformDirs::Ios {
        application_support: super::ios::application_support_dir(),
    }
}

#[cfg(not(any(target_os = "android", target_os = "ios")))]
fn platform_dirs() -> PlatformDirs {
    PlatformDirs::Desktop {
        data: directories::ProjectDirs::from("id", "Paspor", "Paspor")
            .map(|p| p.data_dir().to_path_buf()),
        documents: directories::UserDirs::new()
            .and_then(|u| u.document_dir().map(Path::to_path_buf)),
    }
}

#[cfg(target_os = "ios")]
fn exclude_from_backup(dir: &Path) -> Result<(), String> {
    super::ios::exclude_from_backup(dir)
}

#[cfg(not(target_os = "ios"))]
fn exclude_from_backup(_: &Path) -> Result<(), String> {
    Ok(())
}

pub fn data_dir() -> PathBuf {
    current().data.clone()
}

/// Booking proofs (R-S-2: "internal storage" on phones, where the app needs
/// no permission to write).
pub fn documents_dir() -> PathBuf {
    current().documents.clone()
}

/// What belongs to one account on this device (its booking draft): kept
/// apart from other accounts that sign in on the same phone, and deleted at
/// logout ([`forget_account`]).
fn account_dir(username: &str) -> PathBuf {
    // Usernames are a letter then letters, digits, '.' and '_' (Username),
    // so one is a single, safe path component.
    data_dir().join("accounts").join(username)
}

pub fn booking_draft_path(username: &str) -> PathBuf {
    account_dir(username).join("booking.json")
}

pub fn forget_account(username: &str) {
    let dir = account_dir(username);
    if let Err(e) = std::fs::remove_dir_all(&dir)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        eprintln!("paspor: {}: {e}", dir.display());
    }
}

/// Writes a file only its owner can read, in folders only the owner can
/// enter, replacing an earlier one in one rename (a crash mid-write leaves
/// the old file, not half a new one).
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(&tmp)?, bytes)?;
    std::fs::rename(tmp, path)
}

/// A random identifier of this installation, made once and kept, sent at
/// registration for R-REG-3. Not derived from hardware: nothing to track.
pub fn device_id() -> String {
    let path = data_dir().join("device-id");
    if let Ok(id) = std::fs::read_to_string(&path)
        && !id.trim().is_empty()
    {
        return id.trim().to_owned();
    }
    let id = paspor_client::Client::new_idempotency_key();
    let _ = write_private(&path, id.as_bytes());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn android_keeps_everything_in_the_apps_files_folder() {
        let f = folders(
            None,
            PlatformDirs::Android {
                files_dir: "/data/user/0/id.paspor.app/files".into(),
            },
        );
        assert_eq!(f.data, Path::new("/data/user/0/id.paspor.app/files"));
        assert_eq!(
            f.documents,
            Path::new("/data/user/0/id.paspor.app/files/documents")
        );
        assert!(!f.exclude_from_backup, "the manifest excludes it");
    }

    #[test]
    fn ios_uses_application_support_and_asks_for_no_backup() {
        let f = folders(
            None,
            PlatformDirs::Ios {
                application_support:
                    "/var/mobile/Containers/Data/Application/X/Library/Application Support".into(),
            },
        );
        assert!(f.data.ends_with("Library/Application Support/Paspor"));
        assert!(f.documents.starts_with(&f.data));
        assert!(f.exclude_from_backup);
    }

    #[test]
    fn desktop_proofs_go_to_the_documents_folder_and_an_override_wins() {
        let desktop = PlatformDirs::Desktop {
            data: Some("/home/u/.local/share/paspor".into()),
            documents: Some("/home/u/Documents".into()),
        };
        let f = folders(None, desktop.clone());
        assert_eq!(f.documents, Path::new("/home/u/Documents/Paspor"));
        let f = folders(Some("/tmp/run-1".into()), desktop);
        assert_eq!(f.data, Path::new("/tmp/run-1"));
        assert_eq!(f.documents, Path::new("/tmp/run-1/documents"));
        let f = folders(
            None,
            PlatformDirs::Desktop {
                data: None,
                documents: None,
            },
        );
        assert_eq!(f.documents, f.data.join("documents"));
    }
}
