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
    // PassportEye was run once, on the photos that were in the set then:
    // its column and ours beside it count only those, so both read the
    // same images; the first column counts every photo.
    let (mut ours, mut ours_k, mut base) = (Side::default(), Side::default(), Side::default());
    let (mut n, mut gold, mut unconfirmed) = ([0usize; 2], [0usize; 2], [0usize; 2]);
    for p in &photos {
        let r = read(&reader, p)?;
        let our_text = r.text.clone().unwrap_or_default();
        let base_text = p.baseline_text.clone().unwrap_or_default();
        let measured = p.baseline_seconds.is_some();
        let mut sides = vec![(&mut ours, &our_text, r.valid)];
        if measured {
            sides.push((&mut ours_k, &our_text, r.valid));
            sides.push((&mut base, &base_text, check_score(&base_text) == 1.0));
        }
        for (side, text, valid) in sides {
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
        if measured {
            ours_k.times.push(r.ms);
        }
        base.times.extend(p.baseline_seconds.map(|s| s * 1000.0));
        for (k, counted) in [(0, true), (1, measured)] {
            n[k] += counted as usize;
            gold[k] += (counted && p.grade == Grade::Gold) as usize;
            unconfirmed[k] += (counted && p.grade == Grade::Unconfirmed) as usize;
        }
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
    let share = |x: f64, k: usize| x / n[k].max(1) as f64 * 100.0;
    println!(
        "| real photos | paspor-mrz, all {} | paspor-mrz, the {} PassportEye ran on | PassportEye 2.2.2 + Tesseract 5, same {} |",
        n[0], n[1], n[1]
    );
    println!("| --- | --- | --- | --- |");
    let row = |what: &str, f: &dyn Fn(&Side, usize) -> String| {
        println!(
            "| {what} | {} | {} | {} |",
            f(&ours, 0),
            f(&ours_k, 1),
            f(&base, 1)
        );
    };
    row(
        "mean check-digit score (share of check digits that pass, 0 if no MRZ)",
        &|s, k| format!("{:.1} %", share(s.score, k)),
    );
    row("every check digit passes", &|s, k| {
        format!("{} ({:.0} %)", s.perfect, share(s.perfect as f64, k))
    });
    row(
        &format!("exact, of {} / {} with gold truth", gold[0], gold[1]),
        &|s, _| s.exact_gold.to_string(),
    );
    row(
        &format!(
            "exact, of {} / {} with unconfirmed truth",
            unconfirmed[0], unconfirmed[1]
        ),
        &|s, _| s.exact_unconfirmed.to_string(),
    );
    println!(
        "| marked valid (every check digit passes and every unprotected character certain) | {} | {} | — |",
        ours.valid, ours_k.valid
    );
    row("valid but wrong (gold truth)", &|s, _| {
        s.false_accepts.to_string()
    });
    row("median time per image", &|s, _| {
        format!("{:.0} ms", median(s.times.clone()))
    });
    Ok(())
}
