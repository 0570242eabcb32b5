//! Random but valid MRZ texts of every layout, built from the layout table of
//! paspor-mrz so that each generated check digit is computed, not typed.

use paspor_mrz::Format;
use paspor_mrz::charset::check_digit;
use paspor_mrz::format::Span;

use crate::rng::Rng;

const STATES: &[&str] = &[
    "IDN", "UTO", "D<<", "NLD", "FRA", "MYS", "SGP", "AUS", "JPN", "SAU", "GBR", "USA",
];
const SURNAMES: &[&str] = &[
    "SETIAWAN",
    "WIJAYA",
    "NASUTION",
    "SIREGAR",
    "HARAHAP",
    "SANTOSO",
    "KUSUMA",
    "PRATAMA",
    "HIDAYAT",
    "ERIKSSON",
    "MUSTERMANN",
    "QUAYLE",
    "VAN<DER<BERG",
    "OXLEY",
    "JUNG",
    "ZAFIRAH",
];
const GIVEN: &[&str] = &[
    "BUDI",
    "SITI<NURHALIZA",
    "AGUS",
    "DEWI",
    "RIZKY<ADITYA",
    "ANNA<MARIA",
    "MUHAMMAD<FAJAR",
    "PUTRI",
    "YOGA",
    "WAHYU",
    "JOKO",
    "KEVIN<XAVIER",
    "QORY",
    "LESTARI",
    "ZULKIFLI",
];

/// A random, valid MRZ of `format`: names mostly realistic, sometimes random
/// letters (so that rare letters such as Q, X and Z are well represented),
/// sometimes an Indonesian mononym.
pub fn random_mrz(format: Format, rng: &mut Rng) -> Vec<String> {
    let w = format.width();
    let mut lines = vec![vec![b'<'; w]; format.lines()];
    let put = |lines: &mut Vec<Vec<u8>>, s: Span, text: &[u8]| {
        for (i, &c) in text.iter().take(s.end - s.start).enumerate() {
            lines[s.line][s.start + i] = c;
        }
    };
    let letters = |rng: &mut Rng, n: usize| -> Vec<u8> {
        (0..n).map(|_| b'A' + rng.below(26) as u8).collect()
    };
    let alnum = |rng: &mut Rng, n: usize| -> Vec<u8> {
        (0..n)
            .map(|_| *rng.pick(paspor_mrz::charset::ALPHABET.split_last().unwrap().1))
            .collect()
    };
    let date = |rng: &mut Rng| -> Vec<u8> {
        format!(
            "{:02}{:02}{:02}",
            rng.below(100),
            1 + rng.below(12),
            1 + rng.below(28)
        )
        .into_bytes()
    };
    for &(field, s) in format.fields() {
        use paspor_mrz::Field::*;
        let n = s.end - s.start;
        let text: Vec<u8> = match field {
            DocumentCode => match format {
                Format::Td3 => {
                    if rng.chance(0.3) {
                        b"P<".to_vec()
                    } else {
                        vec![b'P', *rng.pick(b"<AMNO")]
                    }
                }
                Format::MrvA | Format::MrvB => vec![b'V', *rng.pick(b"<ABCD")],
                _ => vec![*rng.pick(b"IAC"), *rng.pick(b"<DI")],
            },
            IssuingState | Nationality => rng.pick(STATES).as_bytes().to_vec(),
            Names => {
                let roll = rng.unit();
                let name = if roll < 0.15 {
                    // Indonesian mononym: an empty primary identifier.
                    format!("<<{}", rng.pick(GIVEN))
                } else if roll < 0.45 {
                    let a = String::from_utf8({
                        let n = 3 + rng.below(9);
                        letters(rng, n)
                    })
                    .unwrap();
                    let b = String::from_utf8({
                        let n = 3 + rng.below(12);
                        letters(rng, n)
                    })
                    .unwrap();
                    format!("{a}<<{b}")
                } else {
                    format!("{}<<{}", rng.pick(SURNAMES), rng.pick(GIVEN))
                };
                name.into_bytes()
            }
            DocumentNumber => {
                let mut v = alnum(rng, 9);
                if rng.chance(0.5) {
                    // Indonesian passports: a letter and 7 digits.
                    v = format!(
                        "{}{:07}<",
                        (b'A' + rng.below(26) as u8) as char,
                        rng.below(10_000_000)
                    )
                    .into_bytes();
                }
                v
            }
            BirthDate | ExpiryDate => date(rng),
            Sex => vec![*rng.pick(b"MF<")],
            OptionalData | OptionalData2 => {
                if rng.chance(0.5) {
                    vec![]
                } else {
                    let k = rng.below(n + 1);
                    alnum(rng, k)
                }
            }
        };
        put(&mut lines, s, &text);
    }
    for c in format.checks() {
        let data = c
            .data(|l, col| lines.get(l)?.get(col).copied())
            .expect("inside the lines");
        let digit = if c.filler_when_empty && data.iter().all(|&b| b == b'<') && rng.chance(0.5) {
            b'<'
        } else {
            check_digit(&data).expect("generated MRZ characters")
        };
        lines[c.digit.line][c.digit.start] = digit;
    }
    lines
        .into_iter()
        .map(|l| String::from_utf8(l).expect("ASCII"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_generated_mrz_has_the_shape_of_its_format_and_passes_its_checks() {
        let mut rng = Rng::new(7);
        for format in Format::ALL {
            for _ in 0..200 {
                let lines = random_mrz(format, &mut rng);
                assert_eq!(lines.len(), format.lines());
                for c in format.checks() {
                    assert!(
                        c.passes(|l, col| lines.get(l)?.as_bytes().get(col).copied()),
                        "{format:?} {lines:?}"
                    );
                }
                for (l, line) in lines.iter().enumerate() {
                    assert_eq!(line.len(), format.width());
                    for (col, c) in line.bytes().enumerate() {
                        assert!(
                            format.class_at(l, col).allows(c),
                            "{format:?} {l}:{col} {line}"
                        );
                    }
                }
            }
        }
    }
}
