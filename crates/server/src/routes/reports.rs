//! Lapor diri (R-LD-1): Indonesians abroad report where they stay.

use axum::extract::State;
use axum::http::StatusCode;
use paspor_domain::StayPeriod;
use paspor_domain::api::{LaporDiriReport, LaporDiriRequest};

use super::Endpoint;
use crate::AppState;
use crate::auth::Account;
use crate::db;
use crate::error::Result;
use crate::json::Json;
use crate::openapi::Body::Json as JsonBody;
use crate::openapi::of;

pub(super) fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::post("/reports", submit)
            .summary("Submit a lapor diri (R-LD-1)")
            .request(JsonBody(of::<LaporDiriRequest>))
            .reply(201, JsonBody(of::<LaporDiriReport>))
            .signed_in(),
        Endpoint::get("/reports", list)
            .summary("The account's lapor diri reports")
            .reply(200, JsonBody(of::<Vec<LaporDiriReport>>))
            .signed_in(),
    ]
}

async fn submit(
    State(s): State<AppState>,
    account: Account,
    Json(req): Json<LaporDiriRequest>,
) -> Result<(StatusCode, axum::Json<LaporDiriReport>)> {
    let stay = StayPeriod::new(req.stay_from, req.stay_until)?;
    let report = db::reports::insert(&mut *s.db.conn().await?, account.id, &req, stay).await?;
    Ok((StatusCode::CREATED, axum::Json(report)))
}

async fn list(
    State(s): State<AppState>,
    account: Account,
) -> Result<axum::Json<Vec<LaporDiriReport>>> {
    let reports = db::reports::of_account(&mut *s.db.conn().await?, account.id).await?;
    Ok(axum::Json(reports))
}
