//! The five MRZ layouts of ICAO 9303 (parts 4–7) as data: where each field
//! stands, what each position may hold, and which positions each check digit
//! covers. Parsing, the reader's corrections and the test generators all read
//! this one table, so a layout is written down once.

use crate::charset::{CharClass, check_digit};

/// An MRZ layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// ID-1 size cards: 3 lines of 30.
    #[serde(rename = "TD1")]
    Td1,
    /// ID-2 size cards: 2 lines of 36.
    #[serde(rename = "TD2")]
    Td2,
    /// Passport books: 2 lines of 44.
    #[serde(rename = "TD3")]
    Td3,
    /// Full-size visas: 2 lines of 44, no composite check digit.
    #[serde(rename = "MRVA")]
    MrvA,
    /// Small visas: 2 lines of 36, no composite check digit.
    #[serde(rename = "MRVB")]
    MrvB,
}

/// A span of one line: `line`, columns `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// A [`Span`] literal; a macro rather than a `const fn` so that the tables
/// below are promoted to statics.
macro_rules! span {
    ($line:expr, $start:expr, $end:expr) => {
        Span {
            line: $line,
            start: $start,
            end: $end,
        }
    };
}

/// A [`Check`] literal: `check!(field, [covers…], digit)`, or
/// `check!(composite, …)`, `check!(filler_ok field, …)`.
macro_rules! check {
    (composite, [$($l:expr, $s:expr, $e:expr);+], $dl:expr, $ds:expr) => {
        Check { field: None, covers: &[$(span!($l, $s, $e)),+], digit: span!($dl, $ds, $ds + 1), filler_when_empty: false }
    };
    (filler_ok $f:ident, [$($l:expr, $s:expr, $e:expr);+], $dl:expr, $ds:expr) => {
        Check { field: Some(Field::$f), covers: &[$(span!($l, $s, $e)),+], digit: span!($dl, $ds, $ds + 1), filler_when_empty: true }
    };
    ($f:ident, [$($l:expr, $s:expr, $e:expr);+], $dl:expr, $ds:expr) => {
        Check { field: Some(Field::$f), covers: &[$(span!($l, $s, $e)),+], digit: span!($dl, $ds, $ds + 1), filler_when_empty: false }
    };
}

/// A field of a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    DocumentCode,
    IssuingState,
    Names,
    DocumentNumber,
    Nationality,
    BirthDate,
    Sex,
    ExpiryDate,
    OptionalData,
    OptionalData2,
}

/// A check digit at `digit` over the concatenation of `covers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// The field the check belongs to (`None` for the composite).
    pub field: Option<Field>,
    pub covers: &'static [Span],
    pub digit: Span,
    /// ICAO allows `<` instead of `0` when the covered data is all fillers
    /// (TD3's personal number).
    pub filler_when_empty: bool,
}

impl Check {
    /// The characters the check covers, in order, read through
    /// `at(line, column)` (`None` where the text is too short).
    pub fn data(&self, at: impl Fn(usize, usize) -> Option<u8>) -> Option<Vec<u8>> {
        self.covers
            .iter()
            .flat_map(|s| (s.start..s.end).map(move |c| (s.line, c)))
            .map(|(l, c)| at(l, c))
            .collect()
    }

    /// Whether the check digit agrees with the data it covers. ICAO
    /// 9303-4 §4.2.2: where the covered data is all fillers, `<` may stand
    /// for the digit (`filler_when_empty`).
    pub fn passes(&self, at: impl Fn(usize, usize) -> Option<u8>) -> bool {
        let (Some(data), Some(found)) = (self.data(&at), at(self.digit.line, self.digit.start))
        else {
            return false;
        };
        check_digit(&data) == Some(found)
            || (self.filler_when_empty && found == b'<' && data.iter().all(|&c| c == b'<'))
    }
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Td1,
        Format::Td2,
        Format::Td3,
        Format::MrvA,
        Format::MrvB,
    ];

    /// Number of lines.
    pub const fn lines(self) -> usize {
        match self {
            Format::Td1 => 3,
            _ => 2,
        }
    }

    /// Characters per line.
    pub const fn width(self) -> usize {
        match self {
            Format::Td1 => 30,
            Format::Td2 | Format::MrvB => 36,
            Format::Td3 | Format::MrvA => 44,
        }
    }

    /// The layouts with this shape, passports and cards before visas: the
    /// first letter of line 1 (`V` for visas) decides between them.
    pub fn with_shape(lines: usize, width: usize) -> &'static [Format] {
        match (lines, width) {
            (3, 30) => &[Format::Td1],
            (2, 36) => &[Format::Td2, Format::MrvB],
            (2, 44) => &[Format::Td3, Format::MrvA],
            _ => &[],
        }
    }

    /// The layout that a document whose lines have this shape and whose first
    /// character is `first` uses.
    pub fn detect(lines: usize, width: usize, first: u8) -> Option<Format> {
        let shapes = Format::with_shape(lines, width);
        match shapes {
            [one] => Some(*one),
            [doc, visa] => Some(if first == b'V' { *visa } else { *doc }),
            _ => None,
        }
    }

    /// Where each field stands.
    pub fn fields(self) -> &'static [(Field, Span)] {
        use Field::*;
        match self {
            Format::Td1 => &[
                (DocumentCode, span!(0, 0, 2)),
                (IssuingState, span!(0, 2, 5)),
                (DocumentNumber, span!(0, 5, 14)),
                (OptionalData, span!(0, 15, 30)),
                (BirthDate, span!(1, 0, 6)),
                (Sex, span!(1, 7, 8)),
                (ExpiryDate, span!(1, 8, 14)),
                (Nationality, span!(1, 15, 18)),
                (OptionalData2, span!(1, 18, 29)),
                (Names, span!(2, 0, 30)),
            ],
            Format::Td2 | Format::Td3 | Format::MrvA | Format::MrvB => {
                macro_rules! two_line {
                    ($w:expr, $optional_end:expr) => {
                        [
                            (DocumentCode, span!(0, 0, 2)),
                            (IssuingState, span!(0, 2, 5)),
                            (Names, span!(0, 5, $w)),
                            (DocumentNumber, span!(1, 0, 9)),
                            (Nationality, span!(1, 10, 13)),
                            (BirthDate, span!(1, 13, 19)),
                            (Sex, span!(1, 20, 21)),
                            (ExpiryDate, span!(1, 21, 27)),
                            (OptionalData, span!(1, 28, $optional_end)),
                        ]
                    };
                }
                const TD2: [(Field, Span); 9] = two_line!(36, 35);
                const TD3: [(Field, Span); 9] = two_line!(44, 42);
                const MRVA: [(Field, Span); 9] = two_line!(44, 44);
                const MRVB: [(Field, Span); 9] = two_line!(36, 36);
                match self {
                    Format::Td2 => &TD2,
                    Format::Td3 => &TD3,
                    Format::MrvA => &MRVA,
                    _ => &MRVB,
                }
            }
        }
    }

    /// The check digits, the composite last.
    pub fn checks(self) -> &'static [Check] {
        match self {
            Format::Td1 => &[
                check!(DocumentNumber, [0, 5, 14], 0, 14),
                check!(BirthDate, [1, 0, 6], 1, 6),
                check!(ExpiryDate, [1, 8, 14], 1, 14),
                check!(composite, [0, 5, 30; 1, 0, 7; 1, 8, 15; 1, 18, 29], 1, 29),
            ],
            Format::Td2 => &[
                check!(DocumentNumber, [1, 0, 9], 1, 9),
                check!(BirthDate, [1, 13, 19], 1, 19),
                check!(ExpiryDate, [1, 21, 27], 1, 27),
                check!(composite, [1, 0, 10; 1, 13, 20; 1, 21, 35], 1, 35),
            ],
            Format::Td3 => &[
                check!(DocumentNumber, [1, 0, 9], 1, 9),
                check!(BirthDate, [1, 13, 19], 1, 19),
                check!(ExpiryDate, [1, 21, 27], 1, 27),
                check!(filler_ok OptionalData, [1, 28, 42], 1, 42),
                check!(composite, [1, 0, 10; 1, 13, 20; 1, 21, 43], 1, 43),
            ],
            Format::MrvA | Format::MrvB => &[
                check!(DocumentNumber, [1, 0, 9], 1, 9),
                check!(BirthDate, [1, 13, 19], 1, 19),
                check!(ExpiryDate, [1, 21, 27], 1, 27),
            ],
        }
    }

    /// Where a TD1 card marks a document number longer than 9 characters
    /// (ICAO 9303-5 §4.2.2 note j): a `<` in the number's check-digit position
    /// (line 0, col 14); the number then continues in the optional data, up to
    /// the first `<`, and its last character there is the check digit.
    pub const fn long_number_mark(self) -> Option<(usize, usize)> {
        match self {
            Format::Td1 => Some((0, 14)),
            _ => None,
        }
    }

    /// What the character at `line`, `col` may be.
    pub fn class_at(self, line: usize, col: usize) -> CharClass {
        // The long-number mark stands where a check digit would: a digit for
        // numbers of up to 9 characters, `<` for longer ones.
        if self.long_number_mark() == Some((line, col)) {
            return CharClass::DigitOrFiller;
        }
        if self
            .checks()
            .iter()
            .any(|c| c.digit.line == line && c.digit.start == col)
        {
            return if self
                .checks()
                .iter()
                .any(|c| c.filler_when_empty && c.digit.line == line && c.digit.start == col)
            {
                CharClass::DigitOrFiller
            } else {
                CharClass::Digit
            };
        }
        let field = self
            .fields()
            .iter()
            .find(|(_, s)| s.line == line && (s.start..s.end).contains(&col))
            .map(|(f, s)| (*f, col - s.start));
        match field {
            Some((Field::DocumentCode, 0)) => CharClass::Letter,
            Some((
                Field::DocumentCode | Field::IssuingState | Field::Nationality | Field::Names,
                _,
            )) => CharClass::Alpha,
            Some((Field::BirthDate | Field::ExpiryDate, _)) => CharClass::DigitOrFiller,
            Some((Field::Sex, _)) => CharClass::Sex,
            // Document numbers, optional data, and the unnamed fillers
            // (TD1 line 1 col 14 when the number is long) hold anything.
            _ => CharClass::Any,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_checks_stay_inside_their_lines() {
        for f in Format::ALL {
            for (_, s) in f.fields() {
                assert!(
                    s.line < f.lines() && s.start < s.end && s.end <= f.width(),
                    "{f:?} {s:?}"
                );
            }
            for c in f.checks() {
                for s in c.covers.iter().chain([&c.digit]) {
                    assert!(
                        s.line < f.lines() && s.start < s.end && s.end <= f.width(),
                        "{f:?} {s:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn classes_of_the_td3_specimen() {
        let f = Format::Td3;
        assert_eq!(f.class_at(0, 0), CharClass::Letter);
        assert_eq!(f.class_at(0, 10), CharClass::Alpha);
        assert_eq!(f.class_at(1, 9), CharClass::Digit);
        assert_eq!(f.class_at(1, 13), CharClass::DigitOrFiller);
        assert_eq!(f.class_at(1, 20), CharClass::Sex);
        assert_eq!(f.class_at(1, 42), CharClass::DigitOrFiller);
        assert_eq!(f.class_at(1, 43), CharClass::Digit);
        assert_eq!(f.class_at(1, 3), CharClass::Any);
    }

    #[test]
    fn td1_number_check_position_may_hold_the_long_number_mark() {
        assert_eq!(Format::Td1.class_at(0, 14), CharClass::DigitOrFiller);
        assert_eq!(Format::Td1.class_at(1, 6), CharClass::Digit);
        assert_eq!(Format::Td2.class_at(1, 9), CharClass::Digit);
    }

    #[test]
    fn detect_tells_visas_from_documents() {
        assert_eq!(Format::detect(2, 44, b'P'), Some(Format::Td3));
        assert_eq!(Format::detect(2, 44, b'V'), Some(Format::MrvA));
        assert_eq!(Format::detect(2, 36, b'I'), Some(Format::Td2));
        assert_eq!(Format::detect(2, 36, b'V'), Some(Format::MrvB));
        assert_eq!(Format::detect(3, 30, b'I'), Some(Format::Td1));
        assert_eq!(Format::detect(3, 44, b'P'), None);
    }
}
