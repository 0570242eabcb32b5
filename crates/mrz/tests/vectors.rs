//! The parser against third-party MRZ strings and the verdicts of an
//! independent implementation, the `mrz` PyPI package 0.6.2, as the oracle.
//! Two sets (`docs/mrz-data.md`): the 31 strings whose sources are MIT
//! licensed, kept in `tests/data/vectors` and always run, and the full 57 of
//! the extra data set (26 more from GPL-3.0 sources), run only when
//! `PASPOR_MRZ_EXTRA_DATA` names its directory.
//!
//! The oracle also checks things that are not ICAO 9303 syntax (its own list
//! of country codes, "a name must have a surname") and does not implement the
//! TD1 long document number, so on a few entries we must disagree; each is
//! listed in [`EXCEPTIONS`] with its reason, and the test fails if an
//! exception stops being one, so the list cannot silently grow stale.

use std::path::PathBuf;

use paspor_mrz::{ErrorKind, Field, Format, parse};
use serde::Deserialize;

/// The vectors kept in the repository (MIT sources only).
const VENDORED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/vectors/checksum_vectors.json"
);

/// The environment variable naming the extra data set's directory.
const EXTRA_ENV: &str = "PASPOR_MRZ_EXTRA_DATA";

/// One set of vectors and what is known of it.
struct Set {
    path: PathBuf,
    /// The number of entries (a changed file must be reviewed).
    len: usize,
    /// How many parse: a guard against a parser that accepts or refuses all.
    parsed: std::ops::RangeInclusive<usize>,
    /// Whether the strings only the GPL sources hold are in it.
    full: bool,
}

fn vendored() -> Set {
    Set {
        path: VENDORED.into(),
        len: 31,
        parsed: 15..=25,
        full: false,
    }
}

/// The full set, or `None` (with a message saying so) when it is not there.
fn extra() -> Option<Set> {
    let Some(dir) = std::env::var_os(EXTRA_ENV).filter(|v| !v.is_empty()) else {
        eprintln!(
            "SKIPPED: the full vector set (GPL-3.0 sources, not in the repository) runs \
             only when {EXTRA_ENV} names its directory; see docs/mrz-data.md"
        );
        return None;
    };
    Some(Set {
        path: PathBuf::from(dir).join("checksum_vectors.json"),
        len: 57,
        parsed: 30..=50,
        full: true,
    })
}

/// The sets to run: the vendored one always, the full one when present.
fn sets() -> Vec<Set> {
    std::iter::once(vendored()).chain(extra()).collect()
}

/// Lines (of [`EXCEPTIONS`] and the refusal cases) that only the GPL-sourced
/// vectors hold, so only the full set has them.
const GPL_ONLY: &[&str] = &[
    "D091740530BOS8201135M9708011<2020711",
    "P<ASUMXHMWD<<EBDALRXHYM<<<<<<<<<<<<<<<<<<<<<",
    "6802295F1907245SRB<<<<<<<<<<<6",
];

#[derive(Deserialize)]
struct Vector {
    mrz: String,
    format: String,
    /// `null` for a string that is no ICAO layout at all.
    mrz_pkg_valid: Option<bool>,
}

/// Where our verdict differs from the oracle's on purpose: a line that picks
/// out the MRZ (every entry holding it), the verdict we give, and why.
const EXCEPTIONS: &[(&str, bool, &str)] = &[
    (
        "D091740530BOS8201135M9708011<2020711",
        true,
        "nationality BOS is not on the oracle's country list; ICAO 9303 syntax and \
         every check digit pass, and we do not keep a country list (codes change, \
         and a wrong code is a document problem for the officer, not a misread)",
    ),
    (
        "I<CHED231458907ABC<<<<<<<<<<<<",
        true,
        "empty primary identifier (`<<ANNA<MARIA`): the oracle wants a surname, but \
         Indonesian mononyms are printed exactly this way and must parse",
    ),
    (
        "P<IND<<FIRST<NAME<<<<<<<<<<<<<<<<<<<<<<<<<<<",
        true,
        "empty primary identifier (`<<FIRST<NAME`): mononym form, see above",
    ),
    (
        "I<PRT007666667<ZZ00<<<<<<<<<<<",
        true,
        "TD1 long document number (ICAO 9303-5 §4.2.2 note j): 007666667ZZ0, check \
         digit 0 at the end of the continuation; the oracle does not implement note j",
    ),
    (
        "I<PRT007777779<ZZ92<<<<<<<<<<<",
        true,
        "TD1 long document number 007777779ZZ9, check digit 2 (note j)",
    ),
    (
        "I<UTOD23145890<1233<<<<<<<<<<<",
        true,
        "TD1 long document number D23145890123, check digit 3 (note j)",
    ),
    (
        "I<UTOD23145890<7349<<<<<<<<<<<",
        true,
        "TD1 long document number D23145890734, check digit 9: the example of \
         ICAO 9303-5 itself (note j)",
    ),
    (
        "IDBEL600001795<0152<<<<<<<<<<<",
        true,
        "TD1 long document number 600001795015, check digit 2 (note j)",
    ),
    (
        "P<ASUMXHMWD<<EBDALRXHYM<<<<<<<<<<<<<<<<<<<<<",
        true,
        "state ASU is not on the oracle's country list; syntax and every check digit \
         pass (no country list, as for BOS)",
    ),
];

fn load(set: &Set) -> Vec<Vector> {
    let path = set.path.display();
    let text = std::fs::read_to_string(&set.path).unwrap_or_else(|e| {
        panic!("the MRZ test vectors are missing: cannot read {path}: {e} (see docs/mrz-data.md)")
    });
    let vectors: Vec<Vector> = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{path} is not the expected JSON list: {e}"));
    assert_eq!(
        vectors.len(),
        set.len,
        "{path} changed; review the exceptions"
    );
    vectors
}

fn ours(format: Format) -> &'static str {
    match format {
        Format::Td1 => "TD1",
        Format::Td2 => "TD2",
        Format::Td3 => "TD3",
        Format::MrvA => "MRVA",
        Format::MrvB => "MRVB",
    }
}

#[test]
fn every_vector_gets_the_oracles_verdict_or_a_listed_exception() {
    for set in sets() {
        oracle_or_exception(&set);
    }
}

fn oracle_or_exception(set: &Set) {
    let vectors = load(set);
    let mut used = vec![false; EXCEPTIONS.len()];
    let mut failures = Vec::new();
    for v in &vectors {
        let result = parse(&v.mrz);
        let holds = |line: &str| v.mrz.lines().any(|l| l == line);
        // No ICAO layout: the oracle has no verdict, ours must be a refusal.
        let oracle = v.mrz_pkg_valid.unwrap_or(false);
        let expected = match EXCEPTIONS.iter().position(|(line, _, _)| holds(line)) {
            Some(i) => {
                // Entries sharing the first line (the two ASU ones) share the exception.
                used[i] = true;
                assert_ne!(
                    EXCEPTIONS[i].1, oracle,
                    "exception {:?} agrees with the oracle on {:?}: remove it",
                    EXCEPTIONS[i].0, v.mrz
                );
                EXCEPTIONS[i].1
            }
            None => oracle,
        };
        if result.is_ok() != expected {
            failures.push(format!(
                "{:?}: expected valid={expected}, got {result:?}",
                v.mrz
            ));
        }
        if let Ok(mrz) = &result
            && ["TD1", "TD2", "TD3", "MRVA", "MRVB"].contains(&v.format.as_str())
        {
            assert_eq!(ours(mrz.format), v.format, "{:?}", v.mrz);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for (i, (line, _, _)) in EXCEPTIONS.iter().enumerate() {
        if set.full || !GPL_ONLY.contains(line) {
            assert!(used[i], "exception {line} matches no vector");
        } else {
            assert!(
                !used[i],
                "{line} is listed as only in the GPL-sourced vectors"
            );
        }
    }
}

#[test]
fn verdicts_are_not_all_alike() {
    // Guards the test above against a parser that accepts (or refuses)
    // everything: the file has both kinds in numbers.
    for set in sets() {
        let vectors = load(&set);
        let ok = vectors.iter().filter(|v| parse(&v.mrz).is_ok()).count();
        assert!(set.parsed.contains(&ok), "{ok} of {} parse", vectors.len());
    }
}

#[test]
fn refusals_are_for_the_oracles_reasons() {
    // A few refusals pinned to their cause, so a refusal for the wrong reason
    // (say, a shape error on a well-formed MRZ) is caught.
    /// (line 2 of the vector, the refusal expected, its field)
    type Case = (&'static str, fn(&ErrorKind) -> bool, Option<Field>);
    let cases: &[Case] = &[
        // Oracle: "optional data hash" and "final hash".
        (
            "L898902C36UTO7408122F1204159ZE184226B<<<<<20",
            |k| {
                matches!(
                    k,
                    ErrorKind::CheckDigit {
                        expected: '1',
                        found: '2'
                    }
                )
            },
            Some(Field::OptionalData),
        ),
        // Oracle: "final hash" only.
        (
            "7109094F1112315AUT<<<<<<<<<<<6",
            |k| {
                matches!(
                    k,
                    ErrorKind::CompositeCheckDigit {
                        expected: '4',
                        found: '6'
                    }
                )
            },
            None,
        ),
        // Oracle: "document number hash" (Belgian long number 000590240601,
        // whose check digit is 1, not 3).
        (
            "8512017F1311048BEL851201002007",
            |k| {
                matches!(
                    k,
                    ErrorKind::CheckDigit {
                        expected: '1',
                        found: '3'
                    }
                )
            },
            Some(Field::DocumentNumber),
        ),
        // Oracle: "expiry date hash" and "final hash".
        (
            "6802295F1907245SRB<<<<<<<<<<<6",
            |k| matches!(k, ErrorKind::CheckDigit { .. }),
            Some(Field::ExpiryDate),
        ),
    ];
    for set in sets() {
        let vectors = load(&set);
        for (second_line, kind, field) in cases {
            let found = vectors
                .iter()
                .find(|v| v.mrz.lines().nth(1) == Some(second_line));
            let v = match found {
                Some(v) => v,
                None if !set.full && GPL_ONLY.contains(second_line) => continue,
                None => panic!("no vector with line 2 {second_line}"),
            };
            let e = parse(&v.mrz).expect_err(&v.mrz);
            assert!(kind(&e.kind), "{:?}: {e:?}", v.mrz);
            assert_eq!(e.field, *field, "{:?}: {e:?}", v.mrz);
        }
    }
}

#[test]
fn the_non_icao_string_is_refused_for_its_shape() {
    for set in sets() {
        let v = load(&set)
            .into_iter()
            .find(|v| v.mrz_pkg_valid.is_none())
            .expect("the file has one non-ICAO entry");
        let e = parse(&v.mrz).expect_err("50-character lines are no layout");
        assert_eq!(
            e.kind,
            ErrorKind::Shape {
                lines: 2,
                width: 50
            }
        );
    }
}
