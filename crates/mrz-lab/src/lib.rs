//! The laboratory of paspor-mrz: generated passports, ID cards and visas as a
//! phone camera sees them, the classifier's training (`mrz-train`), and the
//! quality gates and benchmark that hold the reader to its targets (issue #3).
//! Nothing here ships in the app.

// The pixel and training kernels index several arrays in step; iterator
// chains would hide that the indices are shared.
#![allow(clippy::needless_range_loop)]

pub mod document;
pub mod eval;
pub mod fonts;
pub mod real;
pub mod rng;
pub mod scene;
pub mod train;

use paspor_mrz::Format;
use scene::{Difficulty, Shot};

/// `count` camera-like 1280×720 frames of a document showing `lines` (its
/// layout taken from their shape), each different, reproducible from `seed`.
pub fn camera_frames(lines: &[&str], count: usize, seed: u64) -> Vec<image::RgbImage> {
    let width = lines.first().map_or(0, |l| l.len());
    let first = lines.first().and_then(|l| l.bytes().next()).unwrap_or(b'P');
    let format = Format::detect(lines.len(), width, first).expect("lines of an MRZ layout");
    let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    frames(Some((format, lines)), count, seed)
}

/// `count` 1280×720 frames with no MRZ in them (a document page without one,
/// on a cluttered background).
pub fn empty_frames(count: usize, seed: u64) -> Vec<image::RgbImage> {
    frames(None, count, seed)
}

fn frames(mrz: Option<(Format, Vec<String>)>, count: usize, seed: u64) -> Vec<image::RgbImage> {
    (0..count)
        .map(|i| {
            scene::render(&Shot {
                width: 1280,
                height: 720,
                difficulty: Difficulty::Camera,
                mrz: mrz.clone(),
                seed: seed.wrapping_mul(1_000_003).wrapping_add(i as u64),
            })
        })
        .collect()
}
