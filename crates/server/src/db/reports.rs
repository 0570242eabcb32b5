//! Lapor diri reports (R-LD-1).

use paspor_domain::StayPeriod;
use paspor_domain::api::{LaporDiriReport, LaporDiriRequest, PassportData};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Conn, column, instant, now};
use crate::error::Result;

fn report(r: &AnyRow) -> Result<LaporDiriReport> {
    Ok(LaporDiriReport {
        id: r.try_get("id")?,
        passport: PassportData {
            number: column(r, "passport_number")?,
            surname: r.try_get("surname")?,
            given_names: column(r, "given_names")?,
            nationality: column(r, "nationality")?,
            birth_date: column(r, "birth_date")?,
            sex: column(r, "sex")?,
            expiry_date: column(r, "expiry_date")?,
            mrz_verified: r.try_get::<i64, _>("mrz_verified")? == 1,
        },
        country: column(r, "country")?,
        city: column(r, "city")?,
        address: column(r, "address")?,
        stay_from: column(r, "stay_from")?,
        stay_until: column(r, "stay_until")?,
        created_at: instant(r, "created_at")?,
    })
}

/// Stores a report whose stay was checked; returns it as stored.
pub async fn insert(
    conn: &mut Conn,
    account_id: i64,
    req: &LaporDiriRequest,
    stay: StayPeriod,
) -> Result<LaporDiriReport> {
    let p = &req.passport;
    let row = sqlx::query(
        "INSERT INTO reports (account_id, passport_number, surname, given_names, nationality, birth_date, sex, expiry_date,
         mrz_verified, country, city, address, stay_from, stay_until, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING *",
    )
    .bind(account_id)
    .bind(p.number.as_str())
    .bind(p.surname.trim())
    .bind(p.given_names.as_str())
    .bind(p.nationality.as_str())
    .bind(p.birth_date.to_string())
    .bind(p.sex.as_str())
    .bind(p.expiry_date.to_string())
    .bind(i64::from(p.mrz_verified))
    .bind(req.country.as_str())
    .bind(req.city.as_str())
    .bind(req.address.as_str())
    .bind(stay.from().to_string())
    .bind(stay.until().to_string())
    .bind(now())
    .fetch_one(conn)
    .await?;
    report(&row)
}

pub async fn of_account(conn: &mut Conn, account_id: i64) -> Result<Vec<LaporDiriReport>> {
    sqlx::query("SELECT * FROM reports WHERE account_id = $1 ORDER BY created_at DESC, id DESC")
        .bind(account_id)
        .fetch_all(conn)
        .await?
        .iter()
        .map(report)
        .collect()
}
