//! People: names, sex, relation to the account owner, what they apply for.

use serde::{Deserialize, Serialize};

use crate::{DomainError, FieldId};

/// A person's name as written on the KTP: letters of any script, spaces, and
/// `. , ' -`; inner runs of spaces collapse to one. A single word is a whole
/// name: many Indonesians have only one (mononyms).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);
string_newtype!(PersonName, display);

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let name = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(DomainError::Required {
                field: Some(FieldId::FullName),
            });
        }
        let ok = name.chars().count() <= Self::MAX_CHARS
            && name.chars().any(char::is_alphabetic)
            && name
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | ',' | '\'' | '-'));
        if ok {
            Ok(PersonName(name))
        } else {
            Err(DomainError::PersonName)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Sex {
    Male,
    Female,
}
string_enum!(Sex, Sex, { Male => "male", Female => "female" });

/// How an applicant other than the owner is related to the owner (R-Q-7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Relation {
    Father,
    Mother,
    Husband,
    Wife,
    Child,
}
string_enum!(Relation, Relation, {
    Father => "father", Mother => "mother", Husband => "husband", Wife => "wife", Child => "child",
});

/// What each applicant applies for (R-Q-6). A renewal also covers replacing a
/// lost or damaged passport; it carries the old passport's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum ApplicationType {
    New,
    Renewal,
}
string_enum!(ApplicationType, ApplicationType, { New => "new", Renewal => "renewal" });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_tidied_and_mononyms_allowed() {
        assert_eq!(
            PersonName::parse("  Siti   Nurhaliza ").unwrap().as_str(),
            "Siti Nurhaliza"
        );
        assert_eq!(PersonName::parse("Sukarno").unwrap().as_str(), "Sukarno");
        assert!(PersonName::parse("I Gusti Ngurah Rai").is_ok());
        assert!(PersonName::parse("Muh. Ali-Akbar, S.T.").is_ok());
        assert!(PersonName::parse("D'Arcy").is_ok());
        assert_eq!(
            PersonName::parse("   "),
            Err(DomainError::Required {
                field: Some(FieldId::FullName)
            })
        );
        assert_eq!(PersonName::parse("Budi2"), Err(DomainError::PersonName));
        assert_eq!(PersonName::parse("..."), Err(DomainError::PersonName));
        assert_eq!(
            PersonName::parse(&"a".repeat(101)),
            Err(DomainError::PersonName)
        );
    }

    #[test]
    fn names_in_other_scripts_and_with_accents() {
        assert!(PersonName::parse("José Ramos-Horta").is_ok());
        assert!(PersonName::parse("Nguyễn Thị Minh").is_ok());
        assert_eq!(
            PersonName::parse("Budi\tSantoso\n").unwrap().as_str(),
            "Budi Santoso"
        );
        assert_eq!(
            PersonName::parse("Budi <script>"),
            Err(DomainError::PersonName)
        );
    }

    #[test]
    fn every_relation_and_type_has_a_distinct_wire_name() {
        let mut names: Vec<_> = Relation::ALL.iter().map(|r| r.as_str()).collect();
        names.extend(ApplicationType::ALL.iter().map(|a| a.as_str()));
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n);
    }

    #[test]
    fn enums_round_trip_through_their_wire_names() {
        for r in Relation::ALL {
            assert_eq!(r.as_str().parse::<Relation>().unwrap(), *r);
        }
        for s in Sex::ALL {
            assert_eq!(s.to_string().parse::<Sex>().unwrap(), *s);
        }
        assert_eq!(
            "renewal".parse::<ApplicationType>().unwrap(),
            ApplicationType::Renewal
        );
        let err = "cousin".parse::<Relation>().unwrap_err();
        assert_eq!(err.code().as_str(), "unknown_value");
        assert_eq!(err.field(), Some(FieldId::Relation));
        assert_eq!(serde_json::to_string(&Relation::Wife).unwrap(), "\"wife\"");
        assert!(serde_json::from_str::<Sex>("\"other\"").is_err());
    }
}
