//! Parsing an MRZ text into typed fields, every check digit verified.

use crate::error::{ErrorKind, MrzError};
use crate::format::Format;

/// A date as the MRZ holds it: two-digit year, month, day. Which century a
/// year is in depends on the field (a birth date is in the past, an expiry
/// within the next decades), so that is left to [`MrzDate::birth_year`] and
/// [`MrzDate::expiry_year`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct MrzDate {
    pub yy: u8,
    pub month: u8,
    pub day: u8,
}

/// Sex as printed: `M`, `F`, or unspecified (`<` or `X`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Sex {
    Male,
    Female,
    Unspecified,
}

/// A parsed MRZ whose check digits all pass.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mrz {
    pub format: Format,
    /// The lines as read, fillers included.
    pub lines: Vec<String>,
    /// `P`, `PN`, `I`, `ID`, `V`, … without trailing fillers.
    pub document_code: String,
    pub issuing_state: String,
    pub document_number: String,
    pub nationality: String,
    pub birth_date: MrzDate,
    pub sex: Sex,
    pub expiry_date: MrzDate,
    /// Empty for a mononym (common in Indonesia: the whole name is the given name).
    pub surname: String,
    pub given_names: String,
    pub optional_data: String,
    /// TD1's second optional field.
    pub optional_data_2: Option<String>,
}

/// Parses MRZ text: lines separated by `\n` (a trailing newline and `\r` are
/// ignored). Every check digit, the composite included, must pass.
pub fn parse(text: &str) -> Result<Mrz, MrzError> {
    let _ = (text, Format::Td3, ErrorKind::RaggedLines);
    todo!("paspor-mrz parse: being written")
}
