use crate::format::Field;

/// Why an MRZ text was refused, with where: the line (0-based) and the field.
/// Modelled on globset's error: one struct, a kind with a stable code, and
/// the place it happened, so a UI can point at the wrong field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}{}{}", line.map(|l| format!(" (line {})", l + 1)).unwrap_or_default(), field.map(|f| format!(" [{f:?}]")).unwrap_or_default())]
pub struct MrzError {
    pub kind: ErrorKind,
    pub line: Option<usize>,
    pub field: Option<Field>,
}

/// What went wrong. [`ErrorKind::code`] is stable for logs and UIs.
/// Non-exhaustive: a new refusal can be added without breaking callers, who
/// match the kinds they treat apart and keep a `_` arm for the rest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    #[error(
        "an MRZ has 2 lines of 36 or 44 characters or 3 lines of 30, not {lines} line(s) of {width}"
    )]
    Shape { lines: usize, width: usize },
    #[error("the lines are not of the same length")]
    RaggedLines,
    #[error("character {found:?} at column {column} is not an MRZ character")]
    BadCharacter { column: usize, found: char },
    #[error("character {found:?} at column {column} cannot stand in this field")]
    WrongClass { column: usize, found: char },
    #[error("check digit {found:?} should be {expected:?}")]
    CheckDigit { expected: char, found: char },
    #[error("the composite check digit {found:?} should be {expected:?}")]
    CompositeCheckDigit { expected: char, found: char },
    #[error("{0:?} is not a date")]
    BadDate(String),
    /// A field ICAO 9303 makes mandatory (names, document number, issuing
    /// state, nationality) holds only fillers. No check digit covers the
    /// names, so a blank or unread name line would otherwise pass.
    #[error("a mandatory field holds only fillers")]
    EmptyField,
    /// Document code `P` (a passport) in a layout other than TD3: passports
    /// are only printed as TD3, so this is a TD3 with its rows cut short.
    #[error("document code P (a passport) is only a TD3, not a {format:?}")]
    PassportNotTd3 { format: crate::format::Format },
}

impl ErrorKind {
    /// A stable, machine-readable code.
    pub const fn code(&self) -> &'static str {
        match self {
            ErrorKind::Shape { .. } => "mrz_shape",
            ErrorKind::RaggedLines => "mrz_ragged_lines",
            ErrorKind::BadCharacter { .. } => "mrz_bad_character",
            ErrorKind::WrongClass { .. } => "mrz_wrong_class",
            ErrorKind::CheckDigit { .. } => "mrz_check_digit",
            ErrorKind::CompositeCheckDigit { .. } => "mrz_composite_check_digit",
            ErrorKind::BadDate(_) => "mrz_bad_date",
            ErrorKind::EmptyField => "mrz_empty_field",
            ErrorKind::PassportNotTd3 { .. } => "mrz_passport_not_td3",
        }
    }
}
