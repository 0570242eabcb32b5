use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A passport number as the MRZ carries it: 1 to 9 upper-case letters and
/// digits, at least one digit (Indonesian ones are a letter and 7 digits, e.g.
/// `X1234567`, but foreign and older documents vary). `<` fillers and spaces
/// are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PassportNumber(String);
string_newtype!(PassportNumber, display);

impl PassportNumber {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let n: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '<'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let ok = (1..=9).contains(&n.len())
            && n.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && n.bytes().any(|b| b.is_ascii_digit());
        if ok {
            Ok(PassportNumber(n))
        } else {
            Err(DomainError::PassportNumber)
        }
    }
}

/// A nationality or issuing state as ICAO 9303 writes it in the MRZ: three
/// letters (ISO 3166-1 alpha-3, or ICAO's own such as `UTO` or `XXA`), or
/// Germany's single `D`. `<` fillers and spaces are dropped; stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(String);
string_newtype!(CountryCode, display);

impl CountryCode {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let c: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '<'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let ok = c == "D" || c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase());
        if ok {
            Ok(CountryCode(c))
        } else {
            Err(DomainError::CountryCode)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_as_the_mrz_writes_them() {
        assert_eq!(CountryCode::parse("IDN").unwrap().as_str(), "IDN");
        assert_eq!(CountryCode::parse(" jpn ").unwrap().as_str(), "JPN");
        assert_eq!(CountryCode::parse("D<<").unwrap().as_str(), "D");
        assert_eq!(CountryCode::parse("UTO").unwrap().as_str(), "UTO");
        for bad in ["", "<<<", "ID", "INDO", "I1N", "É", "A<B", "E"] {
            assert_eq!(
                CountryCode::parse(bad),
                Err(DomainError::CountryCode),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn passport_numbers() {
        assert_eq!(
            PassportNumber::parse("x1234567").unwrap().as_str(),
            "X1234567"
        );
        assert_eq!(
            PassportNumber::parse("L898902C3").unwrap().as_str(),
            "L898902C3"
        );
        assert_eq!(PassportNumber::parse("AB12<<<<<").unwrap().as_str(), "AB12");
        for bad in ["", "<<<<", "ABCDEFGH", "A12345678X", "A123-456"] {
            assert_eq!(
                PassportNumber::parse(bad),
                Err(DomainError::PassportNumber),
                "{bad:?}"
            );
        }
    }
}
