//! The HTTP API's request and response types, shared by app, client and
//! server so both ends compile against one contract. Fields hold domain types
//! wherever one exists, so a request that deserialises is already valid.
//!
//! Which path takes and gives which type is written once, in the server's
//! route table, and served as its `/openapi.json`; the client has one method
//! per path.
//!
//! Every refusal is [`ErrorBody`] with a stable [`ErrorCode`].

use std::collections::BTreeMap;

use jiff::{Timestamp, civil::Date};
use serde::{Deserialize, Serialize};

use crate::{
    ActivationCode, ApplicationType, CountryCode, DayStatus, Email, ErrorCode, FieldPath, FreeText,
    KkNumber, LoginId, Nik, OfficeTimeZone, PassportNumber, Password, PersonName, PhoneNumber,
    Relation, Sex, Username,
};

pub const DEVICE_ID_HEADER: &str = "X-Device-Id";
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// `{"error": {"code": "…", "message": "…", "fields": {"field": "…"}}}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorDetail {
    /// The app translates it.
    pub code: ErrorCode,
    /// English, for logs and developers.
    pub message: String,
    /// Each wrong field and what is wrong with it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<FieldPath, ErrorCode>,
}

/// A reply that carries no data but a human-readable note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Accepted {
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegisterRequest {
    pub full_name: PersonName,
    pub nik: Nik,
    pub kk: KkNumber,
    pub birth_place: FreeText,
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub birth_date: Date,
    pub sex: Sex,
    pub email: Email,
    pub username: Username,
    pub phone: PhoneNumber,
    pub password: Password,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActivateRequest {
    pub email: Email,
    pub code: ActivationCode,
}

/// The token of the e-mailed activation link, as the app receives it from
/// `paspor://activate?token=…`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActivateLinkRequest {
    pub token: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResendRequest {
    pub email: Email,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LoginRequest {
    pub login: LoginId,
    /// Not a [`Password`]: an account may predate today's policy.
    pub password: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LoginResponse {
    /// Opaque bearer token; the server keeps only its hash.
    pub token: String,
    #[cfg_attr(feature = "schema", schemars(with = "schema::Instant"))]
    pub expires_at: Timestamp,
    pub me: Me,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ForgotRequest {
    /// Username or e-mail, as typed.
    pub login: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResetRequest {
    pub token: String,
    pub new_password: Password,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: Password,
}

/// The account owner's biodata. The NIK is shown but can never change (R-P-1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Me {
    pub username: Username,
    pub email: Email,
    pub full_name: PersonName,
    pub nik: Nik,
    pub kk: KkNumber,
    pub birth_place: FreeText,
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub birth_date: Date,
    pub sex: Sex,
    pub phone: PhoneNumber,
    pub has_photo: bool,
}

/// Everything of [`Me`] that may change; no NIK here (R-P-1).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpdateProfileRequest {
    pub full_name: PersonName,
    pub kk: KkNumber,
    pub birth_place: FreeText,
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub birth_date: Date,
    pub sex: Sex,
    pub phone: PhoneNumber,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Slot {
    pub id: i64,
    /// Local time at the office, "08:00".
    pub start: String,
    pub end: String,
    pub capacity: u32,
    pub places_left: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CalendarDay {
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub date: Date,
    pub status: DayStatus,
    /// Empty unless the day's quota is released.
    pub slots: Vec<Slot>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MonthCalendar {
    pub office_id: i64,
    pub year: i16,
    pub month: i8,
    pub days: Vec<CalendarDay>,
}

/// The old passport of a renewal, from its MRZ read or typed by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OldPassport {
    pub number: PassportNumber,
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub expiry_date: Date,
    /// True when the data came from an MRZ read whose check digits all passed.
    pub mrz_verified: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApplicantInput {
    pub full_name: PersonName,
    pub nik: Nik,
    pub kk: KkNumber,
    pub birth_place: FreeText,
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub birth_date: Date,
    pub sex: Sex,
    /// `None` for the first applicant, the account owner (R-Q-7).
    pub relation: Option<Relation>,
    pub application_type: ApplicationType,
    /// Required for a renewal (R-Q-6).
    pub old_passport: Option<OldPassport>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreateBookingRequest {
    pub office_id: i64,
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub date: Date,
    pub slot_id: i64,
    pub applicants: Vec<ApplicantInput>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Active,
    Cancelled,
    /// The day has passed.
    Done,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BookedApplicant {
    pub full_name: PersonName,
    pub nik: Nik,
    pub relation: Option<Relation>,
    pub application_type: ApplicationType,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Booking {
    /// Short, unambiguous, not guessable (e.g. `K7QM-3XWP`).
    pub code: String,
    pub office: Office,
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub date: Date,
    pub slot: Slot,
    pub applicants: Vec<BookedApplicant>,
    pub status: BookingStatus,
    #[cfg_attr(feature = "schema", schemars(with = "schema::Instant"))]
    pub created_at: Timestamp,
    /// R-S-1: from this instant the booking can no longer be cancelled.
    #[cfg_attr(feature = "schema", schemars(with = "schema::Instant"))]
    pub cancel_deadline: Timestamp,
}

/// Passport data of a lapor diri (R-LD-1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PassportData {
    pub number: PassportNumber,
    /// Empty for mononyms.
    pub surname: String,
    pub given_names: FreeText,
    pub nationality: CountryCode,
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub birth_date: Date,
    pub sex: Sex,
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub expiry_date: Date,
    pub mrz_verified: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LaporDiriRequest {
    pub passport: PassportData,
    pub country: FreeText,
    pub city: FreeText,
    pub address: FreeText,
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub stay_from: Date,
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub stay_until: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LaporDiriReport {
    pub id: i64,
    pub passport: PassportData,
    pub country: FreeText,
    pub city: FreeText,
    pub address: FreeText,
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub stay_from: Date,
    #[cfg_attr(feature = "schema", schemars(with = "schema::IsoDate"))]
    pub stay_until: Date,
    #[cfg_attr(feature = "schema", schemars(with = "schema::Instant"))]
    pub created_at: Timestamp,
}

/// R-Q-9: asks the account that owns `nik` (if any) to let this account
/// book for it. The reply is the same whether or not such an account exists.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FamilyLinkRequest {
    pub nik: Nik,
}

/// A link this account asked for. `accepted` turns true only when the
/// NIK's owner accepts; a NIK of nobody's account stays pending (and needs
/// no consent to be booked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OutgoingFamilyLink {
    pub id: i64,
    pub nik: Nik,
    pub accepted: bool,
}

/// A link another account asks of this one (for this account's NIK).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IncomingFamilyLink {
    pub id: i64,
    pub from_name: PersonName,
    pub from_username: Username,
    pub accepted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FamilyLinks {
    pub outgoing: Vec<OutgoingFamilyLink>,
    pub incoming: Vec<IncomingFamilyLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContentSection {
    pub id: String,
    pub title: String,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Content {
    pub lang: String,
    pub title: String,
    pub sections: Vec<ContentSection>,
}

/// JSON Schemas for the values the API carries as strings (feature `schema`,
/// used by the server's `/openapi.json`). The domain types parse rather than
/// derive, so their schemas are written beside them here from the same
/// constants and variant lists the parsers use; string enums list exactly the
/// wire forms of their `ALL`.
#[cfg(feature = "schema")]
pub mod schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

    use crate::{
        ActivationCode, ApplicationType, CountryCode, DayStatus, Email, ErrorCode, FieldId,
        FieldPath, FreeText, KkNumber, LoginId, Nik, OfficeTimeZone, PassportNumber, Password,
        PersonName, PhoneNumber, Relation, Sex, Username,
    };

    /// `jiff::civil::Date` on the wire: `"2026-05-15"`.
    pub struct IsoDate;
    /// `jiff::Timestamp` on the wire: RFC 3339 in UTC, `"2026-05-15T01:00:00Z"`.
    pub struct Instant;

    macro_rules! string_schema {
        ($t:ty, $name:literal, $schema:expr) => {
            impl JsonSchema for $t {
                fn schema_name() -> Cow<'static, str> {
                    $name.into()
                }
                fn json_schema(_: &mut SchemaGenerator) -> Schema {
                    $schema
                }
            }
        };
    }

    macro_rules! enum_schema {
        ($t:ty, $name:literal, $doc:literal) => {
            string_schema!(
                $t,
                $name,
                json_schema!({
                    "type": "string",
                    "description": $doc,
                    "enum": <$t>::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
                })
            );
        };
    }

    string_schema!(
        IsoDate,
        "Date",
        json_schema!({"type": "string", "format": "date"})
    );
    string_schema!(
        Instant,
        "Timestamp",
        json_schema!({"type": "string", "format": "date-time"})
    );
    string_schema!(
        Nik,
        "Nik",
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{16}$",
            "description": "NIK (R-REG-2): province, regency, district, birth date DDMMYY (women +40 on the day), serial not 0000",
        })
    );
    string_schema!(
        KkNumber,
        "KkNumber",
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{16}$",
            "description": "Family card (KK) number, 16 digits (R-REG-2)",
        })
    );
    string_schema!(
        Email,
        "Email",
        json_schema!({"type": "string", "format": "email", "maxLength": 254, "description": "Stored and compared in lower case (R-REG-4)"})
    );
    string_schema!(
        Username,
        "Username",
        json_schema!({
            "type": "string",
            "minLength": 3,
            "maxLength": 30,
            "description": "3–30 of a–z, 0–9, '.', '_', starting with a letter; case-insensitive (R-REG-4)",
        })
    );
    string_schema!(
        LoginId,
        "LoginId",
        json_schema!({"type": "string", "minLength": 3, "maxLength": 254, "description": "An e-mail when it has an '@', a username otherwise (R-AUTH-1)"})
    );
    string_schema!(
        Password,
        "Password",
        json_schema!({
            "type": "string",
            "minLength": Password::MIN_CHARS,
            "maxLength": Password::MAX_CHARS,
            "writeOnly": true,
            "description": "R-PWD-2",
        })
    );
    string_schema!(
        PhoneNumber,
        "PhoneNumber",
        json_schema!({
            "type": "string",
            "maxLength": 32,
            "description": "Typed as 08…, +62… or 0062…; replied in E.164, \"+6281234567890\"",
        })
    );
    string_schema!(
        PersonName,
        "PersonName",
        json_schema!({
            "type": "string",
            "minLength": 1,
            "maxLength": PersonName::MAX_CHARS,
            "description": "Letters, spaces and . , ' -",
        })
    );
    string_schema!(
        PassportNumber,
        "PassportNumber",
        json_schema!({
            "type": "string",
            "maxLength": 18,
            "description": "1–9 letters and digits once spaces and MRZ fillers are removed; replied in upper case",
        })
    );
    string_schema!(
        FreeText,
        "FreeText",
        json_schema!({
            "type": "string",
            "minLength": 1,
            "maxLength": FreeText::MAX_CHARS,
            "description": "Trimmed; not blank",
        })
    );
    string_schema!(
        CountryCode,
        "CountryCode",
        json_schema!({
            "type": "string",
            "pattern": "^([A-Z]{3}|D)$",
            "description": "ICAO 9303 nationality as in the MRZ: ISO 3166-1 alpha-3 or ICAO's own (UTO, XXA…), D for Germany",
        })
    );
    string_schema!(
        ActivationCode,
        "ActivationCode",
        json_schema!({
            "type": "string",
            "pattern": "^[0-9]{6}$",
            "description": "The 6 digits of the activation e-mail (R-REG-5); spaces and dashes are dropped",
        })
    );
    string_schema!(
        FieldPath,
        "FieldPath",
        json_schema!({
            "type": "string",
            "pattern": field_path_pattern(),
            "description": "A field of the request: `nik`, `passport.number`, `applicants[1].old_passport.number`",
        })
    );

    /// Field names joined by dots, each maybe with a list index.
    fn field_path_pattern() -> String {
        let names: Vec<&str> = FieldId::ALL.iter().map(FieldId::as_str).collect();
        let step = format!(r"({})(\[[0-9]+\])?", names.join("|"));
        format!(r"^{step}(\.{step})*$")
    }

    enum_schema!(
        ErrorCode,
        "ErrorCode",
        "Why a request or one of its fields was refused; the app translates it"
    );
    enum_schema!(Sex, "Sex", "Sex as on the KTP");
    enum_schema!(
        Relation,
        "Relation",
        "Relation to the account owner (R-Q-7)"
    );
    enum_schema!(
        ApplicationType,
        "ApplicationType",
        "New passport or renewal/replacement (R-Q-6)"
    );
    enum_schema!(
        DayStatus,
        "DayStatus",
        "available = green, full = red, not_released = yellow, closed = grey (R-Q-4)"
    );
    enum_schema!(
        OfficeTimeZone,
        "OfficeTimeZone",
        "WIB (UTC+7), WITA (UTC+8) or WIT (UTC+9)"
    );
}
