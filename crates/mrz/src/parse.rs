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
    let format = Format::detect(lines.len(), width, first).ok_or(MrzError {
        kind: ErrorKind::Shape {
            lines: lines.len(),
            width,
        },
        line: None,
        field: None,
    })?;
    // A passport is only ever a TD3 (ICAO 9303-4): `P` in a shorter layout
    // is a TD3 cut short, however well its check digits pass.
    if first == b'P' && format != Format::Td3 {
        return Err(error(
            ErrorKind::PassportNotTd3 { format },
            0,
            Some(Field::DocumentCode),
        ));
    }
    Ok(format)
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
    let data = check
        .data(|l, c| Some(byte_at(rows, l, c)))
        .unwrap_or_default();
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
    // A long number fills the 9 positions and continues with at least one
    // character and its check digit; else the `<` stands where an ordinary
    // number's check digit belongs.
    if continuation_len < 2 || head.contains(&b'<') {
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

#[cfg(test)]
mod tests {
    use super::*;

    const TD3: [&str; 2] = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ];
    const TD2: [&str; 2] = [
        "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
        "D231458907UTO7408122F1204159<<<<<<<6",
    ];
    const TD1: [&str; 3] = [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ];
    const MRVA: [&str; 2] = [
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
    ];
    const MRVB: [&str; 2] = [
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
        "L8988901C4XXX4009078F9612109<<<<<<<<",
    ];
    /// ICAO 9303-5's example of a long document number (D23145890734).
    const TD1_LONG: [&str; 3] = [
        "I<UTOD23145890<7349<<<<<<<<<<<",
        "3407127M9507122UTO<<<<<<<<<<<2",
        "STEVENSON<<PETER<JOHN<<<<<<<<<",
    ];

    fn specimens() -> [(Format, Vec<&'static str>); 5] {
        [
            (Format::Td1, TD1.to_vec()),
            (Format::Td2, TD2.to_vec()),
            (Format::Td3, TD3.to_vec()),
            (Format::MrvA, MRVA.to_vec()),
            (Format::MrvB, MRVB.to_vec()),
        ]
    }

    fn date(yy: u8, month: u8, day: u8) -> MrzDate {
        MrzDate { yy, month, day }
    }

    fn parse_lines(lines: &[impl AsRef<str>]) -> Result<Mrz, MrzError> {
        let lines: Vec<&str> = lines.iter().map(AsRef::as_ref).collect();
        parse(&lines.join("\n"))
    }

    /// `lines` with `text` written at `line`, `col` and every check digit of
    /// the layout recomputed (the composite last, so it sees the others), so
    /// a test can reach the checks that come after the check digits.
    fn edited(
        format: Format,
        lines: &[impl AsRef<str>],
        line: usize,
        col: usize,
        text: &str,
    ) -> Vec<String> {
        let mut rows: Vec<Vec<u8>> = lines
            .iter()
            .map(|l| l.as_ref().as_bytes().to_vec())
            .collect();
        rows[line][col..col + text.len()].copy_from_slice(text.as_bytes());
        for check in format.checks() {
            // A TD1 long number's check digit is the test's to write.
            let long = format.long_number_mark().map(|(l, c)| rows[l][c]) == Some(b'<');
            if long && check.field == Some(Field::DocumentNumber) {
                continue;
            }
            let data: Vec<u8> = check
                .covers
                .iter()
                .flat_map(|s| rows[s.line][s.start..s.end].to_vec())
                .collect();
            rows[check.digit.line][check.digit.start] = charset::check_digit(&data).unwrap();
        }
        rows.into_iter()
            .map(|r| String::from_utf8(r).unwrap())
            .collect()
    }

    fn error_of(lines: &[impl AsRef<str>]) -> MrzError {
        parse_lines(lines).expect_err("should be refused")
    }

    #[test]
    fn a_td3_with_empty_optional_data_cut_to_36_columns_is_no_td2() {
        // The fillers add nothing to the composite's sum, so the first 36
        // columns of such a TD3, its composite cell read as the digit it
        // needs, pass every TD2 check digit.
        let td3 = edited(Format::Td3, &TD3, 1, 28, "<<<<<<<<<<<<<<<");
        parse_lines(&td3).expect("a TD3 with empty optional data");
        let mut cut: Vec<String> = td3.iter().map(|l| l[..36].to_owned()).collect();
        cut[1].replace_range(35..36, &td3[1][43..44]);
        let e = error_of(&cut);
        assert_eq!(
            e.kind,
            ErrorKind::PassportNotTd3 {
                format: Format::Td2
            },
            "{cut:?}"
        );
        assert_eq!((e.line, e.field), (Some(0), Some(Field::DocumentCode)));
        // The same rows as an ID card's (code I) are a TD2, as they should.
        let mut card = cut.clone();
        card[0].replace_range(0..1, "I");
        parse_lines(&card).expect("a TD2 ID card");
    }

    #[test]
    fn a_passport_is_only_a_td3() {
        let mut td1 = TD1.map(str::to_owned);
        td1[0].replace_range(0..1, "P");
        assert_eq!(
            error_of(&td1).kind,
            ErrorKind::PassportNotTd3 {
                format: Format::Td1
            }
        );
        let mut td2 = TD2.map(str::to_owned);
        td2[0].replace_range(0..1, "P");
        assert_eq!(
            error_of(&td2).kind,
            ErrorKind::PassportNotTd3 {
                format: Format::Td2
            }
        );
        parse_lines(&TD3).expect("P in a TD3");
    }

    #[test]
    fn td3_specimen() {
        let m = parse_lines(&TD3).unwrap();
        assert_eq!(m.format, Format::Td3);
        assert_eq!(m.lines, TD3);
        assert_eq!(m.document_code, "P");
        assert_eq!(m.issuing_state, "UTO");
        assert_eq!(m.surname, "ERIKSSON");
        assert_eq!(m.given_names, "ANNA MARIA");
        assert_eq!(m.document_number, "L898902C3");
        assert_eq!(m.nationality, "UTO");
        assert_eq!(m.birth_date, date(74, 8, 12));
        assert_eq!(m.sex, Sex::Female);
        assert_eq!(m.expiry_date, date(12, 4, 15));
        assert_eq!(m.optional_data, "ZE184226B");
        assert_eq!(m.optional_data_2, None);
    }

    #[test]
    fn td2_specimen() {
        let m = parse_lines(&TD2).unwrap();
        assert_eq!(m.format, Format::Td2);
        assert_eq!(m.lines, TD2);
        assert_eq!(m.document_code, "I");
        assert_eq!(m.issuing_state, "UTO");
        assert_eq!(m.surname, "ERIKSSON");
        assert_eq!(m.given_names, "ANNA MARIA");
        assert_eq!(m.document_number, "D23145890");
        assert_eq!(m.nationality, "UTO");
        assert_eq!(m.birth_date, date(74, 8, 12));
        assert_eq!(m.sex, Sex::Female);
        assert_eq!(m.expiry_date, date(12, 4, 15));
        assert_eq!(m.optional_data, "");
        assert_eq!(m.optional_data_2, None);
    }

    #[test]
    fn td1_specimen() {
        let m = parse_lines(&TD1).unwrap();
        assert_eq!(m.format, Format::Td1);
        assert_eq!(m.lines, TD1);
        assert_eq!(m.document_code, "I");
        assert_eq!(m.issuing_state, "UTO");
        assert_eq!(m.document_number, "D23145890");
        assert_eq!(m.optional_data, "");
        assert_eq!(m.birth_date, date(74, 8, 12));
        assert_eq!(m.sex, Sex::Female);
        assert_eq!(m.expiry_date, date(12, 4, 15));
        assert_eq!(m.nationality, "UTO");
        assert_eq!(m.optional_data_2.as_deref(), Some(""));
        assert_eq!(m.surname, "ERIKSSON");
        assert_eq!(m.given_names, "ANNA MARIA");
    }

    #[test]
    fn mrv_a_specimen() {
        let m = parse_lines(&MRVA).unwrap();
        assert_eq!(m.format, Format::MrvA);
        assert_eq!(m.lines, MRVA);
        assert_eq!(m.document_code, "V");
        assert_eq!(m.issuing_state, "UTO");
        assert_eq!(m.surname, "ERIKSSON");
        assert_eq!(m.given_names, "ANNA MARIA");
        assert_eq!(m.document_number, "L8988901C");
        assert_eq!(m.nationality, "XXX");
        assert_eq!(m.birth_date, date(40, 9, 7));
        assert_eq!(m.sex, Sex::Female);
        assert_eq!(m.expiry_date, date(96, 12, 10));
        // MRV-A has no composite: the optional data runs to the end of line 2.
        assert_eq!(m.optional_data, "6ZE184226B");
        assert_eq!(m.optional_data_2, None);
    }

    #[test]
    fn mrv_b_specimen() {
        let m = parse_lines(&MRVB).unwrap();
        assert_eq!(m.format, Format::MrvB);
        assert_eq!(m.lines, MRVB);
        assert_eq!(m.document_code, "V");
        assert_eq!(m.issuing_state, "UTO");
        assert_eq!(m.surname, "ERIKSSON");
        assert_eq!(m.given_names, "ANNA MARIA");
        assert_eq!(m.document_number, "L8988901C");
        assert_eq!(m.nationality, "XXX");
        assert_eq!(m.birth_date, date(40, 9, 7));
        assert_eq!(m.sex, Sex::Female);
        assert_eq!(m.expiry_date, date(96, 12, 10));
        assert_eq!(m.optional_data, "");
        assert_eq!(m.optional_data_2, None);
    }

    #[test]
    fn visas_and_documents_of_one_shape_are_told_apart_by_the_first_letter() {
        // The TD2 specimen's lines with `V` would be an MRV-B: no composite,
        // so the old composite digit is optional data.
        let visa = ["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", TD2[1]];
        let m = parse_lines(&visa).unwrap();
        assert_eq!(m.format, Format::MrvB);
        assert_eq!(m.optional_data, "<<<<<<<6");
    }

    #[test]
    fn sex_x_and_filler_are_unspecified_m_is_male() {
        for (c, sex) in [
            ("M", Sex::Male),
            ("X", Sex::Unspecified),
            ("<", Sex::Unspecified),
        ] {
            let lines = edited(Format::Td3, &TD3, 1, 20, c);
            assert_eq!(parse_lines(&lines).unwrap().sex, sex, "{c}");
        }
    }

    #[test]
    fn line_endings_crlf_and_one_trailing_newline_are_ignored() {
        let m = parse_lines(&TD3).unwrap();
        for text in [
            format!("{}\r\n{}", TD3[0], TD3[1]),
            format!("{}\n{}\n", TD3[0], TD3[1]),
            format!("{}\r\n{}\r\n", TD3[0], TD3[1]),
        ] {
            assert_eq!(parse(&text).as_ref(), Ok(&m), "{text:?}");
        }
    }

    #[test]
    fn nothing_else_is_forgiven() {
        // A second trailing newline is an empty third line.
        let e = parse(&format!("{}\n{}\n\n", TD3[0], TD3[1])).unwrap_err();
        assert_eq!((e.kind, e.line), (ErrorKind::RaggedLines, Some(2)));
        // A leading space makes line 1 longer than line 2.
        let e = parse(&format!(" {}\n{}", TD3[0], TD3[1])).unwrap_err();
        assert_eq!((e.kind, e.line), (ErrorKind::RaggedLines, Some(1)));
        // Inner spaces are not fillers.
        let e = parse(&format!(
            "{}\n{}",
            TD3[0].replace("<<ANNA", "  ANNA"),
            TD3[1]
        ))
        .unwrap_err();
        assert_eq!(
            e.kind,
            ErrorKind::BadCharacter {
                column: 13,
                found: ' '
            }
        );
        assert_eq!((e.line, e.field), (Some(0), Some(Field::Names)));
        // Lowercase is not folded.
        let e = parse(&format!("{}\n{}", TD3[0].replace("ANNA", "Anna"), TD3[1])).unwrap_err();
        assert_eq!(
            e.kind,
            ErrorKind::BadCharacter {
                column: 16,
                found: 'n'
            }
        );
    }

    #[test]
    fn shape_errors() {
        let cases: [(String, usize, usize); 5] = [
            (String::new(), 1, 0),
            ("\n".to_owned(), 1, 0),
            (TD3[0].to_owned(), 1, 44),
            (format!("{}\n{}\n{}", TD3[0], TD3[1], TD3[1]), 3, 44),
            (format!("{}\n{}", &TD1[0], &TD1[1]), 2, 30),
        ];
        for (text, lines, width) in cases {
            let e = parse(&text).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Shape { lines, width }, "{text:?}");
            assert_eq!((e.line, e.field), (None, None));
            assert_eq!(e.kind.code(), "mrz_shape");
        }
    }

    #[test]
    fn ragged_lines_name_the_first_line_of_another_length() {
        let e = parse_lines(&[TD3[0], &TD3[1][..43]]).unwrap_err();
        assert_eq!(
            e,
            MrzError {
                kind: ErrorKind::RaggedLines,
                line: Some(1),
                field: None
            }
        );
        let e = parse_lines(&[TD1[0], TD1[1], &TD1[2][..29]]).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.kind.code(), "mrz_ragged_lines");
    }

    #[test]
    fn bad_character_names_its_line_column_and_field() {
        // A non-ASCII character counts as one column, like the one it replaced.
        let line = TD3[1].replacen('8', "é", 1);
        let e = error_of(&[TD3[0], &line]);
        assert_eq!(
            e,
            MrzError {
                kind: ErrorKind::BadCharacter {
                    column: 1,
                    found: 'é'
                },
                line: Some(1),
                field: Some(Field::DocumentNumber),
            }
        );
        assert_eq!(e.kind.code(), "mrz_bad_character");
        let e = error_of(&[TD1[0], TD1[1], &TD1[2].replace("ANNA", "AN-A")]);
        assert_eq!(
            e.kind,
            ErrorKind::BadCharacter {
                column: 12,
                found: '-'
            }
        );
        assert_eq!((e.line, e.field), (Some(2), Some(Field::Names)));
    }

    #[test]
    fn wrong_class_names_its_line_and_field() {
        /// (layout, its lines, line, column, the character put there, field)
        type Case = (
            Format,
            &'static [&'static str],
            usize,
            usize,
            char,
            Option<Field>,
        );
        let cases: [Case; 9] = [
            (Format::Td3, &TD3, 0, 0, '1', Some(Field::DocumentCode)),
            (Format::Td3, &TD3, 0, 3, '7', Some(Field::IssuingState)),
            (Format::Td3, &TD3, 0, 10, '0', Some(Field::Names)),
            (Format::Td3, &TD3, 1, 9, 'A', Some(Field::DocumentNumber)),
            (Format::Td3, &TD3, 1, 11, '0', Some(Field::Nationality)),
            (Format::Td3, &TD3, 1, 14, 'B', Some(Field::BirthDate)),
            (Format::Td3, &TD3, 1, 20, 'Q', Some(Field::Sex)),
            (Format::Td3, &TD3, 1, 43, '<', None),
            (Format::Td1, &TD1, 1, 29, 'O', None),
        ];
        for (format, lines, line, col, c, field) in cases {
            let mut rows: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
            rows[line].replace_range(col..col + 1, &c.to_string());
            let e = error_of(&rows);
            assert_eq!(
                e,
                MrzError {
                    kind: ErrorKind::WrongClass {
                        column: col,
                        found: c
                    },
                    line: Some(line),
                    field,
                },
                "{format:?} {line} {col}"
            );
            assert_eq!(e.kind.code(), "mrz_wrong_class");
        }
    }

    #[test]
    fn every_check_digit_of_every_layout_is_verified() {
        for (format, lines) in specimens() {
            for check in format.checks() {
                let mut rows: Vec<Vec<u8>> = lines.iter().map(|l| l.as_bytes().to_vec()).collect();
                let at = &mut rows[check.digit.line][check.digit.start];
                let expected = char::from(*at);
                *at = b'0' + (*at - b'0' + 1) % 10;
                let found = char::from(*at);
                let rows: Vec<String> = rows
                    .into_iter()
                    .map(|r| String::from_utf8(r).unwrap())
                    .collect();
                let e = error_of(&rows);
                let kind = match check.field {
                    Some(_) => ErrorKind::CheckDigit { expected, found },
                    None => ErrorKind::CompositeCheckDigit { expected, found },
                };
                assert_eq!(
                    e,
                    MrzError {
                        kind,
                        line: Some(check.digit.line),
                        field: check.field
                    },
                    "{format:?} {check:?}"
                );
            }
        }
        // The composite is the last check of the layouts that have one.
        let e = error_of(&[TD3[0], &TD3[1].replace("<10", "<17")]);
        assert_eq!(e.kind.code(), "mrz_composite_check_digit");
        let e = error_of(&[TD3[0], &TD3[1].replace("C36", "C37")]);
        assert_eq!(e.kind.code(), "mrz_check_digit");
    }

    #[test]
    fn a_check_digit_catches_a_change_in_its_field() {
        // The digit stays, the data changes: the field's check fails first.
        let e = error_of(&[TD3[0], &TD3[1].replace("740812", "740813")]);
        assert_eq!(
            e.kind,
            ErrorKind::CheckDigit {
                expected: '3',
                found: '2'
            }
        );
        assert_eq!((e.line, e.field), (Some(1), Some(Field::BirthDate)));
        // Optional data is covered by the composite only in TD1.
        let e = error_of(&[TD1[0], &TD1[1].replace("UTO<<<", "UTO<B<"), TD1[2]]);
        assert!(
            matches!(e.kind, ErrorKind::CompositeCheckDigit { found: '6', .. }),
            "{e:?}"
        );
        assert_eq!((e.line, e.field), (Some(1), None));
    }

    #[test]
    fn an_empty_personal_number_may_have_a_filler_or_zero_as_check_digit() {
        let zero = edited(Format::Td3, &TD3, 1, 28, "<<<<<<<<<<<<<<");
        assert_eq!(&zero[1][42..43], "0");
        assert_eq!(parse_lines(&zero).unwrap().optional_data, "");
        // `<` weighs 0 like `0`, so the composite stays right.
        let filler = [
            zero[0].clone(),
            format!("{}<{}", &zero[1][..42], &zero[1][43..]),
        ];
        assert_eq!(parse_lines(&filler).unwrap().optional_data, "");
        // With data, `<` is refused.
        let e = error_of(&[TD3[0], &TD3[1].replace("<10", "<<0")]);
        assert_eq!(
            e.kind,
            ErrorKind::CheckDigit {
                expected: '1',
                found: '<'
            }
        );
        assert_eq!((e.line, e.field), (Some(1), Some(Field::OptionalData)));
    }

    #[test]
    fn dates_must_exist() {
        // (field, column, date) with every check digit right.
        let bad = [
            (Field::BirthDate, 13, "741312"),
            (Field::BirthDate, 13, "740012"),
            (Field::BirthDate, 13, "740800"),
            (Field::BirthDate, 13, "740832"),
            (Field::BirthDate, 13, "740230"),
            (Field::ExpiryDate, 21, "120431"),
            (Field::ExpiryDate, 21, "129915"),
            // Unknown parts as fillers: see `date` for why they are refused.
            (Field::BirthDate, 13, "7408<<"),
            (Field::BirthDate, 13, "74<<<<"),
            (Field::ExpiryDate, 21, "<<<<<<"),
        ];
        for (field, col, text) in bad {
            let e = error_of(&edited(Format::Td3, &TD3, 1, col, text));
            assert_eq!(
                e,
                MrzError {
                    kind: ErrorKind::BadDate(text.to_owned()),
                    line: Some(1),
                    field: Some(field),
                },
                "{text}"
            );
            assert_eq!(e.kind.code(), "mrz_bad_date");
        }
        let e = error_of(&edited(Format::Td1, &TD1, 1, 8, "121315"));
        assert_eq!((e.line, e.field), (Some(1), Some(Field::ExpiryDate)));
        for (text, expected) in [
            ("000229", date(0, 2, 29)),
            ("010229", date(1, 2, 29)),
            ("991231", date(99, 12, 31)),
            ("000101", date(0, 1, 1)),
            ("740930", date(74, 9, 30)),
        ] {
            let m = parse_lines(&edited(Format::Td3, &TD3, 1, 13, text)).unwrap();
            assert_eq!(m.birth_date, expected, "{text}");
        }
    }

    #[test]
    fn indonesian_mononyms_parse_in_both_printed_forms() {
        let second = "B1234567<6IDN8501017M3001016<<<<<<<<<<<<<<00";
        let pad = |s: &str| format!("{s:<<44}");
        let given_only = [pad("P<IDN<<SUKARNO"), second.to_owned()];
        let given_only = edited(Format::Td3, &given_only, 1, 0, "B");
        let m = parse_lines(&given_only).unwrap();
        assert_eq!(
            (m.surname.as_str(), m.given_names.as_str()),
            ("", "SUKARNO")
        );
        assert_eq!(
            (m.issuing_state.as_str(), m.nationality.as_str()),
            ("IDN", "IDN")
        );
        assert_eq!(m.document_number, "B1234567");

        let surname_only = [pad("P<IDNSUKARNO"), second.to_owned()];
        let surname_only = edited(Format::Td3, &surname_only, 1, 0, "B");
        let m = parse_lines(&surname_only).unwrap();
        assert_eq!(
            (m.surname.as_str(), m.given_names.as_str()),
            ("SUKARNO", "")
        );
    }

    #[test]
    fn names_split_at_the_first_double_filler() {
        let cases = [
            ("ERIKSSON<<ANNA<MARIA<<<<", "ERIKSSON", "ANNA MARIA"),
            ("<<SUKARNO<<<<", "", "SUKARNO"),
            ("SUKARNO<<<<<<", "SUKARNO", ""),
            ("SUKARNO", "SUKARNO", ""),
            ("OSPELT<BECK<<MARISA", "OSPELT BECK", "MARISA"),
            // A truncated TD1 name: the last given name is cut, kept as is.
            (
                "CACADOR<DE<ARAUJO<<ANDRE<ESTEV",
                "CACADOR DE ARAUJO",
                "ANDRE ESTEV",
            ),
            // Only the first `<<` separates; later runs are one space.
            ("A<<B<<C", "A", "B C"),
            ("A<<<B", "A", "B"),
            ("<<<<", "", ""),
        ];
        for (field, surname, given) in cases {
            assert_eq!(
                names(field),
                (surname.to_owned(), given.to_owned()),
                "{field}"
            );
        }
    }

    #[test]
    fn state_codes_and_document_codes_lose_trailing_fillers() {
        let lines = edited(Format::Td3, &TD3, 0, 0, "PND<<");
        let lines = edited(Format::Td3, &lines, 1, 10, "D<<");
        let m = parse_lines(&lines).unwrap();
        assert_eq!(m.document_code, "PN");
        assert_eq!(m.issuing_state, "D");
        assert_eq!(m.nationality, "D");
    }

    #[test]
    fn mandatory_fields_must_not_be_all_fillers() {
        /// (layout, its lines, line, column, the fillers put there, field)
        type Case<'a> = (
            Format,
            &'static [&'static str],
            usize,
            usize,
            &'a str,
            Field,
        );
        let cases: [Case; 5] = [
            (Format::Td3, &TD3, 0, 5, &"<".repeat(39), Field::Names),
            (Format::Td1, &TD1, 2, 0, &"<".repeat(30), Field::Names),
            (Format::Td3, &TD3, 1, 0, "<<<<<<<<<", Field::DocumentNumber),
            (Format::Td2, &TD2, 0, 2, "<<<", Field::IssuingState),
            (Format::MrvB, &MRVB, 1, 10, "<<<", Field::Nationality),
        ];
        for (format, lines, line, col, text, field) in cases {
            let e = error_of(&edited(format, lines, line, col, text));
            assert_eq!(
                e,
                MrzError {
                    kind: ErrorKind::EmptyField,
                    line: Some(line),
                    field: Some(field)
                },
                "{format:?} {field:?}"
            );
            assert_eq!(e.kind.code(), "mrz_empty_field");
        }
    }

    #[test]
    fn td1_long_document_number() {
        let m = parse_lines(&TD1_LONG).unwrap();
        assert_eq!(m.document_number, "D23145890734");
        assert_eq!(m.optional_data, "");
        assert_eq!(m.surname, "STEVENSON");
        assert_eq!(m.given_names, "PETER JOHN");
        assert_eq!(m.birth_date, date(34, 7, 12));
        assert_eq!(m.expiry_date, date(95, 7, 12));
        assert_eq!(m.sex, Sex::Male);

        // Optional data may follow the continuation's check digit and filler.
        let after = edited(Format::Td1, &TD1_LONG, 0, 20, "AB12");
        let m = parse_lines(&after).unwrap();
        assert_eq!(
            (m.document_number.as_str(), m.optional_data.as_str()),
            ("D23145890734", "AB12")
        );

        // The continuation may fill the optional data: a 23-character number.
        let number = "D23145890ABCDEFGHIJKLMN";
        let digit = char::from(charset::check_digit(number.as_bytes()).unwrap());
        let full = edited(
            Format::Td1,
            &TD1_LONG,
            0,
            15,
            &format!("ABCDEFGHIJKLMN{digit}"),
        );
        let m = parse_lines(&full).unwrap();
        assert_eq!(
            (m.document_number.as_str(), m.optional_data.as_str()),
            (number, "")
        );
    }

    #[test]
    fn td1_long_document_number_errors() {
        let long_error = |kind| MrzError {
            kind,
            line: Some(0),
            field: Some(Field::DocumentNumber),
        };
        // Wrong check digit at the end of the continuation.
        let wrong = edited(Format::Td1, &TD1_LONG, 0, 18, "8");
        assert_eq!(
            error_of(&wrong),
            long_error(ErrorKind::CheckDigit {
                expected: '9',
                found: '8'
            })
        );
        // A continuation of one character has no room for the number: the
        // `<` stands where the 9-character number's check digit belongs.
        let short = edited(Format::Td1, &TD1_LONG, 0, 15, "3<<<");
        assert_eq!(
            error_of(&short),
            long_error(ErrorKind::CheckDigit {
                expected: '7',
                found: '<'
            })
        );
        let none = edited(Format::Td1, &TD1_LONG, 0, 15, "<<<<");
        assert_eq!(
            error_of(&none),
            long_error(ErrorKind::CheckDigit {
                expected: '7',
                found: '<'
            })
        );
        // A number that does not fill its 9 positions cannot continue.
        let gap = edited(Format::Td1, &TD1_LONG, 0, 13, "<");
        assert_eq!(
            error_of(&gap).kind,
            ErrorKind::CheckDigit {
                expected: charset::check_digit(b"D2314589<").map(char::from).unwrap(),
                found: '<'
            }
        );
        // The check digit must be a digit.
        let letter = edited(Format::Td1, &TD1_LONG, 0, 15, &"A".repeat(15));
        assert!(
            matches!(
                error_of(&letter).kind,
                ErrorKind::CheckDigit { found: 'A', .. }
            ),
            "{letter:?}"
        );
        // The composite covers the continuation like any optional data.
        let composite = [TD1_LONG[0], &TD1_LONG[1].replace("<2", "<3"), TD1_LONG[2]];
        assert_eq!(
            error_of(&composite).kind.code(),
            "mrz_composite_check_digit"
        );
    }

    #[test]
    fn birth_year_is_the_latest_not_in_the_future() {
        assert_eq!(date(74, 8, 12).birth_year(2025), 1974);
        assert_eq!(date(25, 1, 1).birth_year(2025), 2025);
        assert_eq!(date(26, 1, 1).birth_year(2025), 1926);
        assert_eq!(date(0, 1, 1).birth_year(2025), 2000);
        assert_eq!(date(99, 1, 1).birth_year(2025), 1999);
        assert_eq!(date(99, 1, 1).birth_year(2099), 2099);
        assert_eq!(date(0, 1, 1).birth_year(2099), 2000);
        assert_eq!(date(1, 1, 1).birth_year(2100), 2001);
    }

    #[test]
    fn expiry_year_is_this_century_unless_over_fifty_years_ahead() {
        assert_eq!(date(12, 4, 15).expiry_year(2025), 2012);
        assert_eq!(date(35, 4, 15).expiry_year(2025), 2035);
        assert_eq!(date(75, 4, 15).expiry_year(2025), 2075);
        assert_eq!(date(76, 4, 15).expiry_year(2025), 1976);
        assert_eq!(date(96, 12, 10).expiry_year(2025), 1996);
        assert_eq!(date(96, 12, 10).expiry_year(2050), 2096);
    }

    #[test]
    fn dates_display_as_printed() {
        assert_eq!(date(5, 3, 9).to_string(), "050309");
        assert_eq!(date(74, 12, 31).to_string(), "741231");
    }

    #[test]
    fn error_codes_are_stable() {
        let kinds = [
            (ErrorKind::Shape { lines: 1, width: 2 }, "mrz_shape"),
            (ErrorKind::RaggedLines, "mrz_ragged_lines"),
            (
                ErrorKind::BadCharacter {
                    column: 0,
                    found: 'a',
                },
                "mrz_bad_character",
            ),
            (
                ErrorKind::WrongClass {
                    column: 0,
                    found: 'a',
                },
                "mrz_wrong_class",
            ),
            (
                ErrorKind::CheckDigit {
                    expected: '1',
                    found: '2',
                },
                "mrz_check_digit",
            ),
            (
                ErrorKind::CompositeCheckDigit {
                    expected: '1',
                    found: '2',
                },
                "mrz_composite_check_digit",
            ),
            (ErrorKind::BadDate("991399".into()), "mrz_bad_date"),
            (ErrorKind::EmptyField, "mrz_empty_field"),
            (
                ErrorKind::PassportNotTd3 {
                    format: Format::Td2,
                },
                "mrz_passport_not_td3",
            ),
        ];
        for (kind, code) in kinds {
            assert_eq!(kind.code(), code);
        }
    }

    #[test]
    fn error_messages_count_lines_from_one() {
        let e = error_of(&[TD3[0], &TD3[1].replace("C36", "C37")]);
        assert_eq!(
            e.to_string(),
            "check digit '7' should be '6' (line 2) [DocumentNumber]"
        );
    }
}
