//! Parsing an MRZ text into typed fields, every check digit verified.
//!
//! The layouts come from [`Format`]'s tables ([`Format::fields`],
//! [`Format::checks`], [`Format::class_at`]); this module only walks them, so
//! a layout is written down once for the parser, the reader and the tests.

use std::fmt;

use crate::charset;
use crate::error::{ErrorKind, MrzError};
use crate::format::{Field, Format, Span};

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

impl MrzDate {
    /// The full year of a birth date: the latest year not after
    /// `current_year` that ends in `yy`. A holder cannot be born in the
    /// future, and a 100-year-old's passport is far rarer than a child's, so
    /// the most recent candidate is the right one (`74` in 2025 is 1974,
    /// `25` is 2025, `26` is 1926).
    pub fn birth_year(self, current_year: i32) -> i32 {
        current_year - (current_year - i32::from(self.yy)).rem_euclid(100)
    }

    /// The full year of an expiry date: `2000 + yy`, unless that lies more
    /// than 50 years after `current_year`, then `1900 + yy`. Documents are
    /// valid for at most a few decades, so an expiry far in the future is
    /// really an old, expired document (`99` read in 2025 is 1999, not 2099).
    pub fn expiry_year(self, current_year: i32) -> i32 {
        let year = 2000 + i32::from(self.yy);
        if year > current_year + 50 {
            year - 100
        } else {
            year
        }
    }
}

/// `YYMMDD`, as the MRZ prints it, so a date can be logged or compared with
/// the lines without choosing a century.
impl fmt::Display for MrzDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}{:02}{:02}", self.yy, self.month, self.day)
    }
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
/// ignored). Every check digit, the composite included, must pass
/// (R-MRZ-1: a form is only filled from a read whose check digits all pass).
///
/// Nothing else is forgiven: spaces, lowercase letters or a missing line are
/// errors, because the reader must hand over exactly what is printed and a
/// silent repair here would hide its mistakes.
///
/// The checks run in this order, and the first failure is returned: line
/// count and lengths ([`ErrorKind::RaggedLines`], [`ErrorKind::Shape`]), the
/// 37-character set ([`ErrorKind::BadCharacter`]), what each position may
/// hold ([`ErrorKind::WrongClass`]), the check digits in layout order
/// ([`ErrorKind::CheckDigit`], the composite last as
/// [`ErrorKind::CompositeCheckDigit`]), the dates ([`ErrorKind::BadDate`]),
/// and the mandatory fields ([`ErrorKind::EmptyField`]).
///
/// ```
/// use paspor_mrz::{Format, Sex, parse};
///
/// let mrz = parse(
///     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
///      L898902C36UTO7408122F1204159ZE184226B<<<<<10",
/// )?;
/// assert_eq!(mrz.format, Format::Td3);
/// assert_eq!(mrz.document_number, "L898902C3");
/// assert_eq!((mrz.surname.as_str(), mrz.given_names.as_str()), ("ERIKSSON", "ANNA MARIA"));
/// assert_eq!(mrz.sex, Sex::Female);
/// assert_eq!(mrz.birth_date.to_string(), "740812");
/// assert_eq!(mrz.birth_date.birth_year(2025), 1974);
/// assert_eq!(mrz.expiry_date.expiry_year(2025), 2012);
/// # Ok::<(), paspor_mrz::MrzError>(())
/// ```
pub fn parse(text: &str) -> Result<Mrz, MrzError> {
    let cleaned: String = text.chars().filter(|&c| c != '\r').collect();
    let body = cleaned.strip_suffix('\n').unwrap_or(&cleaned);
    let lines: Vec<&str> = body.split('\n').collect();

    let format = shape(&lines)?;
    for (l, line) in lines.iter().enumerate() {
        for (col, c) in line.chars().enumerate() {
            if !c.is_ascii() || charset::index(c as u8).is_none() {
                return Err(error(
                    ErrorKind::BadCharacter {
                        column: col,
                        found: c,
                    },
                    l,
                    field_at(format, l, col),
                ));
            }
        }
    }
    // Every line is now ASCII, so byte and character columns agree.
    let rows: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
    for (l, row) in rows.iter().enumerate() {
        for (col, &c) in row.iter().enumerate() {
            if !format.class_at(l, col).allows(c) {
                return Err(error(
                    ErrorKind::WrongClass {
                        column: col,
                        found: char::from(c),
                    },
                    l,
                    field_at(format, l, col),
                ));
            }
        }
    }

    let long = long_number(format, &rows)?;
    for check in format.checks() {
        if long.is_some() && check.field == Some(Field::DocumentNumber) {
            continue; // verified by `long_number`
        }
        verify(check, &rows)?;
    }

    let birth_date = date(format, &lines, Field::BirthDate)?;
    let expiry_date = date(format, &lines, Field::ExpiryDate)?;

    let (surname, given_names) = names(field_text(format, &lines, Field::Names));
    let (document_number, optional_data) = match long {
        Some(long) => (long.number, long.rest),
        None => (
            trimmed(field_text(format, &lines, Field::DocumentNumber)),
            trimmed(field_text(format, &lines, Field::OptionalData)),
        ),
    };
    let issuing_state = trimmed(field_text(format, &lines, Field::IssuingState));
    let nationality = trimmed(field_text(format, &lines, Field::Nationality));
    for (field, empty) in [
        (Field::IssuingState, issuing_state.is_empty()),
        (Field::DocumentNumber, document_number.is_empty()),
        (Field::Nationality, nationality.is_empty()),
        (Field::Names, surname.is_empty() && given_names.is_empty()),
    ] {
        if empty {
            return Err(MrzError {
                kind: ErrorKind::EmptyField,
                line: span_of(format, field).map(|s| s.line),
                field: Some(field),
            });
        }
    }

    Ok(Mrz {
        format,
        lines: lines.iter().map(|l| (*l).to_owned()).collect(),
        document_code: trimmed(field_text(format, &lines, Field::DocumentCode)),
        issuing_state,
        document_number,
        nationality,
        birth_date,
        sex: match field_text(format, &lines, Field::Sex) {
            "M" => Sex::Male,
            "F" => Sex::Female,
            _ => Sex::Unspecified,
        },
        expiry_date,
        surname,
        given_names,
        optional_data,
        optional_data_2: span_of(format, Field::OptionalData2)
            .map(|s| trimmed(span_text(&lines, s))),
    })
}

fn error(kind: ErrorKind, line: usize, field: Option<Field>) -> MrzError {
    MrzError {
        kind,
        line: Some(line),
        field,
    }
}

/// The layout of `lines` from their number and length (and, between a
/// document and a visa of the same shape, the first letter).
fn shape(lines: &[&str]) -> Result<Format, MrzError> {
    let width = lines.first().map_or(0, |l| l.chars().count());
    if let Some(l) = lines.iter().position(|l| l.chars().count() != width) {
        return Err(error(ErrorKind::RaggedLines, l, None));
    }
    let first = lines.first().and_then(|l| l.bytes().next()).unwrap_or(0);
    Format::detect(lines.len(), width, first).ok_or(MrzError {
        kind: ErrorKind::Shape {
            lines: lines.len(),
            width,
        },
        line: None,
        field: None,
    })
}

/// The field a position belongs to, for error reports: a check digit
/// belongs to the field it checks (the composite to none), the TD1
/// long-number mark to the document number.
fn field_at(format: Format, line: usize, col: usize) -> Option<Field> {
    if format.long_number_mark() == Some((line, col)) {
        return Some(Field::DocumentNumber);
    }
    if let Some(check) = format
        .checks()
        .iter()
        .find(|c| c.digit.line == line && c.digit.start == col)
    {
        return check.field;
    }
    format
        .fields()
        .iter()
        .find(|(_, s)| s.line == line && (s.start..s.end).contains(&col))
        .map(|(f, _)| *f)
}

fn span_of(format: Format, field: Field) -> Option<Span> {
    format
        .fields()
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, s)| *s)
}

fn span_text<'a>(lines: &[&'a str], span: Span) -> &'a str {
    lines
        .get(span.line)
        .and_then(|l| l.get(span.start..span.end))
        .unwrap_or("")
}

/// The text of `field`, fillers included ("" for a field the layout lacks).
fn field_text<'a>(format: Format, lines: &[&'a str], field: Field) -> &'a str {
    span_of(format, field).map_or("", |s| span_text(lines, s))
}

/// A field without its trailing fillers (`D<<` → `D`).
fn trimmed(text: &str) -> String {
    text.trim_end_matches('<').to_owned()
}

fn byte_at(rows: &[&[u8]], line: usize, col: usize) -> u8 {
    rows.get(line)
        .and_then(|r| r.get(col))
        .copied()
        .unwrap_or(b'<')
}

/// Checks one check digit of the layout's table.
fn verify(check: &crate::format::Check, rows: &[&[u8]]) -> Result<(), MrzError> {
    let data: Vec<u8> = check
        .covers
        .iter()
        .flat_map(|s| {
            rows.get(s.line)
                .and_then(|r| r.get(s.start..s.end))
                .unwrap_or(&[])
                .iter()
                .copied()
        })
        .collect();
    // The characters were all verified to be in the set, so this is `Some`;
    // a `<` as the expected digit can never match a real one.
    let expected = charset::check_digit(&data).unwrap_or(b'<');
    let found = byte_at(rows, check.digit.line, check.digit.start);
    // ICAO 9303-4 §4.2.2: an all-filler personal number may have `<` as its
    // check digit instead of `0`.
    let filler_ok = check.filler_when_empty && found == b'<' && data.iter().all(|&c| c == b'<');
    if found == expected || filler_ok {
        return Ok(());
    }
    let (expected, found) = (char::from(expected), char::from(found));
    Err(error(
        match check.field {
            Some(_) => ErrorKind::CheckDigit { expected, found },
            None => ErrorKind::CompositeCheckDigit { expected, found },
        },
        check.digit.line,
        check.field,
    ))
}

/// A TD1 document number longer than 9 characters, verified.
struct LongNumber {
    /// The whole number, its continuation included.
    number: String,
    /// The optional data after the continuation's check digit, without
    /// fillers on either side (ICAO puts a filler after the check digit).
    rest: String,
}

/// ICAO 9303-5 §4.2.2 note j: when a TD1 document number has more than 9
/// characters, its check-digit position holds `<`, the number continues in
/// the optional data up to the first `<`, and the last character of that
/// continuation is the number's check digit. `None` for an ordinary number.
fn long_number(format: Format, rows: &[&[u8]]) -> Result<Option<LongNumber>, MrzError> {
    let Some((mark_line, mark_col)) = format.long_number_mark() else {
        return Ok(None);
    };
    if byte_at(rows, mark_line, mark_col) != b'<' {
        return Ok(None);
    }
    let (Some(number), Some(optional)) = (
        span_of(format, Field::DocumentNumber),
        span_of(format, Field::OptionalData),
    ) else {
        return Ok(None);
    };
    let row = rows.get(number.line).copied().unwrap_or(&[]);
    let head = row.get(number.start..number.end).unwrap_or(&[]);
    let optional = row.get(optional.start..optional.end).unwrap_or(&[]);
    let continuation_len = optional
        .iter()
        .position(|&c| c == b'<')
        .unwrap_or(optional.len());
    let fail = |expected: u8, found: u8| {
        error(
            ErrorKind::CheckDigit {
                expected: char::from(expected),
                found: char::from(found),
            },
            mark_line,
            Some(Field::DocumentNumber),
        )
    };
    // At least one more character of the number and its check digit; else
    // the `<` stands where an ordinary number's check digit belongs.
    if continuation_len < 2 {
        return Err(fail(charset::check_digit(head).unwrap_or(b'<'), b'<'));
    }
    let digit_at = continuation_len - 1;
    let mut data = head.to_vec();
    data.extend_from_slice(optional.get(..digit_at).unwrap_or(&[]));
    let expected = charset::check_digit(&data).unwrap_or(b'<');
    let found = optional.get(digit_at).copied().unwrap_or(b'<');
    if found != expected {
        return Err(fail(expected, found));
    }
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let rest = optional.get(continuation_len..).unwrap_or(&[]);
    Ok(Some(LongNumber {
        number: trimmed(&text(&data)),
        rest: text(rest).trim_matches('<').to_owned(),
    }))
}

/// A `YYMMDD` date: a real month and a day that month can have (29 February
/// always, since the century, hence the leap year, is unknown).
///
/// ICAO lets an unknown birth day or month be printed as fillers, but none
/// of our test vectors has one, an Indonesian passport always carries a full
/// date, and [`MrzDate`] cannot say "unknown": such a date is refused rather
/// than filled into a form as a made-up one.
fn date(format: Format, lines: &[&str], field: Field) -> Result<MrzDate, MrzError> {
    let text = field_text(format, lines, field);
    let bad = || MrzError {
        kind: ErrorKind::BadDate(text.to_owned()),
        line: span_of(format, field).map(|s| s.line),
        field: Some(field),
    };
    let digits: Vec<u8> = text.bytes().map(|c| c.wrapping_sub(b'0')).collect();
    let [y1, y2, m1, m2, d1, d2] = digits[..] else {
        return Err(bad());
    };
    if digits.iter().any(|&d| d > 9) {
        return Err(bad());
    }
    let (yy, month, day) = (y1 * 10 + y2, m1 * 10 + m2, d1 * 10 + d2);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => 29,
        _ => return Err(bad()),
    };
    if !(1..=days).contains(&day) {
        return Err(bad());
    }
    Ok(MrzDate { yy, month, day })
}

/// Splits the name field at the first `<<` into the primary identifier
/// (surname) and the secondary identifier (given names); the fillers inside
/// each become single spaces. A field starting with `<<` has no surname:
/// Indonesian mononyms are printed that way (`<<SUKARNO`), others as a
/// surname alone (`SUKARNO<<…`); both are kept as printed.
fn names(field: &str) -> (String, String) {
    let field = field.trim_end_matches('<');
    let (primary, secondary) = field.split_once("<<").unwrap_or((field, ""));
    let words = |part: &str| {
        part.split('<')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    (words(primary), words(secondary))
}
