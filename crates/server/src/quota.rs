//! The booking window and its quota (R-Q-4, R-Q-5): which days an office
//! takes bookings for, and the sessions each open day offers. Sessions are
//! written ahead by [`ensure_window`] (at start and every hour), so reading
//! the calendar never writes.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use paspor_domain::OfficeTimeZone;
use paspor_domain::calendar::office_open_on;

use crate::config::Quota;
use crate::db::{self, Db};

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
