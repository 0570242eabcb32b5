//! Scores the reader on generated sets and prints every miss:
//! `mrz-eval [clean|camera|empty] [COUNT] [FIRST_SEED] [DEGREES]`, DEGREES
//! (90, 180, 270) turning every frame clockwise first.
use paspor_mrz::Reader;
use paspor_mrz_lab::eval::{Score, generated, run, turned};
use paspor_mrz_lab::scene::Difficulty;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kind = args.first().map_or("camera", String::as_str);
    let count = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100);
    let first = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
    let degrees = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (difficulty, with_mrz) = match kind {
        "clean" => (Difficulty::Clean, true),
        "empty" => (Difficulty::Camera, false),
        _ => (Difficulty::Camera, true),
    };
    // MRZ_EVAL_DUMP=DIR saves every missed frame there as PNG, to look at.
    let dump = std::env::var_os("MRZ_EVAL_DUMP").map(std::path::PathBuf::from);
    let reader = Reader::new();
    let mut results = Vec::new();
    for case in turned(generated(difficulty, with_mrz, count, first), degrees) {
        let r = run(&reader, &case);
        if !r.exact() && r.truth.is_some() || r.truth.is_none() && r.lines.is_some() {
            println!(
                "{} valid={} truth={:?}\n    read={:?}",
                r.name, r.valid, r.truth, r.lines
            );
            if let Some(dir) = &dump {
                let _ = std::fs::create_dir_all(dir);
                let _ = case.image.save(dir.join(format!("{}.png", r.name)));
            }
        }
        results.push(r);
    }
    let s = Score::of(&results);
    println!(
        "{kind}: {} frames, exact {} ({:.1}%), false accepts {}, phantom {}",
        s.frames,
        s.exact,
        s.exact_rate() * 100.0,
        s.false_accepts,
        s.phantom
    );
}
