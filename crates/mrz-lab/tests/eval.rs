//! The reader's quality gates (issue #3) on generated frames it was never
//! trained on (seeds below the training range): 100 clean frames ≥ 99 %
//! exact, 300 camera-like frames ≥ 95 % exact, 40 frames without an MRZ
//! never reported, and no valid read that differs from the truth on any.

use paspor_mrz::Reader;
use paspor_mrz_lab::eval::{Score, generated, run};
use paspor_mrz_lab::scene::Difficulty;
use paspor_mrz_lab::train::TRAINING_SEED_BASE;

fn score(difficulty: Difficulty, with_mrz: bool, count: u64, first_seed: u64) -> Score {
    assert!(
        first_seed + count <= TRAINING_SEED_BASE,
        "evaluation seeds must not be training seeds"
    );
    let reader = Reader::new();
    let results: Vec<_> = generated(difficulty, with_mrz, count, first_seed)
        .iter()
        .map(|c| run(&reader, c))
        .collect();
    for r in results.iter().filter(|r| r.false_accept()) {
        eprintln!(
            "FALSE ACCEPT {}: truth {:?} read {:?}",
            r.name, r.truth, r.lines
        );
    }
    for r in results.iter().filter(|r| r.truth.is_some() && !r.exact()) {
        eprintln!("missed {}: truth {:?} read {:?}", r.name, r.truth, r.lines);
    }
    let s = Score::of(&results);
    eprintln!(
        "{difficulty:?} with_mrz={with_mrz}: {s:?}, exact {:.1} %",
        s.exact_rate() * 100.0
    );
    s
}

#[test]
fn clean_frames_read_exactly() {
    let s = score(Difficulty::Clean, true, 100, 0);
    assert_eq!(s.false_accepts, 0);
    assert!(s.exact_rate() >= 0.99, "{s:?}");
}

#[test]
fn camera_like_frames_read_exactly() {
    let s = score(Difficulty::Camera, true, 300, 10_000);
    assert_eq!(s.false_accepts, 0);
    assert!(s.exact_rate() >= 0.95, "{s:?}");
}

#[test]
fn frames_without_an_mrz_report_none() {
    let s = score(Difficulty::Camera, false, 40, 20_000);
    assert_eq!(s.false_accepts, 0, "{s:?}");
    assert_eq!(s.phantom, 0, "{s:?}");
}
