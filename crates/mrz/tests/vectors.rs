//! The parser against third-party MRZ strings (`../shared/mrz-data/
//! checksum_vectors.json`) and the verdicts of an independent
//! implementation, the `mrz` PyPI package 0.6.2, as the oracle.
//!
//! The oracle also checks things that are not ICAO 9303 syntax (its own list
//! of country codes, "a name must have a surname") and does not implement the
//! TD1 long document number, so on a few entries we must disagree; each is
//! listed in [`EXCEPTIONS`] with its reason, and the test fails if an
//! exception stops being one, so the list cannot silently grow stale.

use paspor_mrz::{ErrorKind, Field, Format, parse};
use serde::Deserialize;

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/mrz-data/checksum_vectors.json"
);

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

fn load() -> Vec<Vector> {
    let text = std::fs::read_to_string(VECTORS).unwrap_or_else(|e| {
        panic!(
            "the MRZ test vectors are missing: cannot read {VECTORS}: {e} \
             (they live in the shared data directory beside the repository, \
             see ../shared/mrz-data/MANIFEST.md)"
        )
    });
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{VECTORS} is not the expected JSON list: {e}"))
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
    let vectors = load();
    assert_eq!(
        vectors.len(),
        57,
        "the vector file changed; review the exceptions"
    );
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
        assert!(used[i], "exception {line} matches no vector");
    }
}

#[test]
fn verdicts_are_not_all_alike() {
    // Guards the test above against a parser that accepts (or refuses)
    // everything: the file has both kinds in numbers.
    let vectors = load();
    let ok = vectors.iter().filter(|v| parse(&v.mrz).is_ok()).count();
    assert!((30..=50).contains(&ok), "{ok} of {} parse", vectors.len());
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
    let vectors = load();
    for (second_line, kind, field) in cases {
        let v = vectors
            .iter()
            .find(|v| v.mrz.lines().nth(1) == Some(second_line))
            .unwrap_or_else(|| panic!("no vector with line 2 {second_line}"));
        let e = parse(&v.mrz).expect_err(&v.mrz);
        assert!(kind(&e.kind), "{:?}: {e:?}", v.mrz);
        assert_eq!(e.field, *field, "{:?}: {e:?}", v.mrz);
    }
}

#[test]
fn the_non_icao_string_is_refused_for_its_shape() {
    let v = load()
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
