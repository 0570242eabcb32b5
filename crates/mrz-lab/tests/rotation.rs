//! Any quarter turn (issue 17.3, in part): the clean evaluation set turned
//! by 90°, 180° and 270° is gated like the upright one (≥ 99 % exact, no
//! valid read that differs from the truth), and a page lying sideways is
//! still no phantom when it has no MRZ. Before the reader searched a frame a
//! quarter turn round, pages turned by 90° or 270° were not read at all.

use paspor_mrz::Reader;
use paspor_mrz_lab::eval::{Score, generated, run, turned};
use paspor_mrz_lab::scene::Difficulty;

fn score(with_mrz: bool, count: u64, first_seed: u64, degrees: u32) -> Score {
    let reader = Reader::new();
    let cases = turned(
        generated(Difficulty::Clean, with_mrz, count, first_seed),
        degrees,
    );
    let results: Vec<_> = cases.iter().map(|c| run(&reader, c)).collect();
    for r in results.iter().filter(|r| r.truth.is_some() && !r.exact()) {
        eprintln!("missed {}: truth {:?} read {:?}", r.name, r.truth, r.lines);
    }
    let s = Score::of(&results);
    eprintln!("clean turned {degrees}°: {s:?}");
    s
}

#[test]
fn clean_frames_read_exactly_at_every_quarter_turn() {
    for degrees in [90, 180, 270] {
        let s = score(true, 100, 0, degrees);
        assert_eq!(s.false_accepts, 0, "{degrees}°: {s:?}");
        assert!(s.exact_rate() >= 0.99, "{degrees}°: {s:?}");
    }
}

#[test]
fn turned_pages_without_an_mrz_report_none() {
    for degrees in [90, 270] {
        let s = score(false, 20, 20_000, degrees);
        assert_eq!((s.false_accepts, s.phantom), (0, 0), "{degrees}°: {s:?}");
    }
}
