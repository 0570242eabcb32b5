//! Properties over arbitrary input: every valid value survives Display → parse
//! and serde unchanged, and no string makes a parser panic.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use paspor_domain::calendar::{DayFacts, day_status};
use paspor_domain::rules::{can_cancel, cancel_deadline, next_booking_allowed_from};
use paspor_domain::*;
use proptest::prelude::*;

const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
    71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
];

/// A structurally valid NIK built from its parts, with the parts kept so the
/// test can check what parsing extracts.
fn nik_parts() -> impl Strategy<Value = (u8, u8, u8, Date, Sex, u16)> {
    (
        prop::sample::select(PROVINCES),
        1u8..=99,
        1u8..=99,
        (1940i16..=2039, 1i8..=12, 1i8..=31),
        prop::sample::select(Sex::ALL),
        1u16..=9999,
    )
        .prop_filter_map("real date", |(p, r, d, (y, m, day), sex, serial)| {
            Date::new(y, m, day)
                .ok()
                .map(|dt| (p, r, d, dt, sex, serial))
        })
}

fn nik_string(p: u8, r: u8, d: u8, birth: Date, sex: Sex, serial: u16) -> String {
    let day = birth.day() + if sex == Sex::Female { 40 } else { 0 };
    format!(
        "{p:02}{r:02}{d:02}{day:02}{:02}{:02}{serial:04}",
        birth.month(),
        birth.year() % 100
    )
}

fn roundtrip<T>(v: &T)
where
    T: std::fmt::Display
        + std::str::FromStr
        + PartialEq
        + std::fmt::Debug
        + serde::Serialize
        + serde::de::DeserializeOwned,
    <T as std::str::FromStr>::Err: std::fmt::Debug,
{
    let again: T = v.to_string().parse().expect("display parses back");
    assert_eq!(&again, v);
    let json = serde_json::to_string(v).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), v);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn nik_extracts_what_was_encoded((p, r, d, birth, sex, serial) in nik_parts()) {
        let nik = Nik::parse(&nik_string(p, r, d, birth, sex, serial)).unwrap();
        let info = nik.info();
        prop_assert_eq!((info.province, info.regency, info.district, info.serial), (p, r, d, serial));
        prop_assert_eq!(info.sex, sex);
        prop_assert_eq!((info.day, info.month), (birth.day(), birth.month()));
        // Read on a day after the birth and within a century of it, the NIK
        // gives back the exact birth date.
        let today = birth.saturating_add(30.years());
        prop_assert_eq!(nik.birth_date(today), Some(birth));
        prop_assert!(nik.warnings(birth, sex, today).is_empty());
        roundtrip(&nik);
    }

    #[test]
    fn kk_round_trips(p in prop::sample::select(PROVINCES), rest in "[0-9]{14}") {
        roundtrip(&KkNumber::parse(&format!("{p:02}{rest}")).unwrap());
    }

    #[test]
    fn email_round_trips(local in "[a-z0-9][a-z0-9._+-]{0,20}[a-z0-9]", host in "[a-z0-9]{1,10}(-[a-z0-9]{1,5})?", tld in "[a-z]{2,6}") {
        let e = Email::parse(&format!("{local}@{host}.{tld}"));
        prop_assume!(!local.contains(".."));
        roundtrip(&e.unwrap());
    }

    #[test]
    fn username_round_trips(s in "[a-zA-Z][a-zA-Z0-9._]{2,29}") {
        let u = Username::parse(&s).unwrap();
        prop_assert_eq!(u.as_str(), s.to_lowercase());
        roundtrip(&u);
    }

    #[test]
    fn phone_round_trips(rest in "8[1-9][0-9]{7,10}") {
        let local = PhoneNumber::parse(&format!("0{rest}")).unwrap();
        let intl = PhoneNumber::parse(&format!("+62 {rest}")).unwrap();
        prop_assert_eq!(&local, &intl);
        roundtrip(&local);
    }

    #[test]
    fn passport_and_name_round_trip(pn in "[A-Z]{0,2}[0-9]{1,7}", name in "[A-Za-z][A-Za-z .'-]{0,60}") {
        roundtrip(&PassportNumber::parse(&pn).unwrap());
        roundtrip(&PersonName::parse(&name).unwrap());
    }

    #[test]
    fn password_serde_round_trips(s in "[ -~]{8,128}") {
        prop_assume!(!s.trim().is_empty());
        let p = Password::parse(&s).unwrap();
        let back: Password = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        prop_assert_eq!(back.expose(), s.as_str());
    }

    #[test]
    fn no_string_makes_a_parser_panic(s in any::<String>()) {
        let _ = Nik::parse(&s);
        let _ = KkNumber::parse(&s);
        let _ = Email::parse(&s);
        let _ = Username::parse(&s);
        let _ = LoginId::parse(&s);
        let _ = Password::parse(&s);
        let _ = PhoneNumber::parse(&s);
        let _ = PassportNumber::parse(&s);
        let _ = PersonName::parse(&s);
        let _ = s.parse::<Sex>();
        let _ = s.parse::<Relation>();
        let _ = s.parse::<ApplicationType>();
        let _ = s.parse::<OfficeTimeZone>();
        let _ = s.parse::<DayStatus>();
        let _ = FreeText::parse(&s);
        let _ = CountryCode::parse(&s);
        let _ = ActivationCode::parse(&s);
        let _ = s.parse::<FieldPath>();
        let _ = ErrorCode::from(s.as_str());
    }

    #[test]
    fn new_types_round_trip(
        text in "[^\\s]([^\\x00]{0,50}[^\\s])?",
        country in "[A-Z]{3}",
        n in 0u32..1_000_000,
    ) {
        roundtrip(&FreeText::parse(&text).unwrap());
        roundtrip(&CountryCode::parse(&country).unwrap());
        let code = ActivationCode::from_number(n);
        prop_assert_eq!(ActivationCode::parse(code.as_str()).unwrap(), code.clone());
        roundtrip(&code);
    }

    #[test]
    fn field_paths_survive_display_and_parse(
        steps in prop::collection::vec(("[a-z_]{1,12}", prop::option::of(0usize..100)), 1..4)
    ) {
        let text = steps
            .iter()
            .map(|(name, i)| match i {
                Some(i) => format!("{name}[{i}]"),
                None => name.clone(),
            })
            .collect::<Vec<_>>()
            .join(".");
        let path: FieldPath = text.parse().unwrap();
        prop_assert_eq!(path.to_string(), text);
        prop_assert_eq!(path.steps().count(), steps.len());
    }

    #[test]
    fn a_stay_parses_exactly_when_it_does_not_end_before_it_starts(a in 0i32..3650, b in 0i32..3650) {
        let (from, until) = (date(2026, 1, 1).checked_add(a.days()).unwrap(), date(2026, 1, 1).checked_add(b.days()).unwrap());
        prop_assert_eq!(StayPeriod::new(from, until).is_ok(), from <= until);
    }

    #[test]
    fn digit_strings_never_panic(s in "[0-9 .-]{0,24}") {
        if let Ok(n) = Nik::parse(&s) {
            prop_assert_eq!(n.as_str().len(), 16);
            let _ = n.birth_date(date(2026, 11, 24));
            let _ = n.masked();
        }
    }

    #[test]
    fn a_booking_is_cancellable_exactly_before_its_deadline(
        days in 0i32..3650, secs in -200_000i64..200_000, tz in prop::sample::select(OfficeTimeZone::ALL)
    ) {
        let day = date(2026, 1, 1).checked_add(days.days()).unwrap();
        let deadline = cancel_deadline(day, tz).unwrap();
        let now = deadline.checked_add(secs.seconds()).unwrap();
        prop_assert_eq!(can_cancel(day, tz, now), secs < 0);
        // The deadline is at least two full days before the day starts there.
        let day_start = day.to_zoned_datetime(tz.time_zone()).unwrap().timestamp();
        prop_assert_eq!(day_start.duration_since(deadline).as_secs(), 2 * 86_400);
    }

    #[test]
    fn next_booking_is_never_earlier_than_28_days(days in 0i32..3650) {
        let prev = date(2026, 1, 1).checked_add(days.days()).unwrap();
        let next = next_booking_allowed_from(prev);
        let days_between = prev.until((jiff::Unit::Day, next)).unwrap().get_days();
        prop_assert!((28..=31).contains(&days_between), "{prev} -> {next}");
    }

    #[test]
    fn only_future_open_released_days_with_places_are_green(
        offset in -10i32..60, holiday: bool, released: bool, places in 0u32..5
    ) {
        let today = date(2026, 11, 24);
        let d = today.checked_add(offset.days()).unwrap();
        let status = day_status(DayFacts { date: d, holiday, released, places_left: places }, today);
        let open = !matches!(d.weekday(), jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday);
        prop_assert_eq!(status.is_bookable(), offset > 0 && open && !holiday && released && places > 0);
        roundtrip(&status);
    }
}

#[test]
fn error_codes_are_unique_and_snake_case() {
    let samples = [
        DomainError::Required {
            field: Some(FieldId::Nik),
        },
        DomainError::TextTooLong { max: 1 },
        DomainError::NikFormat,
        DomainError::NikProvince(1),
        DomainError::NikRegion,
        DomainError::NikBirthDate,
        DomainError::NikSerial,
        DomainError::KkFormat,
        DomainError::KkProvince(1),
        DomainError::Email,
        DomainError::Username,
        DomainError::PasswordTooShort { min: 8 },
        DomainError::PasswordTooLong { max: 1 },
        DomainError::PasswordBlank,
        DomainError::Phone,
        DomainError::PassportNumber,
        DomainError::PersonName,
        DomainError::CountryCode,
        DomainError::ActivationCode,
        DomainError::StayOrder,
        DomainError::UnknownVariant {
            field: FieldId::Sex,
            value: String::new(),
        },
        DomainError::ApplicantCount { count: 0 },
        DomainError::FirstApplicantNotOwner,
        DomainError::NotSameFamilyCard { index: 1 },
        DomainError::RelationMissing { index: 1 },
        DomainError::OwnerHasRelation,
        DomainError::DuplicateApplicant { index: 1 },
        DomainError::NikAlreadyBooked { nik: String::new() },
        DomainError::TooSoonAfterPreviousBooking {
            allowed_from: date(2026, 1, 1),
        },
        DomainError::DayNotBookable {
            status: DayStatus::Full,
        },
        DomainError::CancelDeadlinePassed,
        DomainError::DateOutOfRange,
    ];
    let codes: Vec<ErrorCode> = samples.iter().map(DomainError::code).collect();
    assert!(
        codes.iter().all(|c| ErrorCode::ALL.contains(c)),
        "every domain code is a known word of the vocabulary"
    );
    let mut codes: Vec<&str> = codes.iter().map(ErrorCode::as_str).collect();
    assert!(
        codes
            .iter()
            .all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
    );
    codes.sort();
    let n = codes.len();
    codes.dedup();
    assert_eq!(codes.len(), n, "duplicate error code");
    assert!(samples.iter().all(|e| !e.to_string().is_empty()));
}

#[test]
fn invalid_values_are_refused_when_deserialising() {
    assert!(serde_json::from_str::<Nik>("\"1234\"").is_err());
    assert!(serde_json::from_str::<Email>("\"not-an-email\"").is_err());
    assert!(serde_json::from_str::<Password>("\"short\"").is_err());
    let e: Email = serde_json::from_str("\"Budi@Mail.COM\"").unwrap();
    assert_eq!(e.as_str(), "budi@mail.com");
}
