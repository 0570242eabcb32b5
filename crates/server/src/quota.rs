//! The booking window and its quota (R-Q-4, R-Q-5): which days an office
//! takes bookings for, and the sessions each open day offers. Sessions are
//! written ahead by [`ensure_window`] (at start and every hour), so reading
//! the calendar never writes.

use std::sync::Arc;
use std::time::Instant;

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use paspor_domain::OfficeTimeZone;
use paspor_domain::calendar::office_open_on;

use crate::config::Quota;
use crate::db::{self, Db};
use crate::fresh::Fresh;

/// The dates an office takes bookings for now: tomorrow up to the window.
pub fn bookable_window(quota: &Quota, tz: OfficeTimeZone, now: Timestamp) -> (Date, Date) {
    let today = tz.today(now);
    (
        today.saturating_add(1.day()),
        today.saturating_add(quota.days_ahead.days()),
    )
}

/// When a day's quota opens: 00:00 at the office, `release_days_before` days ahead.
pub fn release_at(date: Date, tz: OfficeTimeZone, quota: &Quota) -> i64 {
    date.checked_sub(quota.release_days_before.days())
        .and_then(|d| d.to_zoned_datetime(tz.time_zone()))
        .map(|z| z.timestamp().as_second())
        .unwrap_or(Timestamp::MIN.as_second())
}

/// Sessions for every open day of every online office's window, so the
/// office list can tell which have quota (R-Q-1). Idempotent; one
/// transaction, so a failure adds no half a window.
pub async fn ensure_window(db: &Db, quota: &Quota) -> anyhow::Result<()> {
    let now = Timestamp::now();
    let mut tx = db.begin().await?;
    for (office_id, tz) in db::offices::online(&mut tx).await? {
        let (from, until) = bookable_window(quota, tz, now);
        let holidays = db::offices::holidays_between(&mut tx, from, until).await?;
        let open = from
            .series(1.day())
            .take_while(|d| *d <= until)
            .filter(|d| office_open_on(*d) && !holidays.contains(d));
        for day in open {
            for (start, end, capacity) in &quota.sessions {
                let session = (start.as_str(), end.as_str(), *capacity);
                let release = release_at(day, tz, quota);
                db::offices::insert_slot(&mut tx, office_id, day, session, release).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Keeps the window moving: new days enter it every midnight, in every zone.
pub fn keep_window(db: Db, quota: Quota) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        every.tick().await;
        loop {
            every.tick().await;
            if let Err(e) = ensure_window(&db, &quota).await {
                tracing::error!(error = format!("{e:#}"), "extending the quota window");
            }
        }
    });
}

/// How long a process remembers that a slot had too few places.
pub const FULL_FOR: std::time::Duration = std::time::Duration::from_secs(1);

/// Slots seen without enough places a moment ago, so the crowd that keeps
/// trying a sold-out session is refused without a database read. Each entry
/// is an upper bound on the places left, known for [`FULL_FOR`] or until a
/// cancel in this process gives places back; a cancel in another process
/// shows here within [`FULL_FOR`]. Advice that only ever refuses what the
/// database refused a moment ago: the booking's conditional update still
/// decides every place.
pub struct FullSlots {
    seen: Fresh<i64, u32>,
}

impl Default for FullSlots {
    fn default() -> FullSlots {
        // Slots are few (offices × days × sessions); stale ones still go.
        FullSlots {
            seen: Fresh::new(10_000),
        }
    }
}

impl FullSlots {
    /// Whether the slot is known to have fewer than `wanted` places.
    pub fn too_few(&self, slot_id: i64, wanted: usize) -> bool {
        self.seen
            .get(&slot_id)
            .is_some_and(|at_most| (at_most as usize) < wanted)
    }

    /// The slot has at most `at_most` places left.
    pub fn saw(&self, slot_id: i64, at_most: u32) {
        let until = std::time::Instant::now() + FULL_FOR;
        self.seen.put(slot_id, at_most, until);
    }

    /// A cancel gave the slot's places back.
    pub fn forget(&self, slot_id: i64) {
        self.seen.retain(|s, _| *s != slot_id);
    }
}

/// The slots a booking asked for a moment ago, with their office and day
/// ([`db::offices::SlotFacts`]), so the crowd booking one session at a
/// release does not read the same row once per attempt. A slot is believed
/// for [`crate::calendars::FRESH_FOR`] and never past its release: the
/// first attempt after the instant reads it again and finds it open. What
/// the facts say of places is advice only (the booking desk takes the
/// places under the write lock); an office closed for online quota or a
/// holiday added shows here within [`crate::calendars::FRESH_FOR`].
pub struct KnownSlots {
    seen: Fresh<(i64, i64), Arc<db::offices::SlotFacts>>,
}

impl Default for KnownSlots {
    fn default() -> KnownSlots {
        KnownSlots {
            seen: Fresh::new(10_000),
        }
    }
}

impl KnownSlots {
    /// Slot `slot_id` of office `office_id`, from memory or the database.
    pub async fn get(
        &self,
        db: &Db,
        office_id: i64,
        slot_id: i64,
    ) -> crate::error::Result<Option<Arc<db::offices::SlotFacts>>> {
        if let Some(known) = self.seen.get(&(office_id, slot_id)) {
            return Ok(Some(known));
        }
        let Some(facts) =
            db::offices::slot_facts(&mut *db.conn().await?, office_id, slot_id).await?
        else {
            return Ok(None);
        };
        let facts = Arc::new(facts);
        self.seen.put(
            (office_id, slot_id),
            facts.clone(),
            believed_until(facts.day.release_at),
        );
        Ok(Some(facts))
    }

    /// A cancel gave the slot's places back.
    pub fn forget(&self, slot_id: i64) {
        self.seen.retain(|(_, s), _| *s != slot_id);
    }
}

/// [`crate::calendars::FRESH_FOR`] from now, or the release instant
/// `release_at` (Unix seconds) if that comes first.
fn believed_until(release_at: i64) -> Instant {
    let now = Instant::now();
    let fresh = now + crate::calendars::FRESH_FOR;
    let to_release = Timestamp::from_second(release_at)
        .map(|r| r.duration_since(Timestamp::now()))
        .ok()
        .and_then(|d| std::time::Duration::try_from(d).ok());
    match to_release {
        Some(d) => fresh.min(now + d),
        None => fresh,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_not_believed_past_its_release() {
        let now = Timestamp::now().as_second();
        let fresh = Instant::now() + crate::calendars::FRESH_FOR;
        // Released, or far off: believed for the calendar's moment.
        for release_at in [now - 60, now + 3600] {
            let until = believed_until(release_at);
            assert!(until <= fresh + std::time::Duration::from_millis(50));
            assert!(until + std::time::Duration::from_millis(50) >= fresh);
        }
        // Opening within the moment: not a millisecond past the instant.
        let at = Timestamp::from_second(now + 1).unwrap();
        let left = std::time::Duration::try_from(at.duration_since(Timestamp::now())).unwrap();
        assert!(believed_until(now + 1) <= Instant::now() + left);
    }

    #[test]
    fn a_slot_seen_short_refuses_what_it_cannot_hold_until_a_cancel() {
        let f = FullSlots::default();
        assert!(!f.too_few(7, 1));
        // Two places asked for and refused: at most one is left.
        f.saw(7, 1);
        assert!(f.too_few(7, 2) && !f.too_few(7, 1));
        f.saw(7, 0);
        assert!(f.too_few(7, 1) && !f.too_few(8, 1));
        f.forget(7);
        assert!(!f.too_few(7, 1));
    }
}
