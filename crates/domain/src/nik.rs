//! NIK (Nomor Induk Kependudukan, the KTP number) and KK (family card) number.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{DomainError, Sex};

/// Province codes in use by Dukcapil (Kemendagri), including the four Papuan
/// provinces created in 2022. A NIK or KK must start with one of them.
const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, // Sumatra, Riau Islands
    31, 32, 33, 34, 35, 36, // Java
    51, 52, 53, // Bali, Nusa Tenggara
    61, 62, 63, 64, 65, // Kalimantan
    71, 72, 73, 74, 75, 76, // Sulawesi
    81, 82, // Maluku
    91, 92, 93, 94, 95, 96, // Papua
];

fn province_known(code: u8) -> bool {
    PROVINCES.contains(&code)
}

/// Strips the spaces, dots and dashes people type into long numbers, and
/// returns the digits only if exactly 16 digits remain.
fn sixteen_digits(s: &str) -> Option<[u8; 16]> {
    let mut out = [0u8; 16];
    let mut n = 0;
    for c in s.chars() {
        match c {
            ' ' | '.' | '-' => continue,
            '0'..='9' if n < 16 => {
                out[n] = c as u8 - b'0';
                n += 1;
            }
            _ => return None,
        }
    }
    (n == 16).then_some(out)
}

fn two(d: &[u8; 16], i: usize) -> u8 {
    d[i] * 10 + d[i + 1]
}

/// A NIK that has the structure R-REG-2 describes: a known province, non-zero
/// regency and district, a real day and month (women's day + 40), and a
/// non-zero serial. Holding a `Nik` means all of that was checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nik(String);
string_newtype!(Nik, display);

/// What a NIK's own digits say about its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NikInfo {
    pub province: u8,
    pub regency: u8,
    pub district: u8,
    pub sex: Sex,
    pub day: i8,
    pub month: i8,
    /// Two-digit year: the NIK does not say which century.
    pub year2: i16,
    pub serial: u16,
}

/// A disagreement between a NIK and what the user entered. R-REG-2: shown as a
/// warning to confirm, never a refusal, because a NIK's date can legally
/// differ from the real birth date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NikWarning {
    /// `nik` is `None` when the NIK's date lies in the future in every century.
    BirthDate {
        nik: Option<Date>,
        entered: Date,
    },
    Sex {
        nik: Sex,
        entered: Sex,
    },
}

impl NikWarning {
    pub fn code(&self) -> &'static str {
        match self {
            NikWarning::BirthDate { .. } => "nik_birth_date_mismatch",
            NikWarning::Sex { .. } => "nik_sex_mismatch",
        }
    }
}

impl Nik {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let d = sixteen_digits(s).ok_or(DomainError::NikFormat)?;
        let province = two(&d, 0);
        if !province_known(province) {
            return Err(DomainError::NikProvince(province));
        }
        if two(&d, 2) == 0 || two(&d, 4) == 0 {
            return Err(DomainError::NikRegion);
        }
        let raw_day = two(&d, 6);
        let day = if raw_day > 40 { raw_day - 40 } else { raw_day };
        let (month, yy) = (two(&d, 8), two(&d, 10));
        // The century is unknown, so 29 February is accepted when the two-digit
        // year is a leap year in either the 1900s or the 2000s (00 is 2000).
        let year = 2000 + i16::from(yy);
        if !(1..=31).contains(&day) || Date::new(year, month as i8, day as i8).is_err() {
            return Err(DomainError::NikBirthDate);
        }
        if d[12..].iter().all(|&x| x == 0) {
            return Err(DomainError::NikSerial);
        }
        Ok(Nik(d.iter().map(|x| char::from(b'0' + x)).collect()))
    }

    fn digits(&self) -> [u8; 16] {
        sixteen_digits(&self.0).expect("a Nik holds 16 digits")
    }

    pub fn info(&self) -> NikInfo {
        let d = self.digits();
        let raw_day = two(&d, 6);
        NikInfo {
            province: two(&d, 0),
            regency: two(&d, 2),
            district: two(&d, 4),
            sex: if raw_day > 40 { Sex::Female } else { Sex::Male },
            day: (raw_day % 40) as i8,
            month: two(&d, 8) as i8,
            year2: i16::from(two(&d, 10)),
            serial: u16::from(two(&d, 12)) * 100 + u16::from(two(&d, 14)),
        }
    }

    pub fn sex(&self) -> Sex {
        self.info().sex
    }

    /// The six-digit region code (province, regency, district), which the KK of
    /// a family registered in the same place also starts with.
    pub fn region(&self) -> &str {
        &self.0[..6]
    }

    /// The birth date the NIK encodes, reading the two-digit year as the latest
    /// year that is not after `today` (nobody registers before being born).
    pub fn birth_date(&self, today: Date) -> Option<Date> {
        let i = self.info();
        let century = today.year() - today.year().rem_euclid(100);
        [century, century - 100].into_iter().find_map(|c| {
            Date::new(c + i.year2, i.month, i.day)
                .ok()
                .filter(|d| *d <= today)
        })
    }

    /// Compares the NIK with the entered birth date and sex (R-REG-2); `today`
    /// settles the NIK's century.
    pub fn warnings(&self, entered_birth: Date, entered_sex: Sex, today: Date) -> Vec<NikWarning> {
        let mut out = Vec::new();
        match self.birth_date(today) {
            Some(nik) if nik == entered_birth => {}
            nik => out.push(NikWarning::BirthDate {
                nik,
                entered: entered_birth,
            }),
        }
        let sex = self.sex();
        if sex != entered_sex {
            out.push(NikWarning::Sex {
                nik: sex,
                entered: entered_sex,
            });
        }
        out
    }

    /// The NIK with its middle hidden, for documents an officer sees but that
    /// may be left lying around (the booking proof).
    pub fn masked(&self) -> String {
        format!("{}******{}", &self.0[..6], &self.0[12..])
    }
}

/// A family card (Kartu Keluarga) number. Validated softly (R-REG-2): 16 digits
/// with a known province, nothing more, because the recording date and serial
/// are not reliable enough to refuse a real card on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KkNumber(String);
string_newtype!(KkNumber, display);

impl KkNumber {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let d = sixteen_digits(s).ok_or(DomainError::KkFormat)?;
        let province = two(&d, 0);
        if !province_known(province) {
            return Err(DomainError::KkProvince(province));
        }
        Ok(KkNumber(d.iter().map(|x| char::from(b'0' + x)).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_a_male_nik_and_extracts_its_parts() {
        let nik = Nik::parse("3174011505900001").unwrap();
        let i = nik.info();
        assert_eq!((i.province, i.regency, i.district), (31, 74, 1));
        assert_eq!((i.day, i.month, i.year2, i.serial), (15, 5, 90, 1));
        assert_eq!(i.sex, Sex::Male);
        assert_eq!(nik.region(), "317401");
        assert_eq!(nik.birth_date(date(2026, 11, 24)), Some(date(1990, 5, 15)));
    }

    #[test]
    fn women_add_forty_to_the_day() {
        let nik = Nik::parse("3273015505950123").unwrap();
        assert_eq!(nik.sex(), Sex::Female);
        assert_eq!(nik.info().day, 15);
    }

    #[test]
    fn day_40_is_invalid_and_41_is_a_woman_born_on_the_first() {
        assert_eq!(
            Nik::parse("3174014005900001"),
            Err(DomainError::NikBirthDate)
        );
        let nik = Nik::parse("3174014105900001").unwrap();
        assert_eq!((nik.sex(), nik.info().day), (Sex::Female, 1));
        assert_eq!(Nik::parse("3174017105900001").unwrap().info().day, 31);
        assert_eq!(
            Nik::parse("3174017205900001"),
            Err(DomainError::NikBirthDate)
        );
        assert_eq!(
            Nik::parse("3174013205900001"),
            Err(DomainError::NikBirthDate)
        );
        assert_eq!(
            Nik::parse("3174010005900001"),
            Err(DomainError::NikBirthDate)
        );
    }

    #[test]
    fn february_29_only_in_leap_years() {
        assert!(Nik::parse("3174012902880001").is_ok());
        assert!(
            Nik::parse("3174016902000001").is_ok(),
            "2000 was a leap year"
        );
        assert_eq!(
            Nik::parse("3174012902890001"),
            Err(DomainError::NikBirthDate)
        );
        assert_eq!(
            Nik::parse("3174013104900001"),
            Err(DomainError::NikBirthDate)
        );
        assert_eq!(
            Nik::parse("3174011513900001"),
            Err(DomainError::NikBirthDate)
        );
    }

    #[test]
    fn refuses_bad_structure() {
        assert_eq!(Nik::parse(""), Err(DomainError::NikFormat));
        assert_eq!(Nik::parse("317401150590000"), Err(DomainError::NikFormat));
        assert_eq!(Nik::parse("31740115059000012"), Err(DomainError::NikFormat));
        assert_eq!(Nik::parse("317401150590000a"), Err(DomainError::NikFormat));
        assert_eq!(
            Nik::parse("9974011505900001"),
            Err(DomainError::NikProvince(99))
        );
        assert_eq!(Nik::parse("3100011505900001"), Err(DomainError::NikRegion));
        assert_eq!(Nik::parse("3174001505900001"), Err(DomainError::NikRegion));
        assert_eq!(Nik::parse("3174011505900000"), Err(DomainError::NikSerial));
        assert_eq!(Nik::parse("٣١٧٤٠١١٥٠٥٩٠٠٠٠١"), Err(DomainError::NikFormat));
    }

    #[test]
    fn accepts_common_separators_and_normalises() {
        let nik = Nik::parse(" 3174 0115 0590 0001 ").unwrap();
        assert_eq!(nik.as_str(), "3174011505900001");
        assert_eq!(Nik::parse("3174.0115.0590.0001").unwrap(), nik);
    }

    #[test]
    fn century_is_the_latest_not_in_the_future() {
        let nik = Nik::parse("3174011505100001").unwrap();
        assert_eq!(nik.birth_date(date(2026, 1, 1)), Some(date(2010, 5, 15)));
        let nik = Nik::parse("3174011505300001").unwrap();
        assert_eq!(nik.birth_date(date(2026, 1, 1)), Some(date(1930, 5, 15)));
        // Born 29 Feb 2000 is a leap day; 29 Feb 1900 did not exist.
        let nik = Nik::parse("3174012902000001").unwrap();
        assert_eq!(nik.birth_date(date(2026, 1, 1)), Some(date(2000, 2, 29)));
        assert_eq!(nik.birth_date(date(1999, 1, 1)), None);
    }

    #[test]
    fn a_mismatch_is_a_warning_not_an_error() {
        let nik = Nik::parse("3174011505900001").unwrap();
        let today = date(2026, 11, 24);
        assert!(nik.warnings(date(1990, 5, 15), Sex::Male, today).is_empty());
        let w = nik.warnings(date(1990, 5, 16), Sex::Female, today);
        assert_eq!(w.len(), 2);
        assert_eq!(
            w[0],
            NikWarning::BirthDate {
                nik: Some(date(1990, 5, 15)),
                entered: date(1990, 5, 16)
            }
        );
        assert_eq!(w[1].code(), "nik_sex_mismatch");
        // Same day and month, another century: still a mismatch.
        assert_eq!(nik.warnings(date(1890, 5, 15), Sex::Male, today).len(), 1);
    }

    #[test]
    fn masking_hides_birth_date_and_regency_detail() {
        let nik = Nik::parse("3174011505900001").unwrap();
        assert_eq!(nik.masked(), "317401******0001");
    }

    #[test]
    fn every_province_code_is_accepted_and_neighbours_refused() {
        for p in PROVINCES {
            assert!(Nik::parse(&format!("{p:02}74011505900001")).is_ok(), "{p}");
        }
        for p in [10, 20, 22, 30, 37, 50, 54, 60, 66, 70, 77, 80, 83, 90, 97] {
            assert_eq!(
                Nik::parse(&format!("{p:02}74011505900001")),
                Err(DomainError::NikProvince(p))
            );
        }
    }

    #[test]
    fn highest_serial_and_the_region_prefix() {
        let nik = Nik::parse("9501011505909999").unwrap();
        assert_eq!(nik.info().serial, 9999);
        assert_eq!(nik.region(), "950101");
    }

    #[test]
    fn a_nik_date_that_exists_in_no_fitting_century_warns_without_a_date() {
        // 29 Feb '00 read in 1999: 2000 is still ahead and 1900 had no 29 Feb.
        let nik = Nik::parse("3174012902000001").unwrap();
        let w = nik.warnings(date(1999, 1, 1), Sex::Male, date(1999, 6, 1));
        assert!(matches!(w[0], NikWarning::BirthDate { nik: None, .. }));
    }

    #[test]
    fn kk_is_validated_softly() {
        assert!(KkNumber::parse("3174010101090001").is_ok());
        // An odd recording date is accepted: KKs are reissued, dates vary.
        assert!(KkNumber::parse("3174019999990000").is_ok());
        assert_eq!(
            KkNumber::parse("3174 0101 0109 0001").unwrap().as_str(),
            "3174010101090001"
        );
        assert_eq!(
            KkNumber::parse("31740101010900"),
            Err(DomainError::KkFormat)
        );
        assert_eq!(
            KkNumber::parse("0074010101090001"),
            Err(DomainError::KkProvince(0))
        );
    }
}
