//! Offices and their calendar (R-Q-1, R-Q-4, R-Q-5). Both only read: the
//! slots they show are written ahead by [`crate::quota`].

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::extract::{Path, Query};
use jiff::Timestamp;
use jiff::civil::Date;
use paspor_domain::api::{CalendarDay, MonthCalendar, Office};
use paspor_domain::calendar::{DayFacts, day_status, days_of_month};
use paspor_domain::{DayStatus, ErrorCode, FieldId, OfficeTimeZone};
use serde::Deserialize;

use super::Endpoint;
use crate::AppState;
use crate::auth::Account;
use crate::calendars::{FRESH_FOR, Month};
use crate::db::{self, Conn};
use crate::error::{Result, ServerError};
use crate::openapi::Body::Json as JsonBody;
use crate::openapi::of;

pub(super) fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::get("/offices", list)
            .summary("Immigration offices and whether they have online quota (R-Q-1)")
            .reply(200, JsonBody(of::<Vec<Office>>))
            .signed_in(),
        Endpoint::get("/offices/{id}/calendar", calendar)
            .refuses(&[404])
            .summary("A month's day statuses (R-Q-4) and slots with places left; poll with If-None-Match")
            .query(&[("month", "YYYY-MM")])
            .headers(&[("If-None-Match", "The ETag of the calendar the client has: 304 while it is still the same")])
            .reply(200, JsonBody(of::<MonthCalendar>))
            .conditional()
            .signed_in(),
    ]
}

async fn list(State(s): State<AppState>, _: Account) -> Result<axum::Json<Vec<Office>>> {
    let now = Timestamp::now();
    let today = OfficeTimeZone::Wib.today(now);
    let offices = db::offices::list(&mut *s.db.conn().await?, now.as_second(), today).await?;
    Ok(axum::Json(offices))
}

#[derive(Deserialize)]
struct MonthQuery {
    month: String,
}

/// `YYYY-MM`.
fn parse_month(s: &str) -> Option<(i16, i8)> {
    let (y, m) = s.split_once('-')?;
    Some((y.parse().ok()?, m.parse().ok()?))
}

async fn calendar(
    State(s): State<AppState>,
    _: Account,
    Path(office_id): Path<i64>,
    Query(q): Query<MonthQuery>,
    headers: HeaderMap,
) -> Result<Response> {
    let bad_month = || ServerError::field(FieldId::Month, ErrorCode::MonthInvalid);
    let (year, month) = parse_month(&q.month).ok_or_else(bad_month)?;
    let days = days_of_month(year, month).map_err(|_| bad_month())?;
    let m = match s.calendars.get(office_id, year, month) {
        Some(m) => m,
        None => {
            let mut conn = s.db.conn().await?;
            let (days, next_release) = month_days(&mut conn, office_id, &days).await?;
            let body = serde_json::to_vec(&MonthCalendar {
                office_id,
                year,
                month,
                days,
            })
            .map_err(|e| ServerError::Internal(e.into()))?;
            let m = Month::new(body);
            let until = next_release.map_or(Instant::now() + FRESH_FOR, |at| {
                let wait = (at - Timestamp::now().as_second()).max(0) as u64;
                Instant::now() + Duration::from_secs(wait)
            });
            s.calendars.put(office_id, year, month, until, m.clone());
            m
        }
    };
    let unchanged = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| m.matches(v));
    // Places change by the second: a client may keep the reply but must
    // ask again before using it (cheap, with If-None-Match).
    let cache = [
        (ETAG, m.etag.clone()),
        (CACHE_CONTROL, "private, no-cache".to_owned()),
    ];
    Ok(if unchanged {
        (StatusCode::NOT_MODIFIED, cache).into_response()
    } else {
        (cache, [(CONTENT_TYPE, "application/json")], m.body).into_response()
    })
}

/// Each day's colour and, on green and red days, its released slots; and
/// when the next of the month's slots is released (Unix seconds), after
/// which the colours change.
async fn month_days(
    conn: &mut Conn,
    office_id: i64,
    days: &[Date],
) -> Result<(Vec<CalendarDay>, Option<i64>)> {
    let office = db::offices::rules(conn, office_id)
        .await?
        .ok_or(ServerError::NotFound)?;
    let (Some(&first), Some(&last)) = (days.first(), days.last()) else {
        return Ok((Vec::new(), None));
    };
    let holidays = db::offices::holidays_between(conn, first, last).await?;
    let slots = db::offices::slots_between(conn, office_id, first, last).await?;
    let now = Timestamp::now();
    let today = office.time_zone.today(now);
    let next_release = slots
        .iter()
        .map(|s| s.release_at)
        .filter(|&at| at > now.as_second())
        .min();
    let days = days
        .iter()
        .map(|&date| {
            let mut released: Vec<_> = slots
                .iter()
                .filter(|s| s.date == date && s.release_at <= now.as_second())
                .map(|s| s.slot.clone())
                .collect();
            let facts = DayFacts {
                date,
                holiday: holidays.contains(&date),
                released: !released.is_empty() && office.online_quota,
                places_left: released.iter().map(|s| s.places_left).sum(),
            };
            let status = day_status(facts, today);
            if !status.is_bookable() && status != DayStatus::Full {
                released.clear();
            }
            CalendarDay {
                date,
                status,
                slots: released,
            }
        })
        .collect();
    Ok((days, next_release))
}
