//! Bookings: create (R-Q-2, R-Q-3, R-Q-5..8), list, detail, cancel (R-S-1).
//!
//! A slot's places are taken with one conditional UPDATE
//! (`taken + n <= capacity`) inside the same transaction that writes the
//! booking, so a slot can't be oversold by any number of concurrent clients,
//! and a failure anywhere leaves nothing half-written. The same person can't
//! hold two active bookings because `active_niks` has the NIK as its key.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use jiff::Timestamp;
use jiff::civil::Date;
use paspor_domain::api::*;
use paspor_domain::rules::{self, ApplicantFacts};
use paspor_domain::{ApplicationType, DomainError, KkNumber, Nik};
use sqlx::Row;

use super::offices::{bookable_window, holidays_between, office_info};
use super::rows;
use crate::AppState;
use crate::auth::Account;
use crate::db::{is_unique_violation, now};
use crate::error::{Result, ServerError};
use crate::json::Json;

/// Crockford-style alphabet without 0/O, 1/I/L: read aloud or typed from
/// paper without mistakes.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// `XXXX-XXXX`, 8 characters of 31: about 40 random bits.
pub fn new_booking_code() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    let chars: String = (0..8)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

pub async fn create(
    State(s): State<AppState>,
    account: Account,
    headers: HeaderMap,
    Json(req): Json<CreateBookingRequest>,
) -> Result<(StatusCode, axum::Json<Booking>)> {
    let key = headers
        .get(IDEMPOTENCY_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 100)
        .map(str::to_owned);
    if let Some(key) = &key
        && let Some(id) = booking_by_key(&s, account.id, key).await?
    {
        return Ok((StatusCode::OK, axum::Json(load_booking(&s, id).await?)));
    }

    // Who is booking, and for whom (R-Q-2, R-Q-6, R-Q-7).
    let owner = sqlx::query("SELECT nik, kk FROM accounts WHERE id = $1")
        .bind(account.id)
        .fetch_one(&s.db.pool)
        .await?;
    let (owner_nik, owner_kk): (Nik, KkNumber) =
        (rows::parse(&owner, "nik")?, rows::parse(&owner, "kk")?);
    let facts: Vec<ApplicantFacts<'_>> = req
        .applicants
        .iter()
        .map(|a| ApplicantFacts {
            nik: &a.nik,
            kk: &a.kk,
            relation: a.relation,
        })
        .collect();
    rules::check_applicants(&owner_nik, &owner_kk, &facts)?;
    for (i, a) in req.applicants.iter().enumerate() {
        if a.application_type == ApplicationType::Renewal && a.old_passport.is_none() {
            return Err(ServerError::field(
                &format!("applicants[{i}].old_passport"),
                "required",
            ));
        }
        if a.birth_place.trim().is_empty() {
            return Err(ServerError::field(
                &format!("applicants[{i}].birth_place"),
                "required",
            ));
        }
    }

    // Where and when (R-Q-1, R-Q-4).
    let office = office_info(&s, req.office_id).await?;
    if !office.online_quota {
        return Err(ServerError::NoOnlineQuota);
    }
    let slot = sqlx::query(
        "SELECT id, date, capacity, taken, release_at FROM slots WHERE id = $1 AND office_id = $2",
    )
    .bind(req.slot_id)
    .bind(req.office_id)
    .fetch_optional(&s.db.pool)
    .await?
    .ok_or_else(|| ServerError::field("slot_id", "not_found"))?;
    let slot_date: Date = rows::parse(&slot, "date")?;
    if slot_date != req.date {
        return Err(ServerError::field("date", "slot_not_on_date"));
    }
    let (from, until) = bookable_window(&s, office.tz);
    let holiday = !holidays_between(&s, req.date, req.date).await?.is_empty();
    let released = slot.try_get::<i64, _>("release_at")? <= now();
    let status = paspor_domain::calendar::day_status(
        paspor_domain::calendar::DayFacts {
            date: req.date,
            holiday,
            released,
            places_left: 1,
        },
        office.tz.today(Timestamp::now()),
    );
    if req.date < from || req.date > until {
        return Err(DomainError::DayNotBookable {
            status: paspor_domain::DayStatus::Closed,
        }
        .into());
    }
    paspor_domain::calendar::check_bookable(status)?;

    // R-Q-3: one month after the previous (not cancelled) booking.
    let prev = sqlx::query(
        "SELECT MAX(date) AS d FROM bookings WHERE account_id = $1 AND status <> 'cancelled'",
    )
    .bind(account.id)
    .fetch_one(&s.db.pool)
    .await?;
    let prev: Option<String> = prev.try_get("d")?;
    let prev = prev
        .map(|d| d.parse::<Date>())
        .transpose()
        .map_err(|e| ServerError::Internal(e.into()))?;
    rules::check_one_month_rule(prev, req.date)?;

    let n = req.applicants.len() as i64;
    let today = office.tz.today(Timestamp::now()).to_string();
    let mut tx = s.db.pool.begin().await?;
    // First statement writes, so SQLite takes its write lock now (a deferred
    // transaction that read first could deadlock with another writer).
    let taken =
        sqlx::query("UPDATE slots SET taken = taken + $1 WHERE id = $2 AND taken + $1 <= capacity")
            .bind(n)
            .bind(req.slot_id)
            .execute(&mut *tx)
            .await?;
    if taken.rows_affected() != 1 {
        tx.rollback().await?;
        return Err(ServerError::SlotFull);
    }
    let code = new_booking_code();
    let inserted = sqlx::query(
        "INSERT INTO bookings (code, account_id, slot_id, date, status, idempotency_key, created_at)
         VALUES ($1, $2, $3, $4, 'active', $5, $6) RETURNING id",
    )
    .bind(&code)
    .bind(account.id)
    .bind(req.slot_id)
    .bind(req.date.to_string())
    .bind(key.as_deref())
    .bind(now())
    .fetch_one(&mut *tx)
    .await;
    let booking_id: i64 = match inserted {
        Ok(r) => r.try_get("id")?,
        Err(e) if is_unique_violation(&e) => {
            tx.rollback().await?;
            // The same key won a race a moment ago (or, once in 10^12, the
            // code collided): answer with what exists, or ask for a retry.
            return match key {
                Some(k) => match booking_by_key(&s, account.id, &k).await? {
                    Some(id) => Ok((StatusCode::OK, axum::Json(load_booking(&s, id).await?))),
                    None => Err(ServerError::Internal(e.into())),
                },
                None => Err(ServerError::Internal(e.into())),
            };
        }
        Err(e) => return Err(e.into()),
    };
    for (i, a) in req.applicants.iter().enumerate() {
        sqlx::query("DELETE FROM active_niks WHERE nik = $1 AND (date < $2 OR booking_id IN (SELECT id FROM bookings WHERE status = 'cancelled'))")
            .bind(a.nik.as_str())
            .bind(&today)
            .execute(&mut *tx)
            .await?;
        let held =
            sqlx::query("INSERT INTO active_niks (nik, booking_id, date) VALUES ($1, $2, $3)")
                .bind(a.nik.as_str())
                .bind(booking_id)
                .bind(req.date.to_string())
                .execute(&mut *tx)
                .await;
        match held {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                tx.rollback().await?;
                return Err(DomainError::NikAlreadyBooked {
                    nik: a.nik.to_string(),
                }
                .into());
            }
            Err(e) => return Err(e.into()),
        }
        let old = a.old_passport.as_ref();
        sqlx::query(
            "INSERT INTO booking_applicants (booking_id, position, full_name, nik, kk, birth_place, birth_date, sex, relation,
             application_type, old_passport_number, old_passport_expiry, mrz_verified)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(booking_id)
        .bind(i as i64)
        .bind(a.full_name.as_str())
        .bind(a.nik.as_str())
        .bind(a.kk.as_str())
        .bind(a.birth_place.trim())
        .bind(a.birth_date.to_string())
        .bind(a.sex.as_str())
        .bind(a.relation.map(|r| r.as_str()))
        .bind(a.application_type.as_str())
        .bind(old.map(|o| o.number.to_string()))
        .bind(old.map(|o| o.expiry_date.to_string()))
        .bind(i64::from(old.is_some_and(|o| o.mrz_verified)))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(load_booking(&s, booking_id).await?),
    ))
}

async fn booking_by_key(s: &AppState, account_id: i64, key: &str) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT id FROM bookings WHERE account_id = $1 AND idempotency_key = $2")
        .bind(account_id)
        .bind(key)
        .fetch_optional(&s.db.pool)
        .await?;
    Ok(row.map(|r| r.try_get("id")).transpose()?)
}

pub(crate) async fn load_booking(s: &AppState, id: i64) -> Result<Booking> {
    let b = sqlx::query(
        "SELECT b.id, b.code, b.date, b.status, b.created_at, o.id AS office_id, o.name, o.city, o.address, o.time_zone,
                o.online_quota, sl.id AS slot_id, sl.start_time, sl.end_time, sl.capacity, sl.taken
         FROM bookings b JOIN slots sl ON sl.id = b.slot_id JOIN offices o ON o.id = sl.office_id WHERE b.id = $1",
    )
    .bind(id)
    .fetch_one(&s.db.pool)
    .await?;
    let office = Office {
        id: b.try_get("office_id")?,
        name: b.try_get("name")?,
        city: b.try_get("city")?,
        address: b.try_get("address")?,
        time_zone: rows::parse(&b, "time_zone")?,
        online_quota: b.try_get::<i64, _>("online_quota")? == 1,
    };
    let capacity: i64 = b.try_get("capacity")?;
    let slot = Slot {
        id: b.try_get("slot_id")?,
        start: b.try_get("start_time")?,
        end: b.try_get("end_time")?,
        capacity: capacity as u32,
        places_left: (capacity - b.try_get::<i64, _>("taken")?).max(0) as u32,
    };
    let date: Date = rows::parse(&b, "date")?;
    let applicants = sqlx::query("SELECT full_name, nik, relation, application_type FROM booking_applicants WHERE booking_id = $1 ORDER BY position")
        .bind(id)
        .fetch_all(&s.db.pool)
        .await?
        .iter()
        .map(|r| {
            let relation: Option<String> = r.try_get("relation")?;
            Ok(BookedApplicant {
                full_name: rows::parse(r, "full_name")?,
                nik: rows::parse(r, "nik")?,
                relation: relation.map(|x| x.parse()).transpose().map_err(|e: DomainError| ServerError::Internal(e.into()))?,
                application_type: rows::parse(r, "application_type")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let stored: String = b.try_get("status")?;
    let status = match stored.as_str() {
        "cancelled" => BookingStatus::Cancelled,
        _ if date < office.time_zone.today(Timestamp::now()) => BookingStatus::Done,
        _ => BookingStatus::Active,
    };
    let cancel_deadline = rules::cancel_deadline(date, office.time_zone)?;
    Ok(Booking {
        code: b.try_get("code")?,
        office,
        date,
        slot,
        applicants,
        status,
        created_at: Timestamp::from_second(b.try_get("created_at")?)
            .map_err(|e| ServerError::Internal(e.into()))?,
        cancel_deadline,
    })
}

pub async fn list(State(s): State<AppState>, account: Account) -> Result<axum::Json<Vec<Booking>>> {
    let ids = sqlx::query(
        "SELECT id FROM bookings WHERE account_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(account.id)
    .fetch_all(&s.db.pool)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for r in ids {
        out.push(load_booking(&s, r.try_get("id")?).await?);
    }
    Ok(axum::Json(out))
}

async fn own_booking(s: &AppState, account_id: i64, code: &str) -> Result<i64> {
    let row = sqlx::query("SELECT id FROM bookings WHERE code = $1 AND account_id = $2")
        .bind(code.trim().to_uppercase())
        .bind(account_id)
        .fetch_optional(&s.db.pool)
        .await?
        // Another account's booking is "not found" too: codes can't be probed.
        .ok_or(ServerError::NotFound)?;
    Ok(row.try_get("id")?)
}

pub async fn detail(
    State(s): State<AppState>,
    account: Account,
    Path(code): Path<String>,
) -> Result<axum::Json<Booking>> {
    let id = own_booking(&s, account.id, &code).await?;
    Ok(axum::Json(load_booking(&s, id).await?))
}

pub async fn cancel(
    State(s): State<AppState>,
    account: Account,
    Path(code): Path<String>,
) -> Result<axum::Json<Booking>> {
    let id = own_booking(&s, account.id, &code).await?;
    let b = load_booking(&s, id).await?;
    if b.status == BookingStatus::Cancelled {
        return Err(ServerError::AlreadyCancelled);
    }
    rules::check_cancel(b.date, b.office.time_zone, Timestamp::now())?;
    let mut tx = s.db.pool.begin().await?;
    let changed = sqlx::query("UPDATE bookings SET status = 'cancelled', cancelled_at = $1 WHERE id = $2 AND status = 'active'")
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        tx.rollback().await?;
        return Err(ServerError::AlreadyCancelled);
    }
    // The places go back to the slot (R-S-1), the people may book again.
    sqlx::query("UPDATE slots SET taken = taken - $1 WHERE id = $2")
        .bind(b.applicants.len() as i64)
        .bind(b.slot.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM active_niks WHERE booking_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(axum::Json(load_booking(&s, id).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booking_codes_are_unambiguous() {
        for _ in 0..1000 {
            let c = new_booking_code();
            assert_eq!(c.len(), 9);
            assert_eq!(&c[4..5], "-");
            assert!(
                c.bytes()
                    .filter(|b| *b != b'-')
                    .all(|b| CODE_ALPHABET.contains(&b))
            );
            assert!(!c.contains(['0', 'O', '1', 'I', 'L']));
        }
    }
}
