//! Trains paspor-mrz's character classifier from generated frames and writes
//! it to `crates/mrz/model/mrz-ocrb.bin`:
//!
//! ```sh
//! cargo run --release -p paspor-mrz-lab --bin mrz-train
//! ```
//!
//! Deterministic for a given machine; takes a few minutes on two cores.
use paspor_mrz_lab::scene::Difficulty;
use paspor_mrz_lab::train::{TRAINING_SEED_BASE, collect, train};

fn main() -> anyhow::Result<()> {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../mrz/model/mrz-ocrb.bin");
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get() as u64);
    let arg = |i: usize, default: u64| {
        std::env::args()
            .nth(i)
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let (clean, camera) = (arg(1, 500), arg(2, 1800));
    let started = std::time::Instant::now();
    let mut samples = collect(TRAINING_SEED_BASE, clean, Difficulty::Clean, None, threads);
    eprintln!(
        "stage 1: {} patches from {clean} clean frames ({:.0?})",
        samples.len(),
        started.elapsed()
    );
    let (first, acc) = train(&mut samples.clone(), 64, 6, 1);
    eprintln!(
        "stage 1: held-out accuracy {:.2}% ({:.0?})",
        acc * 100.0,
        started.elapsed()
    );
    let more = collect(
        TRAINING_SEED_BASE + clean,
        camera,
        Difficulty::Camera,
        Some(&first),
        threads,
    );
    eprintln!(
        "stage 2: {} patches from {camera} camera frames ({:.0?})",
        more.len(),
        started.elapsed()
    );
    samples.extend(more);
    let (model, acc) = train(&mut samples, 192, 12, 2);
    eprintln!(
        "final: {} patches, held-out accuracy {:.2}% ({:.0?})",
        samples.len(),
        acc * 100.0,
        started.elapsed()
    );
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes)?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}
