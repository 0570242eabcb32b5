//! Opening and sharing a saved booking proof (R-S-2: "can be opened/shared"):
//! the desktop's default viewer; on Android a PDF viewer (`ACTION_VIEW`) or
//! the share sheet (`ACTION_SEND`) through the app's FileProvider; on iOS the
//! system share sheet (`UIActivityViewController`), which also offers
//! "Save to Files", "Print" and the PDF apps.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofAction {
    Open,
    Share,
}

/// The buttons the proof gets on this platform.
pub const ACTIONS: &[ProofAction] = if cfg!(target_os = "android") {
    &[ProofAction::Open, ProofAction::Share]
} else if cfg!(target_os = "ios") {
    &[ProofAction::Share]
} else {
    &[ProofAction::Open]
};

/// The Kotlin helper in `android/paspor-platform` that builds the intents.
#[cfg_attr(not(target_os = "android"), allow(dead_code))]
pub const ANDROID_HELPER_CLASS: &str = "id.paspor.platform.ProofShare";
/// The FileProvider's authority is `<applicationId>` plus this (see the
/// provider in `android/AndroidManifest.xml`); the packaging tests hold the
/// two to each other.
#[cfg(test)]
pub const ANDROID_AUTHORITY_SUFFIX: &str = ".proofs";

/// Everything the platform needs to hand the file over, checked before any
/// platform code runs.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareRequest {
    pub action: ProofAction,
    pub path: PathBuf,
    pub mime: &'static str,
    /// The chooser's title on Android.
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// A FileProvider only serves the folders its paths file names; anything
    /// else would throw inside Android, so it is refused here.
    #[error("{0} is not in the proofs folder")]
    OutsideProofs(PathBuf),
    #[error("{0} is not a PDF")]
    NotPdf(PathBuf),
}

pub fn request(
    proofs_dir: &Path,
    file: &Path,
    action: ProofAction,
    title: &str,
) -> Result<ShareRequest, ShareError> {
    let inside = file
        .parent()
        .is_some_and(|dir| dir == proofs_dir && file.file_name().is_some());
    if !inside {
        return Err(ShareError::OutsideProofs(file.to_path_buf()));
    }
    if !file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    {
        return Err(ShareError::NotPdf(file.to_path_buf()));
    }
    Ok(ShareRequest {
        action,
        path: file.to_path_buf(),
        mime: "application/pdf",
        title: title.to_owned(),
    })
}

/// Hands the file to the platform; errors are for the user to read.
pub fn perform(req: &ShareRequest) -> Result<(), String> {
    #[cfg(target_os = "android")]
    return super::android::hand_over(req);
    #[cfg(target_os = "ios")]
    return super::ios::share_sheet(&req.path);
    #[cfg(not(any(target_os = "android", target_os = "ios")))]
    match req.action {
        ProofAction::Open => opener::open(&req.path).map_err(|e| e.to_string()),
        ProofAction::Share => Err("no share sheet on this desktop".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROOFS: &str = "/data/user/0/id.paspor.app/files/documents";

    #[test]
    fn a_saved_proof_becomes_a_pdf_request() {
        let file = Path::new(PROOFS).join("bukti-antrian-AB12CD.pdf");
        let r = request(Path::new(PROOFS), &file, ProofAction::Share, "Bagikan").unwrap();
        assert_eq!(r.path, file);
        assert_eq!(
            (r.mime, r.action, r.title.as_str()),
            ("application/pdf", ProofAction::Share, "Bagikan")
        );
    }

    #[test]
    fn only_pdfs_of_the_proofs_folder_are_handed_over() {
        let proofs = Path::new(PROOFS);
        for outside in [
            "/data/user/0/id.paspor.app/files/session.json",
            "/data/user/0/id.paspor.app/files/documents/../drafts/booking.pdf",
            "/data/user/0/id.paspor.app/files/documents/sub/bukti.pdf",
            "/sdcard/Download/bukti.pdf",
            "bukti.pdf",
        ] {
            assert_eq!(
                request(proofs, Path::new(outside), ProofAction::Open, ""),
                Err(ShareError::OutsideProofs(outside.into())),
                "{outside}"
            );
        }
        let txt = proofs.join("bukti.txt");
        assert_eq!(
            request(proofs, &txt, ProofAction::Open, ""),
            Err(ShareError::NotPdf(txt))
        );
    }

    #[test]
    fn every_platform_can_do_something_with_a_proof() {
        assert!(!ACTIONS.is_empty());
        if cfg!(target_os = "android") {
            assert!(ACTIONS.contains(&ProofAction::Share));
        }
    }
}
