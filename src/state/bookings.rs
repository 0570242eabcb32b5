//! What can be done with an issued booking, shared by Jadwal Antrian (the
//! list) and a booking's detail screen (SPEC §10): whether it can still be
//! cancelled (R-S-1) and saving its proof (R-S-2).

use std::path::PathBuf;

use paspor_client::Client;
use paspor_domain::api::{Booking, BookingStatus};

/// Whether the BATALKAN button shows (R-S-1): active, and before the
/// deadline the server computed in the office's zone.
pub fn can_cancel(b: &Booking, now: jiff::Timestamp) -> bool {
    b.status == BookingStatus::Active && now < b.cancel_deadline
}

/// SIMPAN PDF: renders the proof of `b` and writes it to the documents
/// folder as `bukti-antrian-<CODE>.pdf`, replacing an earlier save of the
/// same booking; returns the full path to show.
pub async fn save_proof(api: Client, b: &Booking) -> Result<PathBuf, paspor_proof::ProofError> {
    // What to bring comes from the information content, so the proof says
    // what the service says today; without it the proof still saves.
    let requirements = match api.content("information", "id").await {
        Ok(c) => c
            .sections
            .into_iter()
            .find(|s| s.id == "persyaratan")
            .map(|s| s.paragraphs)
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let input = paspor_proof::ProofInput::from_booking(b, requirements, jiff::Timestamp::now());
    let dir = crate::platform::files::documents_dir();
    paspor_proof::render(&input).and_then(|pdf| paspor_proof::save_proof(&dir, &b.code, &pdf))
}
