//! Offices and their calendar (R-Q-1, R-Q-4, R-Q-5). Both only read: the
//! slots they show are written ahead by [`crate::quota`].

use axum::extract::State;

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
            .summary("A month's day statuses (R-Q-4) and slots with places left")
            .query(&[("month", "YYYY-MM")])
            .reply(200, JsonBody(of::<MonthCalendar>))
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
) -> Result<axum::Json<MonthCalendar>> {
    let bad_month = || ServerError::field(FieldId::Month, ErrorCode::MonthInvalid);
    let (year, month) = parse_month(&q.month).ok_or_else(bad_month)?;
    let days = days_of_month(year, month).map_err(|_| bad_month())?;
    let mut conn = s.db.conn().await?;
    let days = month_days(&mut conn, office_id, &days).await?;
    Ok(axum::Json(MonthCalendar {
        office_id,
        year,
        month,
        days,
    }))
}

/// Each day's colour and, on green and red days, its released slots.
async fn month_days(conn: &mut Conn, office_id: i64, days: &[Date]) -> Result<Vec<CalendarDay>> {
    let office = db::offices::rules(conn, office_id)
        .await?
        .ok_or(ServerError::NotFound)?;
    let (Some(&first), Some(&last)) = (days.first(), days.last()) else {
        return Ok(Vec::new());
    };
    let holidays = db::offices::holidays_between(conn, first, last).await?;
    let slots = db::offices::slots_between(conn, office_id, first, last).await?;
    let now = Timestamp::now();
    let today = office.time_zone.today(now);
    Ok(days
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
        .collect())
}
