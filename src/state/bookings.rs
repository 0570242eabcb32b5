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

/// The last minute a cancel still works, in the office's zone (R-S-1). The
/// deadline is the first instant a cancel is refused; people read "until
/// 23:59 on …".
pub fn last_cancel_minute(b: &Booking) -> jiff::ZonedDateTime {
    b.cancel_deadline
        .saturating_sub(jiff::SignedDuration::from_secs(60))
        .unwrap_or(b.cancel_deadline)
        .to_zoned_datetime(b.office.time_zone.time_zone())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn booking(status: &str, deadline: &str) -> Booking {
        serde_json::from_value(serde_json::json!({
            "code": "AB12-CD34", "status": status, "date": "2026-12-10",
            "office": {"id": 1, "name": "Kanim Jakarta Selatan", "city": "Jakarta",
                       "address": "Jl. Warung Buncit Raya No. 207", "time_zone": "wib", "online_quota": true},
            "slot": {"id": 7, "start": "08:00", "end": "12:00", "capacity": 20, "places_left": 3},
            "applicants": [], "cancel_deadline": deadline, "created_at": "2026-12-01T01:00:00Z"
        }))
        .unwrap()
    }

    #[test]
    fn the_cancel_button_shows_until_the_deadline_and_says_its_last_minute() {
        // Midnight WIB at the start of the 8th is 17:00 UTC on the 7th.
        let b = booking("active", "2026-12-07T17:00:00Z");
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        assert!(can_cancel(&b, at("2026-12-07T16:59:59Z")));
        assert!(!can_cancel(&b, at("2026-12-07T17:00:00Z")));
        assert!(!can_cancel(
            &booking("cancelled", "2026-12-07T17:00:00Z"),
            at("2026-12-01T00:00:00Z")
        ));
        let last = last_cancel_minute(&b);
        assert_eq!(
            (last.date(), last.hour(), last.minute()),
            (jiff::civil::date(2026, 12, 7), 23, 59),
            "23:59 WIB on the 7th"
        );
    }
}
