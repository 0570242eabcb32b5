//! The words server, client and app share for what went wrong and where:
//! [`ErrorCode`] and [`FieldId`], joined into a [`FieldPath`] for fields of
//! nested objects and lists.
//!
//! Each travels as the snake_case string it always has; never rename one,
//! apps in the field match on them. A word this build does not know (a newer
//! server's) parses to `Unknown` instead of failing, so an older app still
//! reads the rest of a refusal.
//!
//! ```
//! use paspor_domain::{ErrorCode, FieldId, FieldPath};
//! let path: FieldPath = "applicants[1].nik".parse()?;
//! assert_eq!(path, FieldPath::from(FieldId::Applicants).at(1).then(FieldId::Nik));
//! assert_eq!(ErrorCode::from("nik_birth_date"), ErrorCode::NikBirthDate);
//! assert_eq!(ErrorCode::from("from_the_future"), ErrorCode::Unknown("from_the_future".into()));
//! # Ok::<(), paspor_domain::FieldPathError>(())
//! ```

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A closed list of wire names plus `Unknown(String)`. Equality, order and
/// hashing go by the wire name, so `Unknown("nik")` and `Nik` are one word.
macro_rules! open_enum {
    ($(#[$meta:meta])* $t:ident { $($(#[$vmeta:meta])* $v:ident => $s:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub enum $t {
            $($(#[$vmeta])* $v,)+
            /// A name this build does not know, kept as it was sent.
            Unknown(String),
        }

        impl $t {
            /// Every known value.
            pub const ALL: &'static [$t] = &[$($t::$v),+];

            /// The wire name, when this build knows it.
            pub fn known(&self) -> Option<&'static str> {
                match self {
                    $($t::$v => Some($s),)+
                    $t::Unknown(_) => None,
                }
            }

            pub fn as_str(&self) -> &str {
                match self {
                    $($t::$v => $s,)+
                    $t::Unknown(s) => s,
                }
            }
        }

        impl From<&str> for $t {
            fn from(s: &str) -> $t {
                match s {
                    $($s => $t::$v,)+
                    other => $t::Unknown(other.to_owned()),
                }
            }
        }

        impl PartialEq for $t {
            fn eq(&self, other: &$t) -> bool {
                self.as_str() == other.as_str()
            }
        }
        impl Eq for $t {}
        impl std::hash::Hash for $t {
            fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
                self.as_str().hash(h)
            }
        }
        impl PartialOrd for $t {
            fn partial_cmp(&self, other: &$t) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }
        impl Ord for $t {
            fn cmp(&self, other: &$t) -> std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                String::deserialize(d).map(|s| $t::from(s.as_str()))
            }
        }
    };
}

open_enum! {
    /// Why the server refused a request, or what is wrong with one field of
    /// it. The app has a message for each, in both languages.
    ErrorCode {
        // The request as a whole.
        /// Some fields are wrong; `fields` says which and why.
        Validation => "validation",
        /// Not JSON, or JSON of another shape.
        BadBody => "bad_body",
        EmailTaken => "email_taken",
        UsernameTaken => "username_taken",
        NikTaken => "nik_taken",
        /// R-REG-3.
        DeviceAlreadyRegistered => "device_already_registered",
        InvalidCredentials => "invalid_credentials",
        AccountInactive => "account_inactive",
        /// Missing, expired or revoked session.
        Unauthorized => "unauthorized",
        WrongPassword => "wrong_password",
        /// An activation code or e-mailed link that is wrong, used or expired.
        InvalidToken => "invalid_token",
        RateLimited => "rate_limited",
        /// The server is at its limit of password checks; retry after
        /// `Retry-After` seconds (503).
        Busy => "busy",
        /// The database cannot be reached for a moment (restarting, failing
        /// over); `Retry-After` says when to try again. Nothing was done.
        Unavailable => "unavailable",
        /// No such method on this path (405).
        MethodNotAllowed => "method_not_allowed",
        /// The request body is larger than the endpoint takes (413).
        BodyTooLarge => "body_too_large",
        /// A request the server cannot read at all (a header, the content type).
        BadRequest => "bad_request",
        /// An `Idempotency-Key` already used for a request with another body.
        IdempotencyMismatch => "idempotency_mismatch",
        NotFound => "not_found",
        /// R-Q-1.
        NoOnlineQuota => "no_online_quota",
        /// R-Q-5: fewer places left than applicants.
        SlotFull => "slot_full",
        BadPhoto => "bad_photo",
        AlreadyCancelled => "already_cancelled",
        /// The server's fault; details are in its log only.
        Internal => "internal",
        // Booking rules (R-Q-*, R-S-1).
        ApplicantCount => "applicant_count",
        FirstApplicantNotOwner => "first_applicant_not_owner",
        NotSameFamilyCard => "not_same_family_card",
        RelationMissing => "relation_missing",
        OwnerHasRelation => "owner_has_relation",
        DuplicateApplicant => "duplicate_applicant",
        NikAlreadyBooked => "nik_already_booked",
        /// R-Q-9: the applicant's NIK belongs to an account that has not
        /// accepted a family link from this one.
        ConsentRequired => "consent_required",
        /// The population registry says this NIK, name and birth date do
        /// not belong together (only with a registry configured).
        NotInRegistry => "not_in_registry",
        TooSoonAfterPreviousBooking => "too_soon_after_previous_booking",
        DayNotBookable => "day_not_bookable",
        CancelDeadlinePassed => "cancel_deadline_passed",
        DateOutOfRange => "date_out_of_range",
        // One field.
        Required => "required",
        /// A value of the wrong JSON type.
        Invalid => "invalid",
        TooLong => "too_long",
        UnknownValue => "unknown_value",
        DateInvalid => "date_invalid",
        MonthInvalid => "month_invalid",
        NikFormat => "nik_format",
        NikProvince => "nik_province",
        NikRegion => "nik_region",
        NikBirthDate => "nik_birth_date",
        NikSerial => "nik_serial",
        KkFormat => "kk_format",
        KkProvince => "kk_province",
        EmailInvalid => "email_invalid",
        UsernameInvalid => "username_invalid",
        PasswordTooShort => "password_too_short",
        PasswordTooLong => "password_too_long",
        PasswordBlank => "password_blank",
        PhoneInvalid => "phone_invalid",
        NameInvalid => "name_invalid",
        PassportNumberInvalid => "passport_number_invalid",
        NationalityInvalid => "nationality_invalid",
        ActivationCodeInvalid => "activation_code_invalid",
        /// R-LD-1: a stay that ends before it starts.
        BeforeStayFrom => "before_stay_from",
        /// The slot is not on the requested date.
        SlotNotOnDate => "slot_not_on_date",
    }
}

open_enum! {
    /// A field of a request or reply, by its JSON name (or a header or query
    /// parameter, by the name the API gives it).
    FieldId {
        FullName => "full_name",
        Nik => "nik",
        Kk => "kk",
        BirthPlace => "birth_place",
        BirthDate => "birth_date",
        Sex => "sex",
        Email => "email",
        Username => "username",
        Phone => "phone",
        Password => "password",
        CurrentPassword => "current_password",
        NewPassword => "new_password",
        Login => "login",
        Code => "code",
        Token => "token",
        DeviceId => "device_id",
        OfficeId => "office_id",
        Date => "date",
        SlotId => "slot_id",
        Month => "month",
        Lang => "lang",
        Applicants => "applicants",
        Relation => "relation",
        ApplicationType => "application_type",
        OldPassport => "old_passport",
        Passport => "passport",
        Number => "number",
        Surname => "surname",
        GivenNames => "given_names",
        Nationality => "nationality",
        ExpiryDate => "expiry_date",
        MrzVerified => "mrz_verified",
        Country => "country",
        City => "city",
        Address => "address",
        StayFrom => "stay_from",
        StayUntil => "stay_until",
        Status => "status",
        TimeZone => "time_zone",
        /// A path parameter: an office's or a family link's id.
        Id => "id",
        Page => "page",
    }
}

/// One step of a [`FieldPath`]: a field, and the item of it when it is a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Step {
    pub field: FieldId,
    pub index: Option<usize>,
}

/// Where in a request a refusal points: `nik`, `passport.number`,
/// `applicants[1].old_passport.number`. Written as serde_path_to_error
/// prints paths, which is how the server finds them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldPath {
    /// The objects and list items the field sits in, outermost first.
    pub parents: Vec<Step>,
    pub leaf: Step,
}

/// A string that is no [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a field path: {0:?}")]
pub struct FieldPathError(String);

impl From<FieldId> for FieldPath {
    fn from(field: FieldId) -> FieldPath {
        FieldPath {
            parents: Vec::new(),
            leaf: Step { field, index: None },
        }
    }
}

impl FieldPath {
    /// The field the refusal is about, wherever it sits.
    pub fn field(&self) -> &FieldId {
        &self.leaf.field
    }

    /// The `index`-th item of this (list) field.
    pub fn at(mut self, index: usize) -> FieldPath {
        self.leaf.index = Some(index);
        self
    }

    /// `field` inside this one.
    pub fn then(mut self, field: FieldId) -> FieldPath {
        let outer = std::mem::replace(&mut self.leaf, Step { field, index: None });
        self.parents.push(outer);
        self
    }

    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.parents.iter().chain([&self.leaf])
    }
}

/// Step by step from the outermost, so a map of paths lists them as a map of
/// their strings would.
impl Ord for FieldPath {
    fn cmp(&self, other: &FieldPath) -> std::cmp::Ordering {
        self.steps().cmp(other.steps())
    }
}

impl PartialOrd for FieldPath {
    fn partial_cmp(&self, other: &FieldPath) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(step.field.as_str())?;
            if let Some(index) = step.index {
                write!(f, "[{index}]")?;
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for FieldPath {
    type Err = FieldPathError;

    fn from_str(s: &str) -> Result<FieldPath, FieldPathError> {
        let bad = || FieldPathError(s.chars().take(80).collect());
        let step = |part: &str| {
            let (name, index) = match part.split_once('[') {
                Some((name, rest)) => {
                    let digits = rest.strip_suffix(']').ok_or_else(bad)?;
                    (name, Some(digits.parse::<usize>().map_err(|_| bad())?))
                }
                None => (part, None),
            };
            let name_ok = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !name_ok {
                return Err(bad());
            }
            Ok(Step {
                field: FieldId::from(name),
                index,
            })
        };
        let mut parents = s.split('.').map(step).collect::<Result<Vec<_>, _>>()?;
        let leaf = parents.pop().ok_or_else(bad)?;
        Ok(FieldPath { parents, leaf })
    }
}

impl Serialize for FieldPath {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FieldPath {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FieldPath, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_word_round_trips_through_its_wire_name() {
        for c in ErrorCode::ALL {
            assert_eq!(ErrorCode::from(c.as_str()), *c);
            assert_eq!(c.known(), Some(c.as_str()));
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), *c);
        }
        for f in FieldId::ALL {
            assert_eq!(FieldId::from(f.as_str()), *f);
        }
        let mut names: Vec<&str> = ErrorCode::ALL.iter().map(ErrorCode::as_str).collect();
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n, "two codes share a wire name");
    }

    #[test]
    fn unknown_words_are_kept_not_refused() {
        let c: ErrorCode = serde_json::from_str("\"brand_new_rule\"").unwrap();
        assert_eq!(c, ErrorCode::Unknown("brand_new_rule".into()));
        assert_eq!(c.known(), None);
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"brand_new_rule\"");
        let p: FieldPath = "passport.middle_name".parse().unwrap();
        assert_eq!(p.field(), &FieldId::Unknown("middle_name".into()));
        assert_eq!(p.parents[0].field, FieldId::Passport);
    }

    #[test]
    fn field_paths_parse_and_print_as_the_server_writes_them() {
        for s in [
            "nik",
            "passport.number",
            "applicants[1].nik",
            "applicants[0].old_passport.number",
            "applicants[12]",
        ] {
            assert_eq!(s.parse::<FieldPath>().unwrap().to_string(), s);
        }
        let p: FieldPath = "applicants[0].old_passport.number".parse().unwrap();
        assert_eq!(
            p,
            FieldPath::from(FieldId::Applicants)
                .at(0)
                .then(FieldId::OldPassport)
                .then(FieldId::Number)
        );
        for bad in [
            "", ".", "nik.", "a[", "a[x]", "a[1", "a[-1]", "Nik", "a b", "a]",
        ] {
            assert!(bad.parse::<FieldPath>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn field_paths_are_map_keys_on_the_wire() {
        let json = r#"{"applicants[1].nik":"nik_birth_date","email":"required"}"#;
        let m: std::collections::BTreeMap<FieldPath, ErrorCode> =
            serde_json::from_str(json).unwrap();
        assert_eq!(
            m[&FieldPath::from(FieldId::Applicants)
                .at(1)
                .then(FieldId::Nik)],
            ErrorCode::NikBirthDate
        );
        assert_eq!(serde_json::to_string(&m).unwrap(), json);
    }
}
