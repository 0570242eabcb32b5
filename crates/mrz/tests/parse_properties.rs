//! Properties of the MRZ parser over many generated inputs:
//!
//! - it never panics, whatever the text (the reader feeds it OCR output and
//!   the app feeds it user corrections), and an error always points inside
//!   the text;
//! - on strings over the MRZ alphabet in the five exact shapes, which get
//!   past the shape and character checks and reach the class, check-digit,
//!   date, long-number and empty-field paths, it never panics either;
//! - a valid MRZ built from random field values, its check digits computed
//!   with `charset::check_digit`, parses back to exactly those values.

use paspor_mrz::charset::{ALPHABET, check_digit};
use paspor_mrz::format::{Field, Format, Span};
use paspor_mrz::{ErrorKind, Mrz, MrzDate, Sex, parse};
use proptest::prelude::*;
use proptest::sample::select;

const CASES: u32 = 100_000;

/// What must hold of any result: an error points at a line and column that
/// exist; a success's lines are the input's and its fields are well formed.
fn check_result(text: &str, result: &Result<Mrz, paspor_mrz::MrzError>) {
    let lines: Vec<String> = text
        .replace('\r', "")
        .strip_suffix('\n')
        .map_or_else(|| text.replace('\r', ""), str::to_owned)
        .split('\n')
        .map(str::to_owned)
        .collect();
    match result {
        Err(e) => {
            if let Some(l) = e.line {
                assert!(l < lines.len(), "{e:?} for {text:?}");
                let width = lines[l].chars().count();
                if let ErrorKind::BadCharacter { column, found }
                | ErrorKind::WrongClass { column, found } = e.kind
                {
                    assert_eq!(lines[l].chars().nth(column), Some(found), "{e:?} {text:?}");
                    assert!(column < width);
                }
            }
            assert!(e.kind.code().starts_with("mrz_"));
            assert!(!e.to_string().is_empty());
        }
        Ok(m) => {
            assert_eq!(m.lines, lines);
            assert_eq!(m.lines.len(), m.format.lines());
            assert!(m.lines.iter().all(|l| l.len() == m.format.width()));
            for d in [m.birth_date, m.expiry_date] {
                assert!(d.yy < 100 && (1..=12).contains(&d.month) && (1..=31).contains(&d.day));
            }
            assert!(!m.surname.is_empty() || !m.given_names.is_empty());
            assert!(!m.document_number.is_empty());
            for s in [
                &m.document_code,
                &m.issuing_state,
                &m.nationality,
                &m.optional_data,
            ] {
                assert!(!s.ends_with('<'), "{m:?}");
            }
        }
    }
}

/// How far a shaped string is pushed towards validity, so that the whole
/// range of outcomes is reached (see `shaped_strings_reach_every_check`).
#[derive(Debug, Clone, Copy)]
struct Knobs {
    /// Swap characters a position's class refuses for allowed ones.
    respect: bool,
    /// Make the months 01–12 and the days 01–28.
    dates: bool,
    /// Put the TD1 long-number mark `<` at line 0 col 14.
    long: bool,
    /// Fill one mandatory field (0–3 of `MANDATORY`) with fillers.
    blank: Option<usize>,
    /// 0: leave the check digits, 1: recompute all but the composite, 2: all.
    fix: u8,
}

const MANDATORY: [Field; 4] = [
    Field::Names,
    Field::DocumentNumber,
    Field::IssuingState,
    Field::Nationality,
];

/// Lines over the MRZ alphabet in `format`'s exact shape, from `raw`
/// characters pushed towards validity as `knobs` say.
fn shaped(format: Format, raw: &[u8], knobs: Knobs) -> String {
    let width = format.width();
    let mut rows: Vec<Vec<u8>> = (0..format.lines())
        .map(|l| raw[l * width..(l + 1) * width].to_vec())
        .collect();
    if knobs.respect {
        for (l, row) in rows.iter_mut().enumerate() {
            for (col, c) in row.iter_mut().enumerate() {
                let class = format.class_at(l, col);
                if !class.allows(*c) {
                    let allowed: Vec<u8> = ALPHABET
                        .iter()
                        .copied()
                        .filter(|&a| class.allows(a))
                        .collect();
                    *c = allowed[usize::from(*c) % allowed.len()];
                }
            }
        }
        // Keep the layout: a visa's first letter would change it.
        if format == Format::MrvA || format == Format::MrvB {
            rows[0][0] = b'V';
        } else if rows[0][0] == b'V' {
            rows[0][0] = b'P';
        }
    }
    if knobs.dates {
        for field in [Field::BirthDate, Field::ExpiryDate] {
            let s = span(format, field);
            let seed =
                usize::from(rows[s.line][s.start + 2]) + usize::from(rows[s.line][s.start + 4]);
            let month_day = format!("{:02}{:02}", 1 + seed % 12, 1 + seed % 28);
            rows[s.line][s.start + 2..s.end].copy_from_slice(month_day.as_bytes());
        }
    }
    if let Some(i) = knobs.blank {
        let s = span(format, MANDATORY[i % MANDATORY.len()]);
        rows[s.line][s.start..s.end].fill(b'<');
    }
    let mark = format.long_number_mark().filter(|_| knobs.long);
    if let Some((l, c)) = mark {
        rows[l][c] = b'<';
        if knobs.fix > 0 {
            // The continuation's last character is its check digit.
            let number = span(format, Field::DocumentNumber);
            let optional = span(format, Field::OptionalData);
            let row = &mut rows[l];
            let len = row[optional.start..optional.end]
                .iter()
                .position(|&c| c == b'<')
                .unwrap_or(optional.end - optional.start);
            if len >= 2 {
                let digit_at = optional.start + len - 1;
                let mut data = row[number.start..number.end].to_vec();
                data.extend_from_slice(&row[optional.start..digit_at]);
                row[digit_at] = check_digit(&data).unwrap();
            }
        }
    }
    for check in format.checks() {
        let wanted = match check.field {
            Some(Field::DocumentNumber) if mark.is_some() => false,
            Some(_) => knobs.fix >= 1,
            None => knobs.fix >= 2,
        };
        if wanted {
            let data: Vec<u8> = check
                .covers
                .iter()
                .flat_map(|s| rows[s.line][s.start..s.end].to_vec())
                .collect();
            rows[check.digit.line][check.digit.start] = check_digit(&data).unwrap();
        }
    }
    rows.into_iter()
        .map(|r| String::from_utf8(r).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

fn any_format() -> impl Strategy<Value = Format> {
    select(Format::ALL.to_vec())
}

/// Strings over the MRZ alphabet in one of the five shapes.
fn mrz_shaped() -> impl Strategy<Value = String> {
    let knobs = (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::option::weighted(0.1, 0usize..4),
        0u8..=2,
    )
        .prop_map(|(respect, dates, long, blank, fix)| Knobs {
            respect,
            dates,
            long,
            blank,
            fix,
        });
    (any_format(), knobs).prop_flat_map(|(format, knobs)| {
        let n = format.lines() * format.width();
        proptest::collection::vec(select(ALPHABET.to_vec()), n)
            .prop_map(move |raw| shaped(format, &raw, knobs))
    })
}

/// Strings of up to `max` characters drawn from `chars`. Built from
/// characters rather than a regex: proptest is not optimised in dev builds
/// and its regex strategies would make the 100k cases slow.
fn text_of(chars: impl Strategy<Value = char>, max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(chars, 0..=max).prop_map(String::from_iter)
}

const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LETTERS_AND_FILLER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
const LETTERS_AND_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// Strings of `len` characters from the ASCII set `chars`.
fn text_over(
    chars: &'static [u8],
    len: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = String> {
    proptest::collection::vec(select(chars), len)
        .prop_map(|bytes| bytes.into_iter().map(char::from).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn never_panics_on_arbitrary_strings(text in text_of(any::<char>(), 140)) {
        check_result(&text, &parse(&text));
    }

    #[test]
    fn never_panics_on_line_like_strings(
        text in text_of(select("ABZ019<<<<\n\r aé".chars().collect::<Vec<_>>()), 140)
    ) {
        check_result(&text, &parse(&text));
    }

    #[test]
    fn never_panics_on_mrz_shaped_strings(text in mrz_shaped()) {
        check_result(&text, &parse(&text));
    }
}

/// Random field values of a valid MRZ.
#[derive(Debug, Clone)]
struct Fields {
    format: Format,
    document_code: String,
    issuing_state: String,
    nationality: String,
    surname: Vec<String>,
    given: Vec<String>,
    document_number: String,
    birth: MrzDate,
    sex: u8,
    expiry: MrzDate,
    optional: String,
    optional_2: String,
    /// TD3: `<` instead of `0` as the check digit of empty optional data.
    filler_check: bool,
}

fn date() -> impl Strategy<Value = MrzDate> {
    (0u8..100, 1u8..=12, 1u8..=31).prop_map(|(yy, month, day)| {
        let days = match month {
            2 => 29,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        MrzDate {
            yy,
            month,
            day: day.min(days),
        }
    })
}

fn words(max: usize) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(text_over(LETTERS, 1..=8), 0..=max)
}

fn fields() -> impl Strategy<Value = Fields> {
    (
        any_format(),
        text_over(LETTERS_AND_FILLER, 1..=1),
        text_over(LETTERS, 1..=3),
        text_over(LETTERS, 1..=3),
        (words(3), words(3), text_over(LETTERS, 1..=8)),
        (1usize..=23, text_over(LETTERS_AND_DIGITS, 23..=23)),
        (date(), select(b"MFX<".to_vec()), date()),
        (
            text_over(&ALPHABET[..], 16..=16),
            text_over(&ALPHABET[..], 11..=11),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                format,
                code_2,
                issuing_state,
                nationality,
                (surname, given, fallback),
                (number_len, number),
                (birth, sex, expiry),
                (optional, optional_2, filler_check),
            )| {
                let first = match format {
                    Format::Td3 => "P",
                    Format::MrvA | Format::MrvB => "V",
                    Format::Td1 | Format::Td2 => ["I", "A", "C"][number_len % 3],
                };
                // A long number only where ICAO defines one (TD1).
                let max = if format == Format::Td1 { 23 } else { 9 };
                let mut given = given;
                if surname.is_empty() && given.is_empty() {
                    given.push(fallback);
                }
                Fields {
                    format,
                    document_code: format!("{first}{code_2}"),
                    issuing_state,
                    nationality,
                    surname,
                    given,
                    document_number: number[..number_len.min(max)].to_owned(),
                    birth,
                    sex,
                    expiry,
                    optional,
                    optional_2,
                    filler_check,
                }
            },
        )
}

fn span(format: Format, field: Field) -> Span {
    format
        .fields()
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, s)| *s)
        .expect("field in layout")
}

fn date_text(d: MrzDate) -> String {
    format!("{:02}{:02}{:02}", d.yy, d.month, d.day)
}

/// The MRZ of `f` and the values the parser must give back. Names that do
/// not fit are shortened by whole words, as an issuer would (the parser's
/// handling of cut words is a unit test's business).
fn build(f: &Fields) -> (String, Mrz) {
    let format = f.format;
    let mut rows = vec![vec![b'<'; format.width()]; format.lines()];
    let put = |rows: &mut Vec<Vec<u8>>, s: Span, text: &str| {
        let text = &text.as_bytes()[..text.len().min(s.end - s.start)];
        rows[s.line][s.start..s.start + text.len()].copy_from_slice(text);
    };

    put(
        &mut rows,
        span(format, Field::DocumentCode),
        &f.document_code,
    );
    put(
        &mut rows,
        span(format, Field::IssuingState),
        &f.issuing_state,
    );
    put(&mut rows, span(format, Field::Nationality), &f.nationality);
    put(
        &mut rows,
        span(format, Field::BirthDate),
        &date_text(f.birth),
    );
    put(
        &mut rows,
        span(format, Field::ExpiryDate),
        &date_text(f.expiry),
    );
    put(
        &mut rows,
        span(format, Field::Sex),
        &char::from(f.sex).to_string(),
    );

    let names_span = span(format, Field::Names);
    let (mut surname, mut given) = (f.surname.clone(), f.given.clone());
    let names_text = |s: &[String], g: &[String]| format!("{}<<{}", s.join("<"), g.join("<"));
    while names_text(&surname, &given).trim_end_matches('<').len()
        > names_span.end - names_span.start
    {
        if given.len() > usize::from(surname.is_empty()) {
            given.pop();
        } else {
            surname.pop();
        }
    }
    put(&mut rows, names_span, &names_text(&surname, &given));

    let number_span = span(format, Field::DocumentNumber);
    let optional_span = span(format, Field::OptionalData);
    let optional_room = optional_span.end - optional_span.start;
    let long = f.document_number.len() > 9;
    let optional_data = if long {
        // ICAO 9303-5 note j: 9 characters, `<`, the rest and its check
        // digit, a filler, then whatever optional data still fits.
        let (head, tail) = f.document_number.split_at(9);
        put(&mut rows, number_span, head);
        let digit = char::from(check_digit(f.document_number.as_bytes()).unwrap());
        let continuation = format!("{tail}{digit}");
        let room = optional_room.saturating_sub(continuation.len() + 1);
        let rest: String = f.optional[..room].trim_matches('<').to_owned();
        put(&mut rows, optional_span, &format!("{continuation}<{rest}"));
        rest
    } else {
        put(&mut rows, number_span, &f.document_number);
        let optional = &f.optional[..optional_room];
        put(&mut rows, optional_span, optional);
        optional.trim_end_matches('<').to_owned()
    };
    let optional_data_2 = (format == Format::Td1).then(|| {
        put(&mut rows, span(format, Field::OptionalData2), &f.optional_2);
        f.optional_2.trim_end_matches('<').to_owned()
    });

    for check in format.checks() {
        if long && check.field == Some(Field::DocumentNumber) {
            continue; // written with the continuation
        }
        let data: Vec<u8> = check
            .covers
            .iter()
            .flat_map(|s| rows[s.line][s.start..s.end].to_vec())
            .collect();
        let mut digit = check_digit(&data).unwrap();
        if check.filler_when_empty && f.filler_check && data.iter().all(|&c| c == b'<') {
            digit = b'<';
        }
        rows[check.digit.line][check.digit.start] = digit;
    }

    let lines: Vec<String> = rows
        .into_iter()
        .map(|r| String::from_utf8(r).unwrap())
        .collect();
    let expected = Mrz {
        format,
        lines: lines.clone(),
        document_code: f.document_code.trim_end_matches('<').to_owned(),
        issuing_state: f.issuing_state.clone(),
        document_number: f.document_number.clone(),
        nationality: f.nationality.clone(),
        birth_date: f.birth,
        sex: match f.sex {
            b'M' => Sex::Male,
            b'F' => Sex::Female,
            _ => Sex::Unspecified,
        },
        expiry_date: f.expiry,
        surname: surname.join(" "),
        given_names: given.join(" "),
        optional_data,
        optional_data_2,
    };
    (lines.join("\n"), expected)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn valid_mrzs_parse_back_to_their_fields(f in fields()) {
        let (text, expected) = build(&f);
        prop_assert_eq!(parse(&text), Ok(expected.clone()), "{}", text);
        // Line endings of other systems change nothing.
        let crlf = format!("{}\r\n", text.replace('\n', "\r\n"));
        prop_assert_eq!(parse(&crlf), Ok(expected));
    }
}

#[test]
fn the_generator_makes_long_numbers_and_mononyms() {
    // Guards the round trip against a generator that never reaches the
    // interesting cases: build a few by hand through the same path.
    let base = Fields {
        format: Format::Td1,
        document_code: "ID".into(),
        issuing_state: "IDN".into(),
        nationality: "IDN".into(),
        surname: vec![],
        given: vec!["SUKARNO".into()],
        document_number: "D23145890734".into(),
        birth: MrzDate {
            yy: 1,
            month: 6,
            day: 6,
        },
        sex: b'M',
        expiry: MrzDate {
            yy: 30,
            month: 2,
            day: 29,
        },
        optional: "<AB<<<<<<<<<<<<<".into(),
        optional_2: "<<<<<<<<<<<".into(),
        filler_check: true,
    };
    let (text, expected) = build(&base);
    assert!(text.starts_with("IDIDND23145890<7349<AB<"), "{text}");
    let m = parse(&text).unwrap();
    assert_eq!(m, expected);
    assert_eq!(
        (m.surname.as_str(), m.given_names.as_str()),
        ("", "SUKARNO")
    );
    assert_eq!(m.optional_data, "AB");

    let td3 = Fields {
        format: Format::Td3,
        document_code: "P<".into(),
        document_number: "B1234567".into(),
        optional: "<".repeat(16),
        ..base
    };
    let (text, expected) = build(&td3);
    // The personal number's check digit is the filler ICAO allows.
    assert_eq!(
        text.lines().nth(1).map(|l| &l[28..43]),
        Some("<<<<<<<<<<<<<<<"),
        "{text}"
    );
    assert_eq!(parse(&text), Ok(expected));
}

#[test]
fn shaped_strings_reach_every_check() {
    // The no-panic property on shaped strings is only worth something if
    // those strings get past the early checks: sample the same strategy and
    // require every later outcome, success included, to occur.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = mrz_shaped();
    let mut seen = std::collections::BTreeMap::new();
    for _ in 0..20_000 {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        let outcome = match parse(&text) {
            Ok(m) if m.document_number.len() > 9 => "ok_long_number",
            Ok(_) => "ok",
            Err(e) => e.kind.code(),
        };
        *seen.entry(outcome).or_insert(0u32) += 1;
    }
    for outcome in [
        "ok",
        "ok_long_number",
        "mrz_wrong_class",
        "mrz_check_digit",
        "mrz_composite_check_digit",
        "mrz_bad_date",
        "mrz_empty_field",
    ] {
        // A few dozen of each in 20 000, so 100 000 cases try each path often.
        assert!(
            seen.get(outcome).copied().unwrap_or(0) >= 20,
            "{outcome} rarely reached: {seen:?}"
        );
    }
}
