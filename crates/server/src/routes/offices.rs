//! Offices and their calendar (R-Q-1, R-Q-4, R-Q-5).

use axum::extract::{Path, Query, State};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use paspor_domain::OfficeTimeZone;
use paspor_domain::api::{CalendarDay, MonthCalendar, Office};
use paspor_domain::calendar::{DayFacts, day_status, days_of_month};
use serde::Deserialize;
use sqlx::Row;

use super::rows;
use crate::auth::Account;
use crate::db::now;
use crate::error::{Result, ServerError};
use crate::{AppState, seed};

pub async fn list(State(s): State<AppState>, _: Account) -> Result<axum::Json<Vec<Office>>> {
    let t = now();
    let rows = sqlx::query(
        "SELECT o.id, o.name, o.city, o.address, o.time_zone, o.online_quota,
            (SELECT COUNT(*) FROM slots sl WHERE sl.office_id = o.id AND sl.release_at <= $1
             AND sl.taken < sl.capacity AND sl.date > $2) AS open_slots
         FROM offices o ORDER BY o.name",
    )
    .bind(t)
    .bind(OfficeTimeZone::Wib.today(Timestamp::now()).to_string())
    .fetch_all(&s.db.pool)
    .await?;
    let offices = rows
        .iter()
        .map(|r| {
            let open =
                r.try_get::<i64, _>("online_quota")? == 1 && r.try_get::<i64, _>("open_slots")? > 0;
            rows::office(r, open)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(axum::Json(offices))
}

#[derive(Deserialize)]
pub struct MonthQuery {
    month: String,
}

pub(crate) struct OfficeInfo {
    pub tz: OfficeTimeZone,
    pub online_quota: bool,
}

pub(crate) async fn office_info(s: &AppState, id: i64) -> Result<OfficeInfo> {
    let row = sqlx::query("SELECT time_zone, online_quota FROM offices WHERE id = $1")
        .bind(id)
        .fetch_optional(&s.db.pool)
        .await?
        .ok_or(ServerError::NotFound)?;
    Ok(OfficeInfo {
        tz: rows::parse(&row, "time_zone")?,
        online_quota: row.try_get::<i64, _>("online_quota")? == 1,
    })
}

pub(crate) async fn holidays_between(s: &AppState, from: Date, to: Date) -> Result<Vec<Date>> {
    let rows = sqlx::query("SELECT date FROM holidays WHERE date >= $1 AND date <= $2")
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&s.db.pool)
        .await?;
    rows.iter().map(|r| rows::parse(r, "date")).collect()
}

/// The dates an office takes bookings for now: tomorrow up to the window.
pub(crate) fn bookable_window(s: &AppState, tz: OfficeTimeZone) -> (Date, Date) {
    let today = tz.today(Timestamp::now());
    (
        today.saturating_add(1.day()),
        today.saturating_add(s.config.quota.days_ahead.days()),
    )
}

pub async fn calendar(
    State(s): State<AppState>,
    _: Account,
    Path(office_id): Path<i64>,
    Query(q): Query<MonthQuery>,
) -> Result<axum::Json<MonthCalendar>> {
    let bad_month = || ServerError::field("month", "month_invalid");
    let (y, m) = q.month.split_once('-').ok_or_else(bad_month)?;
    let (year, month): (i16, i8) = (
        y.parse().map_err(|_| bad_month())?,
        m.parse().map_err(|_| bad_month())?,
    );
    let days = days_of_month(year, month).map_err(|_| bad_month())?;
    let office = office_info(&s, office_id).await?;
    let (first, last) = (days[0], *days.last().expect("a month has days"));
    let holidays = holidays_between(&s, first, last).await?;
    let (from, until) = bookable_window(&s, office.tz);
    if office.online_quota {
        let window: Vec<Date> = days
            .iter()
            .copied()
            .filter(|d| *d >= from && *d <= until)
            .collect();
        let mut conn = s.db.pool.acquire().await?;
        seed::ensure_slots(
            &mut conn,
            office_id,
            office.tz,
            &window,
            &holidays,
            &s.config.quota,
        )
        .await
        .map_err(ServerError::Internal)?;
    }
    let rows = sqlx::query("SELECT id, date, start_time, end_time, capacity, taken, release_at FROM slots WHERE office_id = $1 AND date >= $2 AND date <= $3 ORDER BY date, start_time")
        .bind(office_id)
        .bind(first.to_string())
        .bind(last.to_string())
        .fetch_all(&s.db.pool)
        .await?;
    let t = now();
    let today = office.tz.today(Timestamp::now());
    let mut out = Vec::with_capacity(days.len());
    for d in days {
        let mut released = false;
        let mut slots = Vec::new();
        for r in rows.iter().filter(|r| {
            r.try_get::<String, _>("date")
                .is_ok_and(|x| x == d.to_string())
        }) {
            if r.try_get::<i64, _>("release_at")? <= t {
                released = true;
                slots.push(rows::slot(r)?);
            }
        }
        let places_left = slots.iter().map(|s| s.places_left).sum();
        let facts = DayFacts {
            date: d,
            holiday: holidays.contains(&d),
            released: released && office.online_quota,
            places_left,
        };
        let status = day_status(facts, today);
        if !status.is_bookable() && status != paspor_domain::DayStatus::Full {
            slots.clear();
        }
        out.push(CalendarDay {
            date: d,
            status,
            slots,
        });
    }
    Ok(axum::Json(MonthCalendar {
        office_id,
        year,
        month,
        days: out,
    }))
}
