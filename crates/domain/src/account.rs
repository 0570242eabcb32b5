//! Login identity: e-mail, username, password, phone.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// An e-mail address, trimmed and lower-cased so uniqueness (R-REG-4) is
/// case-insensitive by construction. Deliberately simple: one `@`, a local part
/// of printable ASCII without spaces, a dotted domain of letters, digits and
/// hyphens. The activation mail is the real check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);
string_newtype!(Email, display);

impl Email {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let s = s.trim().to_lowercase();
        let (local, domain) = s.split_once('@').ok_or(DomainError::Email)?;
        let local_ok = (1..=64).contains(&local.len())
            && local
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"@\"(),:;<>[\\]".contains(&b))
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                (1..=63).contains(&l.len())
                    && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !l.starts_with('-')
                    && !l.ends_with('-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
        if local_ok && domain_ok && s.len() <= 254 {
            Ok(Email(s))
        } else {
            Err(DomainError::Email)
        }
    }
}

/// A username: 3 to 30 of `a-z 0-9 . _`, starting with a letter, stored
/// lower-case (R-REG-4). It can never contain `@`, so a login identifier is
/// unambiguously an e-mail or a username (R-AUTH-1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);
string_newtype!(Username, display);

impl Username {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let s = s.trim().to_lowercase();
        let ok = (3..=30).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_');
        if ok {
            Ok(Username(s))
        } else {
            Err(DomainError::Username)
        }
    }
}

/// What a user types in the login box: an e-mail when it has an `@`, a
/// username otherwise (R-AUTH-1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum LoginId {
    Email(Email),
    Username(Username),
}

impl LoginId {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        if s.contains('@') {
            Email::parse(s).map(LoginId::Email)
        } else {
            Username::parse(s).map(LoginId::Username)
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            LoginId::Email(e) => e.as_str(),
            LoginId::Username(u) => u.as_str(),
        }
    }
}

impl std::fmt::Display for LoginId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for LoginId {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LoginId::parse(s)
    }
}

impl TryFrom<String> for LoginId {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        LoginId::parse(&s)
    }
}

impl From<LoginId> for String {
    fn from(v: LoginId) -> String {
        v.as_str().to_owned()
    }
}

/// A password that satisfies R-PWD-2. It is never printed: `Debug` is redacted
/// and there is no `Display`; [`Password::expose`] is the one way to read it,
/// so every place that does is easy to find.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 8;
    /// Hashing cost grows with length; a cap stops a megabyte "password" from
    /// being a denial of service.
    pub const MAX_CHARS: usize = 128;

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let n = s.chars().count();
        if n < Self::MIN_CHARS {
            Err(DomainError::PasswordTooShort {
                min: Self::MIN_CHARS,
            })
        } else if n > Self::MAX_CHARS {
            Err(DomainError::PasswordTooLong {
                max: Self::MAX_CHARS,
            })
        } else if s.trim().is_empty() {
            Err(DomainError::PasswordBlank)
        } else {
            Ok(Password(s.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl TryFrom<String> for Password {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Password::parse(&s)
    }
}

impl std::str::FromStr for Password {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Password::parse(s)
    }
}

/// Serialised only so the client can send it in a request body.
impl Serialize for Password {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A phone number in E.164 form (`+6281234567890`). Indonesian numbers typed
/// the local way (`0812…`) become `+62812…`; numbers from abroad must carry
/// their `+` country code (users abroad file lapor diri).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);
string_newtype!(PhoneNumber, display);

impl PhoneNumber {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let compact: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
            .collect();
        let international = if let Some(rest) = compact.strip_prefix('+') {
            rest.to_owned()
        } else if let Some(rest) = compact.strip_prefix("00") {
            rest.to_owned()
        } else if let Some(rest) = compact.strip_prefix('0') {
            format!("62{rest}")
        } else {
            return Err(DomainError::Phone);
        };
        let ok = international.bytes().all(|b| b.is_ascii_digit())
            && (9..=15).contains(&international.len())
            && !international.starts_with('0');
        // Indonesian mobile and landline numbers have 9 to 12 digits after +62.
        let indonesian_ok = !international.starts_with("62")
            || (11..=14).contains(&international.len()) && !international[2..].starts_with('0');
        if ok && indonesian_ok {
            Ok(PhoneNumber(format!("+{international}")))
        } else {
            Err(DomainError::Phone)
        }
    }
}

/// The six digits of an activation e-mail (R-REG-5), as typed: spaces and
/// dashes people put between groups of digits are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ActivationCode(String);
string_newtype!(ActivationCode, display);

impl ActivationCode {
    pub const DIGITS: usize = 6;

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.len() == Self::DIGITS && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(ActivationCode(digits))
        } else {
            Err(DomainError::ActivationCode)
        }
    }

    /// A code for `n`, for the server to mail: `n` below a million, as six digits.
    pub fn from_number(n: u32) -> ActivationCode {
        ActivationCode(format!("{:06}", n % 1_000_000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Budi.S@Example.CO.id ").unwrap().as_str(),
            "budi.s@example.co.id"
        );
        assert!(Email::parse("a+tag@mail.com").is_ok());
        for bad in [
            "",
            "budi",
            "budi@",
            "@example.com",
            "budi@example",
            "budi@@example.com",
            "bu di@example.com",
            "budi@exa mple.com",
            ".budi@example.com",
            "bu..di@example.com",
            "budi@-example.com",
            "budi@example.c",
            "budi@example.123",
            "budi@.com",
        ] {
            assert_eq!(Email::parse(bad), Err(DomainError::Email), "{bad:?}");
        }
        let long = format!("{}@example.com", "a".repeat(65));
        assert_eq!(Email::parse(&long), Err(DomainError::Email));
    }

    #[test]
    fn username_rules() {
        assert_eq!(Username::parse("Budi_S.90").unwrap().as_str(), "budi_s.90");
        assert!(Username::parse("abc").is_ok());
        assert!(Username::parse(&"a".repeat(30)).is_ok());
        for bad in [
            "ab",
            "9lives",
            "_budi",
            "budi@x",
            "bu di",
            "budí",
            &"a".repeat(31),
        ] {
            assert_eq!(Username::parse(bad), Err(DomainError::Username), "{bad:?}");
        }
    }

    #[test]
    fn login_id_tells_email_from_username() {
        assert!(
            matches!(LoginId::parse("Budi@Mail.com").unwrap(), LoginId::Email(e) if e.as_str() == "budi@mail.com")
        );
        assert!(matches!(
            LoginId::parse("budi90").unwrap(),
            LoginId::Username(_)
        ));
        assert_eq!(LoginId::parse("budi@"), Err(DomainError::Email));
    }

    #[test]
    fn password_policy_counts_characters_not_bytes() {
        assert_eq!(
            Password::parse("1234567"),
            Err(DomainError::PasswordTooShort { min: 8 })
        );
        assert!(Password::parse("12345678").is_ok());
        // Seven characters but more than eight bytes: still too short.
        assert!(Password::parse("ééééééé").is_err());
        assert_eq!(Password::parse("        "), Err(DomainError::PasswordBlank));
        assert!(Password::parse(&"x".repeat(128)).is_ok());
        assert_eq!(
            Password::parse(&"x".repeat(129)),
            Err(DomainError::PasswordTooLong { max: 128 })
        );
    }

    #[test]
    fn login_id_travels_as_a_plain_string() {
        let id: LoginId = serde_json::from_str("\"Budi90\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"budi90\"");
        assert!(serde_json::from_str::<LoginId>("\"x\"").is_err());
    }

    #[test]
    fn email_uniqueness_is_case_insensitive_by_construction() {
        assert_eq!(Email::parse("BUDI@MAIL.COM"), Email::parse("budi@mail.com"));
        assert_eq!(Username::parse("BUDI90"), Username::parse("budi90"));
    }

    #[test]
    fn password_never_shows_in_debug() {
        let p = Password::parse("rahasia123").unwrap();
        assert!(!format!("{p:?}").contains("rahasia"));
        assert_eq!(p.expose(), "rahasia123");
    }

    #[test]
    fn activation_codes_are_six_digits_as_typed() {
        assert_eq!(
            ActivationCode::parse(" 123 456 ").unwrap().as_str(),
            "123456"
        );
        assert_eq!(ActivationCode::parse("123-456").unwrap().as_str(), "123456");
        assert_eq!(ActivationCode::from_number(42).as_str(), "000042");
        assert_eq!(ActivationCode::from_number(1_234_567).as_str(), "234567");
        for bad in ["", "12345", "1234567", "12a456", "１２３４５６", "12.456"] {
            assert_eq!(
                ActivationCode::parse(bad),
                Err(DomainError::ActivationCode),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn phone_numbers_become_e164() {
        assert_eq!(
            PhoneNumber::parse("0812-3456-7890").unwrap().as_str(),
            "+6281234567890"
        );
        assert_eq!(
            PhoneNumber::parse("+62 812 3456 789").unwrap().as_str(),
            "+628123456789"
        );
        assert_eq!(
            PhoneNumber::parse("(021) 5252 333").unwrap().as_str(),
            "+62215252333"
        );
        assert_eq!(
            PhoneNumber::parse("+81 90 1234 5678").unwrap().as_str(),
            "+819012345678"
        );
        assert_eq!(
            PhoneNumber::parse("0081 90 1234 5678").unwrap().as_str(),
            "+819012345678"
        );
        for bad in [
            "",
            "812345678",
            "+62 0812345678",
            "08123",
            "+1234567890123456",
            "0812abc4567",
            "+",
        ] {
            assert_eq!(PhoneNumber::parse(bad), Err(DomainError::Phone), "{bad:?}");
        }
    }
}
