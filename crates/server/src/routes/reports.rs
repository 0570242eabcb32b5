//! Lapor diri (R-LD-1): Indonesians abroad report where they stay.

use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use paspor_domain::api::{LaporDiriReport, LaporDiriRequest, PassportData};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::rows;
use crate::AppState;
use crate::auth::Account;
use crate::db::now;
use crate::error::{Result, ServerError};
use crate::json::Json;

const MAX_TEXT: usize = 300;

pub async fn submit(
    State(s): State<AppState>,
    account: Account,
    Json(req): Json<LaporDiriRequest>,
) -> Result<(StatusCode, axum::Json<LaporDiriReport>)> {
    let p = &req.passport;
    for (field, value) in [
        ("country", &req.country),
        ("city", &req.city),
        ("address", &req.address),
        ("passport.given_names", &p.given_names),
    ] {
        let v = value.trim();
        if v.is_empty() {
            return Err(ServerError::field(field, "required"));
        }
        if v.chars().count() > MAX_TEXT {
            return Err(ServerError::field(field, "too_long"));
        }
    }
    if p.nationality.len() != 3 || !p.nationality.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ServerError::field(
            "passport.nationality",
            "nationality_invalid",
        ));
    }
    if req.stay_until < req.stay_from {
        return Err(ServerError::field("stay_until", "before_stay_from"));
    }
    let row = sqlx::query(
        "INSERT INTO reports (account_id, passport_number, surname, given_names, nationality, birth_date, sex, expiry_date,
         mrz_verified, country, city, address, stay_from, stay_until, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(account.id)
    .bind(p.number.as_str())
    .bind(p.surname.trim())
    .bind(p.given_names.trim())
    .bind(p.nationality.as_str())
    .bind(p.birth_date.to_string())
    .bind(p.sex.as_str())
    .bind(p.expiry_date.to_string())
    .bind(i64::from(p.mrz_verified))
    .bind(req.country.trim())
    .bind(req.city.trim())
    .bind(req.address.trim())
    .bind(req.stay_from.to_string())
    .bind(req.stay_until.to_string())
    .bind(now())
    .fetch_one(&s.db.pool)
    .await?;
    let id: i64 = row.try_get("id")?;
    let row = sqlx::query("SELECT * FROM reports WHERE id = $1")
        .bind(id)
        .fetch_one(&s.db.pool)
        .await?;
    Ok((StatusCode::CREATED, axum::Json(report(&row)?)))
}

pub async fn list(
    State(s): State<AppState>,
    account: Account,
) -> Result<axum::Json<Vec<LaporDiriReport>>> {
    let rows = sqlx::query(
        "SELECT * FROM reports WHERE account_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(account.id)
    .fetch_all(&s.db.pool)
    .await?;
    Ok(axum::Json(rows.iter().map(report).collect::<Result<_>>()?))
}

fn report(r: &AnyRow) -> Result<LaporDiriReport> {
    Ok(LaporDiriReport {
        id: r.try_get("id")?,
        passport: PassportData {
            number: rows::parse(r, "passport_number")?,
            surname: r.try_get("surname")?,
            given_names: r.try_get("given_names")?,
            nationality: r.try_get("nationality")?,
            birth_date: rows::parse(r, "birth_date")?,
            sex: rows::parse(r, "sex")?,
            expiry_date: rows::parse(r, "expiry_date")?,
            mrz_verified: r.try_get::<i64, _>("mrz_verified")? == 1,
        },
        country: r.try_get("country")?,
        city: r.try_get("city")?,
        address: r.try_get("address")?,
        stay_from: rows::parse(r, "stay_from")?,
        stay_until: rows::parse(r, "stay_until")?,
        created_at: Timestamp::from_second(r.try_get("created_at")?)
            .map_err(|e| ServerError::Internal(e.into()))?,
    })
}
