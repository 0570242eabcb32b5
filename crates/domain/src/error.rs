use thiserror::Error;

use crate::{ErrorCode, FieldId};

/// Every way a domain value or rule can refuse its input.
///
/// Each variant has a stable [`ErrorCode`] ([`DomainError::code`]) that the
/// API sends to the app and the app maps to a translated message; the English
/// `Display` text is for logs and developers. Errors of values that always
/// fill the same field also name it ([`DomainError::field`]) so they can be
/// shown per field (R-REG-1).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DomainError {
    /// `field` is `None` for [`crate::FreeText`], which fills many fields.
    #[error("{} is required", field.as_ref().map_or("a value", FieldId::as_str))]
    Required { field: Option<FieldId> },
    #[error("text must have at most {max} characters")]
    TextTooLong { max: usize },
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
    #[error("not a 3-letter ICAO country code")]
    CountryCode,
    #[error("the activation code has 6 digits")]
    ActivationCode,
    #[error("the stay ends before it starts")]
    StayOrder,
    #[error("unknown value {value:?} for {field}")]
    UnknownVariant { field: FieldId, value: String },
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
    pub fn code(&self) -> ErrorCode {
        use DomainError::*;
        match self {
            Required { .. } => ErrorCode::Required,
            TextTooLong { .. } => ErrorCode::TooLong,
            NikFormat => ErrorCode::NikFormat,
            NikProvince(_) => ErrorCode::NikProvince,
            NikRegion => ErrorCode::NikRegion,
            NikBirthDate => ErrorCode::NikBirthDate,
            NikSerial => ErrorCode::NikSerial,
            KkFormat => ErrorCode::KkFormat,
            KkProvince(_) => ErrorCode::KkProvince,
            Email => ErrorCode::EmailInvalid,
            Username => ErrorCode::UsernameInvalid,
            PasswordTooShort { .. } => ErrorCode::PasswordTooShort,
            PasswordTooLong { .. } => ErrorCode::PasswordTooLong,
            PasswordBlank => ErrorCode::PasswordBlank,
            Phone => ErrorCode::PhoneInvalid,
            PassportNumber => ErrorCode::PassportNumberInvalid,
            PersonName => ErrorCode::NameInvalid,
            CountryCode => ErrorCode::NationalityInvalid,
            ActivationCode => ErrorCode::ActivationCodeInvalid,
            StayOrder => ErrorCode::BeforeStayFrom,
            UnknownVariant { .. } => ErrorCode::UnknownValue,
            ApplicantCount { .. } => ErrorCode::ApplicantCount,
            FirstApplicantNotOwner => ErrorCode::FirstApplicantNotOwner,
            NotSameFamilyCard { .. } => ErrorCode::NotSameFamilyCard,
            RelationMissing { .. } => ErrorCode::RelationMissing,
            OwnerHasRelation => ErrorCode::OwnerHasRelation,
            DuplicateApplicant { .. } => ErrorCode::DuplicateApplicant,
            NikAlreadyBooked { .. } => ErrorCode::NikAlreadyBooked,
            TooSoonAfterPreviousBooking { .. } => ErrorCode::TooSoonAfterPreviousBooking,
            DayNotBookable { .. } => ErrorCode::DayNotBookable,
            CancelDeadlinePassed => ErrorCode::CancelDeadlinePassed,
            DateOutOfRange => ErrorCode::DateOutOfRange,
        }
    }

    /// The field this error belongs to, when it always belongs to the same one.
    pub fn field(&self) -> Option<FieldId> {
        use DomainError::*;
        Some(match self {
            Required { field } => return field.clone(),
            UnknownVariant { field, .. } => field.clone(),
            NikFormat | NikProvince(_) | NikRegion | NikBirthDate | NikSerial => FieldId::Nik,
            KkFormat | KkProvince(_) => FieldId::Kk,
            Email => FieldId::Email,
            Username => FieldId::Username,
            PasswordTooShort { .. } | PasswordTooLong { .. } | PasswordBlank => FieldId::Password,
            Phone => FieldId::Phone,
            PassportNumber => FieldId::Number,
            PersonName => FieldId::FullName,
            CountryCode => FieldId::Nationality,
            ActivationCode => FieldId::Code,
            StayOrder => FieldId::StayUntil,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_name_their_field() {
        let field = |e: DomainError| e.field();
        assert_eq!(
            field(crate::Nik::parse("1").unwrap_err()),
            Some(FieldId::Nik)
        );
        assert_eq!(
            field(crate::KkNumber::parse("1").unwrap_err()),
            Some(FieldId::Kk)
        );
        assert_eq!(
            field(crate::Email::parse("x").unwrap_err()),
            Some(FieldId::Email)
        );
        assert_eq!(
            field(crate::Password::parse("x").unwrap_err()),
            Some(FieldId::Password)
        );
        assert_eq!(
            field(crate::PhoneNumber::parse("x").unwrap_err()),
            Some(FieldId::Phone)
        );
        assert_eq!(
            field("x".parse::<crate::Sex>().unwrap_err()),
            Some(FieldId::Sex)
        );
        assert_eq!(
            field(crate::CountryCode::parse("x").unwrap_err()),
            Some(FieldId::Nationality)
        );
        assert_eq!(
            field(crate::ActivationCode::parse("x").unwrap_err()),
            Some(FieldId::Code)
        );
        assert_eq!(field(crate::FreeText::parse("").unwrap_err()), None);
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
