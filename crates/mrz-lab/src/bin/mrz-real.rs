//! The reader on real photos, side by side with the peers of
//! `paspor_mrz_lab::real::PEERS` (their runs measured by `scripts/mrz-peers`),
//! every reader scored the same way from its output text, as the Markdown
//! tables of BENCHMARKS.md:
//! `cargo run --release -p paspor-mrz-lab --bin mrz-real`. One table for the
//! photos kept in the repository and, when `PASPOR_MRZ_EXTRA_DATA` names the
//! extra set (`docs/mrz-data.md`), one for that set. `-v` lists every photo.
use std::path::Path;

use paspor_mrz::Reader;
use paspor_mrz_lab::real::{
    EXTRA_ENV, Grade, PEERS, Photo, check_score, extra_dir, photos, read, vendored_dir,
};

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

/// One reader's outputs on the photos it was run on, each scored from its
/// text alone.
#[derive(Default)]
struct Column {
    photos: usize,
    gold: usize,
    unconfirmed: usize,
    score: f64,
    perfect: usize,
    valid: usize,
    exact_gold: usize,
    exact_unconfirmed: usize,
    false_accepts: usize,
    differs_unconfirmed: usize,
    ms: Vec<f64>,
}

impl Column {
    /// Counts one output; `valid` is the reader's own verdict for ours, and
    /// every check digit passing for a peer.
    fn add(&mut self, p: &Photo, text: &str, valid: bool, ms: f64) {
        let score = check_score(text);
        let exact = p.truth.as_deref() == Some(text);
        self.photos += 1;
        self.score += score;
        self.perfect += (score == 1.0) as usize;
        self.valid += valid as usize;
        self.ms.push(ms);
        match p.grade {
            Grade::Gold => {
                self.gold += 1;
                self.exact_gold += exact as usize;
                self.false_accepts += (valid && !exact) as usize;
            }
            Grade::Unconfirmed => {
                self.unconfirmed += 1;
                self.exact_unconfirmed += exact as usize;
                self.differs_unconfirmed += (valid && !exact) as usize;
            }
            Grade::Unknown => {}
        }
    }

    fn share(&self, x: f64) -> f64 {
        x / self.photos.max(1) as f64 * 100.0
    }

    fn median_ms(&self) -> f64 {
        let mut v = self.ms.clone();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    }
}

fn table(dir: &Path, verbose: bool) -> anyhow::Result<()> {
    let reader = Reader::new();
    let photos = photos(dir)?;
    // Ours first, then one column per peer, in PEERS' order.
    let mut columns: Vec<Column> = (0..=PEERS.len()).map(|_| Column::default()).collect();
    for p in &photos {
        let r = read(&reader, p)?;
        let ours = r.text.clone().unwrap_or_default();
        columns[0].add(p, &ours, r.valid, r.ms);
        for (column, peer) in columns[1..].iter_mut().zip(&p.peers) {
            if let Some(peer) = peer {
                let valid = check_score(&peer.text) == 1.0;
                column.add(p, &peer.text, valid, peer.seconds * 1000.0);
            }
        }
        if verbose {
            println!(
                "{:?} valid={} score={:.2} {:.0} ms {}\n    true {:?}\n    ours {ours:?}",
                p.grade,
                r.valid,
                check_score(&ours),
                r.ms,
                p.file,
                p.truth
            );
            for (peer, read) in PEERS.iter().zip(&p.peers) {
                if let Some(read) = read {
                    println!("    {} {:?}", peer.name, read.text);
                }
            }
        }
    }
    let all = columns[0].photos;
    let mut names = vec!["paspor-mrz".to_owned()];
    for (peer, column) in PEERS.iter().zip(&columns[1..]) {
        names.push(match column.photos {
            n if n == all => peer.name.to_owned(),
            0 => format!("{} (not run here: scripts/mrz-peers)", peer.name),
            n => format!("{} (ran on {n} of {all})", peer.name),
        });
    }
    println!("| {all} real photos | {} |", names.join(" | "));
    println!("|{}", " --- |".repeat(names.len() + 1));
    let row = |what: &str, cell: &dyn Fn(&Column) -> String| {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| match c.photos {
                0 => "—".to_owned(),
                _ => cell(c),
            })
            .collect();
        println!("| {what} | {} |", cells.join(" | "));
    };
    // A count of photos of some grade, with that grade's total when a
    // column covers fewer than ours.
    let of = |x: usize, total: usize, ours: usize| {
        if total == ours {
            x.to_string()
        } else {
            format!("{x} of {total}")
        }
    };
    let (gold, unconfirmed) = (columns[0].gold, columns[0].unconfirmed);
    row(
        "mean check-digit score (share of the layout's check digits that pass, 0 if no MRZ)",
        &|c| format!("{:.1} %", c.share(c.score)),
    );
    row("every check digit passes", &|c| {
        format!("{} ({:.0} %)", c.perfect, c.share(c.perfect as f64))
    });
    row(&format!("exact, of {gold} with gold truth"), &|c| {
        of(c.exact_gold, c.gold, gold)
    });
    row(
        &format!("exact, of {unconfirmed} with unconfirmed truth"),
        &|c| of(c.exact_unconfirmed, c.unconfirmed, unconfirmed),
    );
    // The reader's own verdict; the peers' is "every check digit passes".
    println!(
        "| marked valid by paspor-mrz (every check digit passes and every unprotected character certain) | {} |{}",
        columns[0].valid,
        " — |".repeat(PEERS.len())
    );
    row(
        "valid but wrong (gold truth; a peer's read counts as valid when every check digit passes)",
        &|c| c.false_accepts.to_string(),
    );
    row(
        "valid but not the unconfirmed truth (which may itself be wrong)",
        &|c| c.differs_unconfirmed.to_string(),
    );
    row(
        "median time per image (paspor-mrz: decoded image in, one core; peers: file in, one thread)",
        &|c| format!("{:.0} ms", c.median_ms()),
    );
    Ok(())
}
