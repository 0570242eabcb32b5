use thiserror::Error;

/// Every way a domain value or rule can refuse its input.
///
/// Each variant has a stable machine code ([`DomainError::code`]) that the API
/// sends to the app and the app maps to a translated message; the English
/// `Display` text is for logs and developers. Parse errors also name the form
/// field they belong to ([`DomainError::field`]) so errors can be shown per field
/// (R-REG-1).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DomainError {
    #[error("{field} is required")]
    Required { field: &'static str },
    #[error("NIK must be exactly 16 digits")]
    NikFormat,
    #[error("NIK starts with an unknown province code {0:02}")]
    NikProvince(u8),
    #[error("NIK has a zero regency or district code")]
    NikRegion,
    #[error("NIK holds no valid birth date")]
    NikBirthDate,
    #[error("NIK serial number cannot be 0000")]
    NikSerial,
    #[error("KK number must be exactly 16 digits")]
    KkFormat,
    #[error("KK number starts with an unknown province code {0:02}")]
    KkProvince(u8),
    #[error("e-mail address is not valid")]
    Email,
    #[error("username must be 3 to 30 characters: a letter, then letters, digits, '.' or '_'")]
    Username,
    #[error("password must have at least {min} characters")]
    PasswordTooShort { min: usize },
    #[error("password must have at most {max} characters")]
    PasswordTooLong { max: usize },
    #[error("password cannot be only spaces")]
    PasswordBlank,
    #[error("phone number is not valid")]
    Phone,
    #[error("passport number must be 1 to 9 letters or digits with at least one digit")]
    PassportNumber,
    #[error("name must be 1 to {max} letters, spaces, or . , ' -", max = crate::PersonName::MAX_CHARS)]
    PersonName,
    #[error("unknown value {value:?} for {field}")]
    UnknownVariant { field: &'static str, value: String },
    #[error("a booking holds 1 to {max} applicants, not {count}", max = crate::rules::MAX_APPLICANTS)]
    ApplicantCount { count: usize },
    #[error("the first applicant must be the account owner")]
    FirstApplicantNotOwner,
    #[error("applicant {index} is not on the owner's family card (KK)")]
    NotSameFamilyCard { index: usize },
    #[error("applicant {index} needs a relation to the account owner")]
    RelationMissing { index: usize },
    #[error("the account owner cannot have a relation to themself")]
    OwnerHasRelation,
    #[error("the same NIK appears twice in one booking")]
    DuplicateApplicant { index: usize },
    #[error("NIK {nik} already holds an active booking")]
    NikAlreadyBooked { nik: String },
    #[error("a new booking is possible from {allowed_from} (one month after the previous one)")]
    TooSoonAfterPreviousBooking { allowed_from: jiff::civil::Date },
    #[error("this day cannot be booked: {status}")]
    DayNotBookable { status: crate::calendar::DayStatus },
    #[error("the cancellation deadline has passed")]
    CancelDeadlinePassed,
    #[error("date or time is out of range")]
    DateOutOfRange,
}

impl DomainError {
    /// The stable machine code sent over the API. Never rename one: apps in the
    /// field match on them.
    pub fn code(&self) -> &'static str {
        use DomainError::*;
        match self {
            Required { .. } => "required",
            NikFormat => "nik_format",
            NikProvince(_) => "nik_province",
            NikRegion => "nik_region",
            NikBirthDate => "nik_birth_date",
            NikSerial => "nik_serial",
            KkFormat => "kk_format",
            KkProvince(_) => "kk_province",
            Email => "email_invalid",
            Username => "username_invalid",
            PasswordTooShort { .. } => "password_too_short",
            PasswordTooLong { .. } => "password_too_long",
            PasswordBlank => "password_blank",
            Phone => "phone_invalid",
            PassportNumber => "passport_number_invalid",
            PersonName => "name_invalid",
            UnknownVariant { .. } => "unknown_value",
            ApplicantCount { .. } => "applicant_count",
            FirstApplicantNotOwner => "first_applicant_not_owner",
            NotSameFamilyCard { .. } => "not_same_family_card",
            RelationMissing { .. } => "relation_missing",
            OwnerHasRelation => "owner_has_relation",
            DuplicateApplicant { .. } => "duplicate_applicant",
            NikAlreadyBooked { .. } => "nik_already_booked",
            TooSoonAfterPreviousBooking { .. } => "too_soon_after_previous_booking",
            DayNotBookable { .. } => "day_not_bookable",
            CancelDeadlinePassed => "cancel_deadline_passed",
            DateOutOfRange => "date_out_of_range",
        }
    }

    /// The form field this error belongs to, when it belongs to one.
    pub fn field(&self) -> Option<&'static str> {
        use DomainError::*;
        Some(match self {
            Required { field } | UnknownVariant { field, .. } => field,
            NikFormat | NikProvince(_) | NikRegion | NikBirthDate | NikSerial => "nik",
            KkFormat | KkProvince(_) => "kk",
            Email => "email",
            Username => "username",
            PasswordTooShort { .. } | PasswordTooLong { .. } | PasswordBlank => "password",
            Phone => "phone",
            PassportNumber => "passport_number",
            PersonName => "name",
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_name_their_field() {
        assert_eq!(crate::Nik::parse("1").unwrap_err().field(), Some("nik"));
        assert_eq!(crate::KkNumber::parse("1").unwrap_err().field(), Some("kk"));
        assert_eq!(crate::Email::parse("x").unwrap_err().field(), Some("email"));
        assert_eq!(
            crate::Password::parse("x").unwrap_err().field(),
            Some("password")
        );
        assert_eq!(
            crate::PhoneNumber::parse("x").unwrap_err().field(),
            Some("phone")
        );
        assert_eq!("x".parse::<crate::Sex>().unwrap_err().field(), Some("sex"));
    }

    #[test]
    fn rule_errors_belong_to_no_single_field() {
        assert_eq!(DomainError::CancelDeadlinePassed.field(), None);
        assert_eq!(DomainError::ApplicantCount { count: 6 }.field(), None);
        assert!(
            DomainError::ApplicantCount { count: 6 }
                .to_string()
                .contains("1 to 5")
        );
    }

    #[test]
    fn unknown_values_are_cut_short_in_errors() {
        let long = "x".repeat(10_000);
        match long.parse::<crate::Relation>().unwrap_err() {
            DomainError::UnknownVariant { value, .. } => assert_eq!(value.len(), 40),
            e => panic!("unexpected {e:?}"),
        }
    }
}
