//! Offices, holidays and the slots of each office's days.

use jiff::civil::Date;
use paspor_domain::OfficeTimeZone;
use paspor_domain::api::{Office, Slot};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Conn, column};
use crate::error::Result;

pub(super) fn office(row: &AnyRow, online_quota: bool) -> Result<Office> {
    Ok(Office {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        city: row.try_get("city")?,
        address: row.try_get("address")?,
        time_zone: column(row, "time_zone")?,
        online_quota,
    })
}

/// Every office, each with whether it has a released slot with places left
/// after `today` (R-Q-1), as of the instant `now`.
pub async fn list(conn: &mut Conn, now: i64, today: Date) -> Result<Vec<Office>> {
    let rows = sqlx::query(
        "SELECT o.id, o.name, o.city, o.address, o.time_zone, o.online_quota,
            (SELECT COUNT(*) FROM slots sl WHERE sl.office_id = o.id AND sl.release_at <= $1
             AND sl.taken < sl.capacity AND sl.date > $2) AS open_slots
         FROM offices o ORDER BY o.name",
    )
    .bind(now)
    .bind(today.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let open =
                r.try_get::<i64, _>("online_quota")? == 1 && r.try_get::<i64, _>("open_slots")? > 0;
            office(r, open)
        })
        .collect()
}

/// What bookings and the calendar need to know of an office.
pub struct OfficeRules {
    pub time_zone: OfficeTimeZone,
    pub online_quota: bool,
}

pub async fn rules(conn: &mut Conn, id: i64) -> Result<Option<OfficeRules>> {
    let row = sqlx::query("SELECT time_zone, online_quota FROM offices WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| {
        Ok(OfficeRules {
            time_zone: column(&r, "time_zone")?,
            online_quota: r.try_get::<i64, _>("online_quota")? == 1,
        })
    })
    .transpose()
}

/// Offices with online quota, for the quota window.
pub async fn online(conn: &mut Conn) -> Result<Vec<(i64, OfficeTimeZone)>> {
    sqlx::query("SELECT id, time_zone FROM offices WHERE online_quota = 1")
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, column(r, "time_zone")?)))
        .collect()
}

pub async fn holidays_between(conn: &mut Conn, from: Date, to: Date) -> Result<Vec<Date>> {
    sqlx::query("SELECT date FROM holidays WHERE date >= $1 AND date <= $2")
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| column(r, "date"))
        .collect()
}

pub(super) fn slot(row: &AnyRow) -> Result<Slot> {
    let capacity: i64 = row.try_get("capacity")?;
    let taken: i64 = row.try_get("taken")?;
    Ok(Slot {
        id: row.try_get("slot_id")?,
        start: row.try_get("start_time")?,
        end: row.try_get("end_time")?,
        capacity: capacity as u32,
        places_left: (capacity - taken).max(0) as u32,
    })
}

/// A slot with the day it is on and when its quota opens (Unix seconds).
pub struct DaySlot {
    pub date: Date,
    pub release_at: i64,
    pub slot: Slot,
}

const DAY_SLOT: &str =
    "SELECT id AS slot_id, date, start_time, end_time, capacity, taken, release_at FROM slots";

fn day_slot(row: &AnyRow) -> Result<DaySlot> {
    Ok(DaySlot {
        date: column(row, "date")?,
        release_at: row.try_get("release_at")?,
        slot: slot(row)?,
    })
}

/// The office's slots from `first` to `last`, by day and start.
pub async fn slots_between(
    conn: &mut Conn,
    office_id: i64,
    first: Date,
    last: Date,
) -> Result<Vec<DaySlot>> {
    sqlx::query(&format!(
        "{DAY_SLOT} WHERE office_id = $1 AND date >= $2 AND date <= $3 ORDER BY date, start_time"
    ))
    .bind(office_id)
    .bind(first.to_string())
    .bind(last.to_string())
    .fetch_all(conn)
    .await?
    .iter()
    .map(day_slot)
    .collect()
}

/// What a booking needs to know of where and when, read in one statement:
/// the slot (places, day, release), its office (rules and the reply) and
/// whether the day is a holiday. Who books is read with the batch that
/// writes it ([`super::accounts::owners`]).
pub struct SlotFacts {
    pub office: Office,
    pub day: DaySlot,
    pub holiday: bool,
}

/// The facts of slot `slot_id` of office `office_id`; `None` when the
/// office has no such slot (or there is no such office).
pub async fn slot_facts(
    conn: &mut Conn,
    office_id: i64,
    slot_id: i64,
) -> Result<Option<SlotFacts>> {
    let row = sqlx::query(
        "SELECT sl.id AS slot_id, sl.date, sl.start_time, sl.end_time, sl.capacity, sl.taken, sl.release_at,
            o.id, o.name, o.city, o.address, o.time_zone, o.online_quota,
            (SELECT COUNT(*) FROM holidays h WHERE h.date = sl.date) AS holidays
         FROM slots sl JOIN offices o ON o.id = sl.office_id
         WHERE sl.id = $1 AND sl.office_id = $2",
    )
    .bind(slot_id)
    .bind(office_id)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(SlotFacts {
            office: office(&r, r.try_get::<i64, _>("online_quota")? == 1)?,
            day: day_slot(&r)?,
            holiday: r.try_get::<i64, _>("holidays")? > 0,
        })
    })
    .transpose()
}

/// Adds a session to a day unless it exists: the quota window only grows.
pub async fn insert_slot(
    conn: &mut Conn,
    office_id: i64,
    date: Date,
    (start, end, capacity): (&str, &str, i64),
    release_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO slots (office_id, date, start_time, end_time, capacity, taken, release_at)
         VALUES ($1, $2, $3, $4, $5, 0, $6) ON CONFLICT (office_id, date, start_time) DO NOTHING",
    )
    .bind(office_id)
    .bind(date.to_string())
    .bind(start)
    .bind(end)
    .bind(capacity)
    .bind(release_at)
    .execute(conn)
    .await?;
    Ok(())
}
