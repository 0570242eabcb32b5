//! The real photographs of `../shared/mrz-data`: no valid read may differ from
//! a gold truth, every gold specimen is read exactly, and the share of
//! photos read with every check digit passing stays above its floor.
//! BENCHMARKS.md has the full side-by-side table (`mrz-real`).

use paspor_mrz::Reader;
use paspor_mrz_lab::real::{Grade, check_score, photos, read};

#[test]
fn real_photos() {
    let reader = Reader::new();
    let photos = photos().expect("../shared/mrz-data");
    assert!(
        photos.len() >= 70,
        "the index lists {} photos",
        photos.len()
    );
    let (mut gold, mut gold_exact, mut perfect) = (0, 0, 0);
    for p in &photos {
        let r = read(&reader, p).unwrap_or_else(|e| panic!("{}: {e}", p.file));
        let text = r.text.unwrap_or_default();
        if p.grade == Grade::Gold {
            gold += 1;
            let exact = p.truth.as_deref() == Some(text.as_str());
            assert!(
                !r.valid || exact,
                "false accept on {}: read {text:?}, truth {:?}",
                p.file,
                p.truth
            );
            gold_exact += exact as usize;
        }
        perfect += (r.valid && check_score(&text) == 1.0) as usize;
    }
    eprintln!(
        "gold exact {gold_exact}/{gold}, valid {perfect}/{}",
        photos.len()
    );
    assert!(gold_exact >= GOLD_FLOOR, "gold exact {gold_exact}/{gold}");
    assert!(perfect >= VALID_FLOOR, "valid {perfect}/{}", photos.len());
}

/// Floors a little under the measured figures in BENCHMARKS.md (6 of 7 gold
/// exact: the seventh is a French ID card of the pre-2021 national layout,
/// which is no ICAO layout; 47 of 76 valid), so a change that reads fewer
/// real photos fails.
const GOLD_FLOOR: usize = 6;
const VALID_FLOOR: usize = 45;
