//! Where the app keeps its files: the platform's app data folder (drafts, the
//! embedded backend's database) and documents folder (booking proofs).

use std::path::PathBuf;

/// `PASPOR_DATA_DIR` overrides the folder (tests give each run a fresh one).
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PASPOR_DATA_DIR") {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("id", "Paspor", "Paspor")
        .map(|p| p.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("paspor"))
}

pub fn booking_draft_path() -> PathBuf {
    data_dir().join("drafts").join("booking.json")
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
    let _ = std::fs::create_dir_all(data_dir()).and_then(|_| std::fs::write(&path, &id));
    id
}

/// Booking proofs: the user's documents folder on desktop; the app's own
/// storage on phones (R-S-2: "internal storage"), where the app needs no
/// extra permission to write.
pub fn documents_dir() -> PathBuf {
    if std::env::var_os("PASPOR_DATA_DIR").is_some()
        || cfg!(any(target_os = "android", target_os = "ios"))
    {
        return data_dir().join("documents");
    }
    directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(|d| d.join("Paspor")))
        .unwrap_or_else(|| data_dir().join("documents"))
}
