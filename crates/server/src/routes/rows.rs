//! Turning rows back into API values. The database only ever holds values
//! that parsed on the way in, so a failure here is our bug: `Internal`.

use paspor_domain::api::{Me, Office, Slot};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::error::ServerError;

pub fn parse<T: std::str::FromStr>(row: &AnyRow, col: &str) -> Result<T, ServerError>
where
    T::Err: std::fmt::Display,
{
    let s: String = row.try_get(col)?;
    s.parse().map_err(|e: T::Err| {
        ServerError::Internal(anyhow::anyhow!("column {col} holds {s:?}: {e}"))
    })
}

pub fn me(row: &AnyRow) -> Result<Me, ServerError> {
    Ok(Me {
        username: parse(row, "username")?,
        email: parse(row, "email")?,
        full_name: parse(row, "full_name")?,
        nik: parse(row, "nik")?,
        kk: parse(row, "kk")?,
        birth_place: row.try_get("birth_place")?,
        birth_date: parse(row, "birth_date")?,
        sex: parse(row, "sex")?,
        phone: parse(row, "phone")?,
        has_photo: row.try_get::<i64, _>("has_photo")? != 0,
    })
}

pub const ME_COLUMNS: &str = "id, username, email, full_name, nik, kk, birth_place, birth_date, sex, phone, \
     CASE WHEN photo IS NULL THEN 0 ELSE 1 END AS has_photo, password_hash, active";

pub fn office(row: &AnyRow, online_quota: bool) -> Result<Office, ServerError> {
    Ok(Office {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        city: row.try_get("city")?,
        address: row.try_get("address")?,
        time_zone: parse(row, "time_zone")?,
        online_quota,
    })
}

pub fn slot(row: &AnyRow) -> Result<Slot, ServerError> {
    let capacity: i64 = row.try_get("capacity")?;
    let taken: i64 = row.try_get("taken")?;
    Ok(Slot {
        id: row.try_get("id")?,
        start: row.try_get("start_time")?,
        end: row.try_get("end_time")?,
        capacity: capacity as u32,
        places_left: (capacity - taken).max(0) as u32,
    })
}
