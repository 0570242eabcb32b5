//! The reader on real photos, side by side with the PassportEye + Tesseract
//! baseline, as the Markdown tables of BENCHMARKS.md:
//! `cargo run --release -p paspor-mrz-lab --bin mrz-real`. One table for the
//! photos kept in the repository and, when `PASPOR_MRZ_EXTRA_DATA` names the
//! extra set (`docs/mrz-data.md`), one for that set. `-v` lists every photo.
use std::path::Path;

use paspor_mrz::Reader;
use paspor_mrz_lab::real::{EXTRA_ENV, Grade, check_score, extra_dir, photos, read, vendored_dir};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() { 0.0 } else { v[v.len() / 2] }
}

fn main() -> anyhow::Result<()> {
    let verbose = std::env::args().any(|a| a == "-v");
    println!("Vendored set ({}):\n", vendored_dir().display());
    table(&vendored_dir(), verbose)?;
    match extra_dir() {
        Some(dir) => {
            println!("\nExtra set ({}):\n", dir.display());
            table(&dir, verbose)?;
        }
        None => println!("\n(extra set skipped: {EXTRA_ENV} is not set)"),
    }
    Ok(())
}

fn table(dir: &Path, verbose: bool) -> anyhow::Result<()> {
    let reader = Reader::new();
    let photos = photos(dir)?;
    #[derive(Default)]
    struct Side {
        score: f64,
        perfect: usize,
        valid: usize,
        exact_gold: usize,
        exact_unconfirmed: usize,
        false_accepts: usize,
        times: Vec<f64>,
    }
    let (mut ours, mut base) = (Side::default(), Side::default());
    let (mut gold, mut unconfirmed) = (0, 0);
    for p in &photos {
        let r = read(&reader, p)?;
        let our_text = r.text.clone().unwrap_or_default();
        let base_text = p.baseline_text.clone().unwrap_or_default();
        for (side, text, valid) in [
            (&mut ours, &our_text, r.valid),
            (&mut base, &base_text, check_score(&base_text) == 1.0),
        ] {
            let s = check_score(text);
            side.score += s;
            side.perfect += (s == 1.0) as usize;
            side.valid += valid as usize;
            let exact = p.truth.as_deref() == Some(text.as_str());
            match p.grade {
                Grade::Gold => side.exact_gold += exact as usize,
                Grade::Unconfirmed => side.exact_unconfirmed += exact as usize,
                Grade::Unknown => {}
            }
            side.false_accepts += (p.grade == Grade::Gold && valid && !exact) as usize;
        }
        ours.times.push(r.ms);
        base.times.extend(p.baseline_seconds.map(|s| s * 1000.0));
        gold += (p.grade == Grade::Gold) as usize;
        unconfirmed += (p.grade == Grade::Unconfirmed) as usize;
        if verbose {
            println!(
                "{:?} valid={} score={:.2} {:.0} ms {}\n    ours {:?}\n    base {:?}\n    true {:?}",
                p.grade,
                r.valid,
                check_score(&our_text),
                r.ms,
                p.file,
                our_text,
                base_text,
                p.truth
            );
        }
    }
    let n = photos.len() as f64;
    println!(
        "| on {} real photos | paspor-mrz | PassportEye 2.2.2 + Tesseract 5 |",
        photos.len()
    );
    println!("| --- | --- | --- |");
    println!(
        "| mean check-digit score (share of check digits that pass, 0 if no MRZ) | {:.1} % | {:.1} % |",
        ours.score / n * 100.0,
        base.score / n * 100.0
    );
    println!(
        "| every check digit passes | {} ({:.0} %) | {} ({:.0} %) |",
        ours.perfect,
        ours.perfect as f64 / n * 100.0,
        base.perfect,
        base.perfect as f64 / n * 100.0
    );
    println!(
        "| exact, of {gold} with gold truth | {} | {} |",
        ours.exact_gold, base.exact_gold
    );
    println!(
        "| exact, of {unconfirmed} with unconfirmed truth | {} | {} |",
        ours.exact_unconfirmed, base.exact_unconfirmed
    );
    println!(
        "| marked valid (every check digit passes and every unprotected character certain) | {} | — |",
        ours.valid
    );
    println!(
        "| valid but wrong (gold truth) | {} | {} |",
        ours.false_accepts, base.false_accepts
    );
    println!(
        "| median time per image | {:.0} ms | {:.0} ms |",
        median(ours.times),
        median(base.times)
    );
    Ok(())
}
