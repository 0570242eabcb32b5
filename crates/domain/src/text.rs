use serde::{Deserialize, Serialize};

use crate::DomainError;

/// What a person types where no stricter type fits: a birth place, a city,
/// an address abroad, a passport's given names. Trimmed, never blank, and
/// bounded, so a request cannot store a megabyte in a city name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FreeText(String);
string_newtype!(FreeText, display);

impl FreeText {
    pub const MAX_CHARS: usize = 300;

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let s = s.trim();
        if s.is_empty() {
            Err(DomainError::Required { field: None })
        } else if s.chars().count() > Self::MAX_CHARS {
            Err(DomainError::TextTooLong {
                max: Self::MAX_CHARS,
            })
        } else {
            Ok(FreeText(s.to_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn free_text_is_trimmed_required_and_bounded_in_characters() {
        assert_eq!(FreeText::parse("  Tokyo ").unwrap().as_str(), "Tokyo");
        assert_eq!(
            FreeText::parse(" \t\n").unwrap_err().code(),
            ErrorCode::Required
        );
        assert!(FreeText::parse(&"é".repeat(300)).is_ok());
        assert_eq!(
            FreeText::parse(&"é".repeat(301)).unwrap_err().code(),
            ErrorCode::TooLong
        );
        assert!(serde_json::from_str::<FreeText>("\"  \"").is_err());
    }
}
