//! Bookings, their applicants, the places they take in a slot and the NIKs
//! they hold (R-Q-5, R-Q-8).

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use paspor_domain::api::{ApplicantInput, BookedApplicant, Booking, BookingStatus};
use paspor_domain::{DomainError, Nik, rules};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::offices::{office, slot};
use super::{Conn, column, column_opt, instant, now};
use crate::error::{Result, ServerError};

/// For each `(account, Idempotency-Key)` asked, in order, the booking that
/// key made and the hash of its request; one statement for all of them.
pub async fn by_idempotency_keys(
    conn: &mut Conn,
    asked: &[(i64, String)],
) -> Result<Vec<Option<(i64, Option<String>)>>> {
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "WITH asked (i, account_id, k) AS (VALUES {})
         SELECT asked.i, b.id, b.request_hash FROM asked
            JOIN bookings b ON b.account_id = asked.account_id AND b.idempotency_key = asked.k",
        super::values(asked.len(), 3)
    );
    let mut q = sqlx::query(&sql);
    for (i, (account, key)) in asked.iter().enumerate() {
        q = q.bind(i as i64).bind(account).bind(key);
    }
    let mut found = vec![None; asked.len()];
    for r in q.fetch_all(conn).await? {
        let i: i64 = r.try_get("i")?;
        found[i as usize] = Some((r.try_get("id")?, r.try_get("request_hash")?));
    }
    Ok(found)
}

/// Takes `n` places of the slot if it has them, in one conditional statement
/// so no number of concurrent bookings can oversell it (R-Q-5); the places
/// left after, or `None` when there were too few.
pub async fn take_places(conn: &mut Conn, slot_id: i64, n: usize) -> Result<Option<u32>> {
    let row = sqlx::query(
        "UPDATE slots SET taken = taken + $1 WHERE id = $2 AND taken + $1 <= capacity
         RETURNING capacity - taken AS left",
    )
    .bind(n as i64)
    .bind(slot_id)
    .fetch_optional(conn)
    .await?;
    row.map(|r| Ok(r.try_get::<i64, _>("left")?.max(0) as u32))
        .transpose()
}

pub async fn give_back_places(conn: &mut Conn, slot_id: i64, n: usize) -> Result<()> {
    sqlx::query("UPDATE slots SET taken = taken - $1 WHERE id = $2")
        .bind(n as i64)
        .bind(slot_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Makes `nik` hold the booking (R-Q-8), in one statement. An existing
/// hold is taken over when its booking is past (`today` at the office) or
/// cancelled and, for the booking account's own NIK (`owner` is that
/// account), when another account booked it without the owner's consent:
/// R-Q-9, the owner is never blocked by such a booking.
pub async fn hold_nik(
    conn: &mut Conn,
    nik: &Nik,
    booking_id: i64,
    (date, today): (Date, Date),
    owner: Option<i64>,
) -> Result<()> {
    let held = sqlx::query(
        "INSERT INTO active_niks (nik, booking_id, date) VALUES ($1, $2, $3)
         ON CONFLICT (nik) DO UPDATE SET booking_id = excluded.booking_id, date = excluded.date
         WHERE active_niks.date < $4
            OR active_niks.booking_id IN (SELECT id FROM bookings WHERE status = 'cancelled')
            OR active_niks.booking_id IN (SELECT b.id FROM bookings b WHERE b.account_id <> $5 AND NOT EXISTS
                 (SELECT 1 FROM family_links f WHERE f.requester_id = b.account_id AND f.nik = $1 AND f.accepted_by = $5))",
    )
    .bind(nik.as_str())
    .bind(booking_id)
    .bind(date.to_string())
    .bind(today.to_string())
    .bind(owner)
    .execute(conn)
    .await?;
    if held.rows_affected() == 0 {
        return Err(DomainError::NikAlreadyBooked {
            nik: nik.to_string(),
        }
        .into());
    }
    Ok(())
}

pub async fn release_niks(conn: &mut Conn, booking_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM active_niks WHERE booking_id = $1")
        .bind(booking_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Every applicant of these bookings, in one statement.
pub async fn insert_applicants(
    conn: &mut Conn,
    bookings: &[(i64, &[ApplicantInput])],
) -> Result<()> {
    let n: usize = bookings.iter().map(|(_, a)| a.len()).sum();
    if n == 0 {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO booking_applicants (booking_id, position, full_name, nik, kk, birth_place, birth_date, sex, relation,
         application_type, old_passport_number, old_passport_expiry, mrz_verified) VALUES {}",
        super::values(n, 13)
    );
    let mut q = sqlx::query(&sql);
    for (booking_id, applicants) in bookings {
        for (position, a) in applicants.iter().enumerate() {
            let old = a.old_passport.as_ref();
            q = q
                .bind(booking_id)
                .bind(position as i64)
                .bind(a.full_name.as_str())
                .bind(a.nik.as_str())
                .bind(a.kk.as_str())
                .bind(a.birth_place.as_str())
                .bind(a.birth_date.to_string())
                .bind(a.sex.as_str())
                .bind(a.relation.map(|r| r.as_str()))
                .bind(a.application_type.as_str())
                .bind(old.map(|o| o.number.to_string()))
                .bind(old.map(|o| o.expiry_date.to_string()))
                .bind(i64::from(old.is_some_and(|o| o.mrz_verified)));
        }
    }
    q.execute(conn).await?;
    Ok(())
}

/// The account's booking with this code. Another account's is `None` too:
/// codes can't be probed.
pub async fn own(conn: &mut Conn, account_id: i64, code: &str) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT id FROM bookings WHERE code = $1 AND account_id = $2")
        .bind(code)
        .bind(account_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.try_get("id")).transpose()?)
}

/// Marks an active booking cancelled; whether it was still active.
pub async fn cancel(conn: &mut Conn, id: i64) -> Result<bool> {
    let changed = sqlx::query(
        "UPDATE bookings SET status = 'cancelled', cancelled_at = $1 WHERE id = $2 AND status = 'active'",
    )
    .bind(now())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(changed.rows_affected() == 1)
}

const BOOKINGS: &str = "SELECT b.id AS booking_id, b.code, b.date, b.status, b.created_at,
        o.id, o.name, o.city, o.address, o.time_zone, o.online_quota,
        sl.id AS slot_id, sl.start_time, sl.end_time, sl.capacity, sl.taken
     FROM bookings b JOIN slots sl ON sl.id = b.slot_id JOIN offices o ON o.id = sl.office_id";

const APPLICANTS: &str = "SELECT a.booking_id, a.full_name, a.nik, a.relation, a.application_type
     FROM booking_applicants a JOIN bookings b ON b.id = a.booking_id";

/// The bookings where the `filter` column is `value`, newest first, in two queries
/// whatever their number: one for the bookings, one for all their applicants.
async fn load(conn: &mut Conn, filter: &str, value: i64) -> Result<Vec<Booking>> {
    let bookings = sqlx::query(&format!(
        "{BOOKINGS} WHERE {filter} = $1 ORDER BY b.created_at DESC, b.id DESC"
    ))
    .bind(value)
    .fetch_all(&mut *conn)
    .await?;
    let mut applicants: HashMap<i64, Vec<BookedApplicant>> = HashMap::new();
    for r in sqlx::query(&format!(
        "{APPLICANTS} WHERE {filter} = $1 ORDER BY a.booking_id, a.position"
    ))
    .bind(value)
    .fetch_all(conn)
    .await?
    {
        applicants
            .entry(r.try_get("booking_id")?)
            .or_default()
            .push(BookedApplicant {
                full_name: column(&r, "full_name")?,
                nik: column(&r, "nik")?,
                relation: column_opt(&r, "relation")?,
                application_type: column(&r, "application_type")?,
            });
    }
    bookings
        .iter()
        .map(|b| {
            let id: i64 = b.try_get("booking_id")?;
            booking(b, applicants.remove(&id).unwrap_or_default())
        })
        .collect()
}

fn booking(b: &AnyRow, applicants: Vec<BookedApplicant>) -> Result<Booking> {
    let office = office(b, b.try_get::<i64, _>("online_quota")? == 1)?;
    let date: Date = column(b, "date")?;
    let stored: String = b.try_get("status")?;
    let status = match stored.as_str() {
        "cancelled" => BookingStatus::Cancelled,
        _ if date < office.time_zone.today(Timestamp::now()) => BookingStatus::Done,
        _ => BookingStatus::Active,
    };
    Ok(Booking {
        code: b.try_get("code")?,
        cancel_deadline: rules::cancel_deadline(date, office.time_zone)?,
        office,
        date,
        slot: slot(b)?,
        applicants,
        status,
        created_at: instant(b, "created_at")?,
    })
}

pub async fn one(conn: &mut Conn, id: i64) -> Result<Booking> {
    load(conn, "b.id", id)
        .await?
        .pop()
        .ok_or_else(|| ServerError::Internal(anyhow::anyhow!("booking {id} is gone")))
}

pub async fn of_account(conn: &mut Conn, account_id: i64) -> Result<Vec<Booking>> {
    load(conn, "b.account_id", account_id).await
}
