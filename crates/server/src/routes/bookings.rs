//! Bookings: create (R-Q-2, R-Q-3, R-Q-5..8), list, detail, cancel (R-S-1).
//!
//! A booking is checked here and written by the booking desk
//! ([`crate::desk`]): its places are taken with one conditional UPDATE
//! (`taken + n <= capacity`) inside the same transaction that writes it, so
//! a slot can't be oversold by any number of concurrent clients, and a
//! failure anywhere leaves nothing half-written. The same person can't hold
//! two active bookings because `active_niks` has the NIK as its key.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use jiff::Timestamp;
use paspor_domain::api::*;
use paspor_domain::calendar::{DayFacts, check_bookable, day_status};
use paspor_domain::rules;
use paspor_domain::{ApplicationType, DayStatus, DomainError, ErrorCode, FieldId, FieldPath};

use super::Endpoint;
use crate::auth::Account;
use crate::db::{self, Conn};
use crate::error::{Result, ServerError};
use crate::extract::Path;
use crate::json::Json;
use crate::openapi::Body::Json as JsonBody;
use crate::openapi::of;
use crate::quota::bookable_window;
use crate::registry::{Registry, Verdict};
use crate::{AppState, desk, rate_limit};

pub(super) fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::post("/bookings", create)
            .refuses(&[404, 409, 429])
            .headers(&[("Idempotency-Key", "Makes a retry of the same request answer with the booking it made (200); the key with another body is 422 idempotency_mismatch")])
            .summary("Book 1–5 applicants, all places or none (header Idempotency-Key; a replay answers 200 with the same booking)")
            .request(JsonBody(of::<CreateBookingRequest>))
            .reply(201, JsonBody(of::<Booking>))
            .signed_in(),
        Endpoint::get("/bookings", list)
            .summary("The account's bookings")
            .reply(200, JsonBody(of::<Vec<Booking>>))
            .signed_in(),
        Endpoint::get("/bookings/{code}", detail)
            .refuses(&[404])
            .summary("One booking of the account")
            .reply(200, JsonBody(of::<Booking>))
            .signed_in(),
        Endpoint::post("/bookings/{code}/cancel", cancel)
            .refuses(&[404, 409, 429])
            .summary("Cancel, up to 2 days before in the office's zone (R-S-1)")
            .reply(200, JsonBody(of::<Booking>))
            .signed_in(),
    ]
}

async fn create(
    State(s): State<AppState>,
    account: Account,
    headers: HeaderMap,
    Json(req): Json<CreateBookingRequest>,
) -> Result<(StatusCode, axum::Json<Booking>)> {
    let key = headers
        .get(IDEMPOTENCY_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 100);
    let (status, booking) =
        book(&s, account.id, key.map(|k| (k, request_hash(&req))), &req).await?;
    Ok((status, axum::Json(booking)))
}

/// What a request asked for, to tell a replay of it from another request
/// under the same idempotency key.
fn request_hash(req: &CreateBookingRequest) -> String {
    crate::auth::sha256(&serde_json::to_string(req).unwrap_or_default())
}

/// An idempotency key and the hash of the request that came with it.
type Key<'a> = Option<(&'a str, String)>;

/// A booking for `req` (201), or the one its idempotency key made (200);
/// the key reused for another request is refused (422).
///
/// The earlier booking is only looked up when this attempt fails: a replay
/// of a booking that was made fails on its own key (or its NIKs), so the
/// first attempt of a request, which is nearly every one, costs no lookup.
async fn book(
    s: &AppState,
    account_id: i64,
    key: Key<'_>,
    req: &CreateBookingRequest,
) -> Result<(StatusCode, Booking)> {
    let key = key.as_ref().map(|(k, h)| (*k, h.as_str()));
    match new_booking(s, account_id, key, req).await {
        Ok(booking) => Ok((StatusCode::CREATED, booking)),
        // The key may have booked already (a retry whose first reply was
        // lost), or in a parallel request meanwhile: that booking is the
        // answer, whatever refused this attempt.
        Err(e) => match earlier_booking(s, account_id, key).await {
            Ok(Some(earlier)) => Ok((StatusCode::OK, earlier)),
            Err(ServerError::IdempotencyMismatch) => Err(ServerError::IdempotencyMismatch),
            _ => Err(e),
        },
    }
}

async fn earlier_booking(
    s: &AppState,
    account_id: i64,
    key: Option<(&str, &str)>,
) -> Result<Option<Booking>> {
    let Some((key, hash)) = key else {
        return Ok(None);
    };
    match s.desk.made_with((account_id, key.to_owned())).await? {
        // Rows from before request hashes were kept match any request.
        Some((_, Some(first))) if first != hash => Err(ServerError::IdempotencyMismatch),
        Some((id, _)) => Ok(Some(db::bookings::one(&mut *s.db.conn().await?, id).await?)),
        None => Ok(None),
    }
}

/// Cheap refusals first: a slot without the places (the common answer
/// once a release has sold out) writes nothing, not even a rate-limit
/// event, and one this process saw short a moment ago is not even read
/// ([`crate::quota::FullSlots`]); the slot a crowd is booking is read once
/// per moment, not per attempt ([`crate::quota::KnownSlots`]). Then the
/// booking desk reads who books with its batch, checks the people and
/// counts the attempt, and writes it.
async fn new_booking(
    s: &AppState,
    account_id: i64,
    key: Option<(&str, &str)>,
    req: &CreateBookingRequest,
) -> Result<Booking> {
    let wanted = req.applicants.len();
    if s.full_slots.too_few(req.slot_id, wanted) {
        return Err(ServerError::SlotFull);
    }
    let slot = check_day(s, req).await?;
    if (slot.day.slot.places_left as usize) < wanted {
        s.full_slots.saw(req.slot_id, slot.day.slot.places_left);
        return Err(ServerError::SlotFull);
    }
    check_registry(&s.config.registry, req).await?;
    check_old_passports(req)?;
    // Every attempt that could book counts, refused or not (the desk counts
    // it with the batch): booking and cancelling in a loop to hold a slot's
    // places, or to learn which NIKs hold a booking, is stopped per account.
    let l = s.config.limits;
    let pending = desk::Pending {
        account_id,
        key: key.map(|(k, h)| (k.to_owned(), h.to_owned())),
        req: req.clone(),
        today: slot.office.time_zone.today(Timestamp::now()),
        limit: (l.bookings_per_account, l.window),
    };
    let written = match s.desk.book(pending).await {
        Err(ServerError::SlotFull) => {
            s.full_slots.saw(req.slot_id, wanted as u32 - 1);
            return Err(ServerError::SlotFull);
        }
        other => other?,
    };
    s.calendars.forget_office(req.office_id);
    Ok(Booking {
        code: written.code,
        cancel_deadline: rules::cancel_deadline(req.date, slot.office.time_zone)?,
        office: slot.office.clone(),
        date: req.date,
        slot: paspor_domain::api::Slot {
            places_left: written.places_left,
            ..slot.day.slot.clone()
        },
        applicants: req
            .applicants
            .iter()
            .map(|a| BookedApplicant {
                full_name: a.full_name.clone(),
                nik: a.nik.clone(),
                relation: a.relation,
                application_type: a.application_type,
            })
            .collect(),
        status: BookingStatus::Active,
        created_at: written.created_at,
    })
}

/// R-Q-2 as far as a registry can refute it: each family member on the
/// family card the request gives. The owner's own card is the desk's to
/// compare ([`rules::check_applicants`]); a member whose card differs from
/// it is refused there with the same error. None here pretends to confirm.
async fn check_registry(registry: &Registry, req: &CreateBookingRequest) -> Result<()> {
    for (i, a) in req.applicants.iter().enumerate().skip(1) {
        if registry.on_family_card(&a.nik, &a.kk).await == Verdict::Refuted {
            return Err(DomainError::NotSameFamilyCard { index: i }.into());
        }
    }
    Ok(())
}

/// A renewal needs the old passport.
fn check_old_passports(req: &CreateBookingRequest) -> Result<()> {
    let renewal_without_passport = req
        .applicants
        .iter()
        .position(|a| a.application_type == ApplicationType::Renewal && a.old_passport.is_none());
    match renewal_without_passport {
        Some(i) => Err(ServerError::field(
            FieldPath::from(FieldId::Applicants)
                .at(i)
                .then(FieldId::OldPassport),
            ErrorCode::Required,
        )),
        None => Ok(()),
    }
}

/// Where and when (R-Q-1, R-Q-4): the slot is the office's, on the date, and
/// the day is green. Returns what was read: the slot and its office.
async fn check_day(
    s: &AppState,
    req: &CreateBookingRequest,
) -> Result<std::sync::Arc<db::offices::SlotFacts>> {
    let Some(slot) = s.known_slots.get(&s.db, req.office_id, req.slot_id).await? else {
        return Err(
            match db::offices::rules(&mut *s.db.conn().await?, req.office_id).await? {
                None => ServerError::NotFound,
                Some(o) if !o.online_quota => ServerError::NoOnlineQuota,
                Some(_) => ServerError::field(FieldId::SlotId, ErrorCode::NotFound),
            },
        );
    };
    if !slot.office.online_quota {
        return Err(ServerError::NoOnlineQuota);
    }
    if slot.day.date != req.date {
        return Err(ServerError::field(FieldId::Date, ErrorCode::SlotNotOnDate));
    }
    let now = Timestamp::now();
    let tz = slot.office.time_zone;
    let (from, until) = bookable_window(&s.config.quota, tz, now);
    if req.date < from || req.date > until {
        return Err(DomainError::DayNotBookable {
            status: DayStatus::Closed,
        }
        .into());
    }
    let facts = DayFacts {
        date: req.date,
        holiday: slot.holiday,
        released: slot.day.release_at <= now.as_second(),
        places_left: 1,
    };
    check_bookable(day_status(facts, tz.today(now)))?;
    Ok(slot)
}

async fn list(State(s): State<AppState>, account: Account) -> Result<axum::Json<Vec<Booking>>> {
    let bookings = db::bookings::of_account(&mut *s.db.conn().await?, account.id).await?;
    Ok(axum::Json(bookings))
}

async fn own_booking(conn: &mut Conn, account_id: i64, code: &str) -> Result<i64> {
    db::bookings::own(conn, account_id, &code.trim().to_uppercase())
        .await?
        .ok_or(ServerError::NotFound)
}

async fn detail(
    State(s): State<AppState>,
    account: Account,
    Path(code): Path<String>,
) -> Result<axum::Json<Booking>> {
    let mut conn = s.db.conn().await?;
    let id = own_booking(&mut conn, account.id, &code).await?;
    Ok(axum::Json(db::bookings::one(&mut conn, id).await?))
}

async fn cancel(
    State(s): State<AppState>,
    account: Account,
    Path(code): Path<String>,
) -> Result<axum::Json<Booking>> {
    let l = s.config.limits;
    let bucket = format!("cancel:{}", account.id);
    rate_limit::hit(&s.db, &bucket, l.cancels_per_account, l.window).await?;
    let mut conn = s.db.conn().await?;
    let id = own_booking(&mut conn, account.id, &code).await?;
    let b = db::bookings::one(&mut conn, id).await?;
    drop(conn);
    cancel_booking(&s, id, &b).await?;
    Ok(axum::Json(
        db::bookings::one(&mut *s.db.conn().await?, id).await?,
    ))
}

/// R-S-1: the booking is cancelled, its places go back to the slot and its
/// people may book again, all together.
async fn cancel_booking(s: &AppState, id: i64, b: &Booking) -> Result<()> {
    if b.status == BookingStatus::Cancelled {
        return Err(ServerError::AlreadyCancelled);
    }
    rules::check_cancel(b.date, b.office.time_zone, Timestamp::now())?;
    let mut tx = s.db.begin().await?;
    if !db::bookings::cancel(&mut tx, id).await? {
        return Err(ServerError::AlreadyCancelled);
    }
    db::bookings::give_back_places(&mut tx, b.slot.id, b.applicants.len()).await?;
    db::bookings::release_niks(&mut tx, id).await?;
    tx.commit().await?;
    s.calendars.forget_office(b.office.id);
    s.full_slots.forget(b.slot.id);
    s.known_slots.forget(b.slot.id);
    Ok(())
}
