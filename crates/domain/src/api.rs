//! The HTTP API's request and response types, shared by app, client and
//! server so both ends compile against one contract. Fields hold domain types
//! wherever one exists, so a request that deserialises is already valid.
//!
//! Paths (all JSON, under `/api/v1`, bearer token where marked 🔒):
//!
//! | method | path | body → reply |
//! | --- | --- | --- |
//! | POST | /auth/register (header `X-Device-Id`) | [`RegisterRequest`] → 202 [`Accepted`] |
//! | POST | /auth/activate | [`ActivateRequest`] → [`Accepted`] |
//! | POST | /auth/resend-activation | [`ResendRequest`] → 202 [`Accepted`] |
//! | POST | /auth/login | [`LoginRequest`] → [`LoginResponse`] |
//! | POST | /auth/logout 🔒 | → 204 |
//! | POST | /auth/forgot-password | [`ForgotRequest`] → 202 [`Accepted`] (same reply whoever asks, R-PWD-1) |
//! | POST | /auth/reset-password | [`ResetRequest`] → [`Accepted`] |
//! | GET | /me 🔒 | → [`Me`] |
//! | PUT | /me 🔒 | [`UpdateProfileRequest`] → [`Me`] |
//! | POST | /me/password 🔒 | [`ChangePasswordRequest`] → [`Accepted`] |
//! | PUT | /me/photo 🔒 | image/jpeg or image/png bytes → [`Me`] |
//! | GET | /me/photo 🔒 | → image/jpeg |
//! | GET | /offices 🔒 | → `Vec<`[`Office`]`>` |
//! | GET | /offices/{id}/calendar?month=YYYY-MM 🔒 | → [`MonthCalendar`] |
//! | POST | /bookings 🔒 (header `Idempotency-Key`) | [`CreateBookingRequest`] → 201 [`Booking`] |
//! | GET | /bookings 🔒 | → `Vec<`[`Booking`]`>` |
//! | GET | /bookings/{code} 🔒 | → [`Booking`] |
//! | POST | /bookings/{code}/cancel 🔒 | → [`Booking`] |
//! | POST | /reports 🔒 | [`LaporDiriRequest`] → 201 [`LaporDiriReport`] |
//! | GET | /reports 🔒 | → `Vec<`[`LaporDiriReport`]`>` |
//! | GET | /content/{information,guide}?lang=id\|en | → [`Content`] |
//!
//! Outside `/api/v1`: `GET /activate?token=…` and `GET /reset-password?token=…`
//! serve small HTML pages for the e-mailed links; `GET /openapi.json`.
//!
//! Every refusal is [`ErrorBody`] with a stable `code`.

use std::collections::BTreeMap;

use jiff::{Timestamp, civil::Date};
use serde::{Deserialize, Serialize};

use crate::{
    ApplicationType, DayStatus, Email, KkNumber, LoginId, Nik, OfficeTimeZone, PassportNumber,
    Password, PersonName, PhoneNumber, Relation, Sex, Username,
};

pub const DEVICE_ID_HEADER: &str = "X-Device-Id";
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// `{"error": {"code": "…", "message": "…", "fields": {"field": "…"}}}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable machine code; the app translates it.
    pub code: String,
    /// English, for logs and developers.
    pub message: String,
    /// Field name → the stable code of what is wrong with it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

/// A reply that carries no data but a human-readable note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accepted {
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegisterRequest {
    pub full_name: PersonName,
    pub nik: Nik,
    pub kk: KkNumber,
    pub birth_place: String,
    pub birth_date: Date,
    pub sex: Sex,
    pub email: Email,
    pub username: Username,
    pub phone: PhoneNumber,
    pub password: Password,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActivateRequest {
    pub email: Email,
    /// The 6-digit code from the e-mail.
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResendRequest {
    pub email: Email,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginRequest {
    pub login: LoginId,
    /// Not a [`Password`]: an account may predate today's policy.
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginResponse {
    /// Opaque bearer token; the server keeps only its hash.
    pub token: String,
    pub expires_at: Timestamp,
    pub me: Me,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ForgotRequest {
    /// Username or e-mail, as typed.
    pub login: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResetRequest {
    pub token: String,
    pub new_password: Password,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: Password,
}

/// The account owner's biodata. The NIK is shown but can never change (R-P-1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub username: Username,
    pub email: Email,
    pub full_name: PersonName,
    pub nik: Nik,
    pub kk: KkNumber,
    pub birth_place: String,
    pub birth_date: Date,
    pub sex: Sex,
    pub phone: PhoneNumber,
    pub has_photo: bool,
}

/// Everything of [`Me`] that may change; no NIK here (R-P-1).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UpdateProfileRequest {
    pub full_name: PersonName,
    pub kk: KkNumber,
    pub birth_place: String,
    pub birth_date: Date,
    pub sex: Sex,
    pub phone: PhoneNumber,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Office {
    pub id: i64,
    pub name: String,
    pub city: String,
    pub address: String,
    pub time_zone: OfficeTimeZone,
    /// R-Q-1: whether any online quota is released and not used up.
    pub online_quota: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub id: i64,
    /// Local time at the office, "08:00".
    pub start: String,
    pub end: String,
    pub capacity: u32,
    pub places_left: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: Date,
    pub status: DayStatus,
    /// Empty unless the day's quota is released.
    pub slots: Vec<Slot>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthCalendar {
    pub office_id: i64,
    pub year: i16,
    pub month: i8,
    pub days: Vec<CalendarDay>,
}

/// The old passport of a renewal, from its MRZ read or typed by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OldPassport {
    pub number: PassportNumber,
    pub expiry_date: Date,
    /// True when the data came from an MRZ read whose check digits all passed.
    pub mrz_verified: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApplicantInput {
    pub full_name: PersonName,
    pub nik: Nik,
    pub kk: KkNumber,
    pub birth_place: String,
    pub birth_date: Date,
    pub sex: Sex,
    /// `None` for the first applicant, the account owner (R-Q-7).
    pub relation: Option<Relation>,
    pub application_type: ApplicationType,
    /// Required for a renewal (R-Q-6).
    pub old_passport: Option<OldPassport>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateBookingRequest {
    pub office_id: i64,
    pub date: Date,
    pub slot_id: i64,
    pub applicants: Vec<ApplicantInput>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Active,
    Cancelled,
    /// The day has passed.
    Done,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BookedApplicant {
    pub full_name: PersonName,
    pub nik: Nik,
    pub relation: Option<Relation>,
    pub application_type: ApplicationType,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Booking {
    /// Short, unambiguous, not guessable (e.g. `K7QM-3XWP`).
    pub code: String,
    pub office: Office,
    pub date: Date,
    pub slot: Slot,
    pub applicants: Vec<BookedApplicant>,
    pub status: BookingStatus,
    pub created_at: Timestamp,
    /// R-S-1: from this instant the booking can no longer be cancelled.
    pub cancel_deadline: Timestamp,
}

/// Passport data of a lapor diri (R-LD-1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassportData {
    pub number: PassportNumber,
    /// Empty for mononyms.
    pub surname: String,
    pub given_names: String,
    /// ICAO 3-letter code, "IDN".
    pub nationality: String,
    pub birth_date: Date,
    pub sex: Sex,
    pub expiry_date: Date,
    pub mrz_verified: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LaporDiriRequest {
    pub passport: PassportData,
    pub country: String,
    pub city: String,
    pub address: String,
    pub stay_from: Date,
    pub stay_until: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaporDiriReport {
    pub id: i64,
    pub passport: PassportData,
    pub country: String,
    pub city: String,
    pub address: String,
    pub stay_from: Date,
    pub stay_until: Date,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentSection {
    pub id: String,
    pub title: String,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Content {
    pub lang: String,
    pub title: String,
    pub sections: Vec<ContentSection>,
}
