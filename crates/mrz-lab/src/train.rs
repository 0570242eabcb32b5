//! Training the character classifier of paspor-mrz from generated frames.
//!
//! The patches come from the reader's own locate-and-sample steps run on
//! generated frames, so the classifier learns exactly what it will see. Labels
//! come from the generated MRZ text. Clean frames are labelled directly (the
//! grid of a square, sharp page is found exactly); camera-like frames are
//! labelled only where a first model, trained on the clean ones, agrees with
//! the truth on most cells in one orientation: that tells upside-down frames
//! apart and drops any frame whose grid was misplaced.

use paspor_mrz::charset::{CLASSES, index};
use paspor_mrz::reader::classify::{Model, softmax};
use paspor_mrz::reader::{PATCH, rotated};
use paspor_mrz::{Format, Frame, Reader};

use crate::document::random_mrz;
use crate::rng::Rng;
use crate::scene::{self, Difficulty, Shot};

/// A labelled patch.
pub type Sample = ([f32; PATCH], u8);

/// Seeds of training frames start here; evaluation sets use seeds below
/// 1 000 000, so the two never share a frame.
pub const TRAINING_SEED_BASE: u64 = 1_000_000;

/// The generated frame `seed` of `difficulty` with its truth.
pub fn frame(seed: u64, difficulty: Difficulty) -> (image::GrayImage, Vec<String>) {
    let mut rng = Rng::new(seed);
    let format = Format::ALL[rng.below(5)];
    let lines = random_mrz(format, &mut rng);
    let img = scene::render(&Shot {
        width: 1280,
        height: 720,
        difficulty,
        mrz: Some((format, lines.clone())),
        seed,
    });
    (image::DynamicImage::ImageRgb8(img).to_luma8(), lines)
}

/// Patches of one frame labelled with its truth. With `judge`, the frame is
/// kept only in the orientation where the judge agrees with the truth on at
/// least 60% of cells; without, it is taken as upright.
pub fn label(
    img: &image::GrayImage,
    truth: &[String],
    judge: Option<&Model>,
    jitter: Option<u64>,
) -> Vec<Sample> {
    let (w, h) = img.dimensions();
    let Some(frame) = Frame::new(w as usize, h as usize, w as usize, img.as_raw()) else {
        return vec![];
    };
    let Some((lines, width, patches)) = Reader::training_patches(&frame, jitter) else {
        return vec![];
    };
    if lines != truth.len() || width != truth[0].len() {
        return vec![];
    }
    let labels: Vec<u8> = truth
        .iter()
        .flat_map(|l| l.bytes())
        .map(|c| index(c).unwrap_or(36) as u8)
        .collect();
    let upright: Vec<Sample> = patches
        .iter()
        .copied()
        .zip(labels.iter().copied())
        .collect();
    let Some(model) = judge else { return upright };
    let flipped: Vec<Sample> = patches
        .iter()
        .rev()
        .map(rotated)
        .zip(labels.iter().copied())
        .collect();
    let agreement = |s: &[Sample]| {
        s.iter()
            .filter(|(p, l)| argmax(&model.probabilities(p)) == *l as usize)
            .count() as f32
            / s.len() as f32
    };
    let (a, b) = (agreement(&upright), agreement(&flipped));
    if a.max(b) < 0.6 {
        return vec![];
    }
    if a >= b { upright } else { flipped }
}

pub fn argmax(p: &[f32; CLASSES]) -> usize {
    (0..CLASSES)
        .max_by(|&a, &b| p[a].total_cmp(&p[b]))
        .unwrap_or(0)
}

/// Labelled patches of `count` frames from `first_seed`, on `threads` threads.
pub fn collect(
    first_seed: u64,
    count: u64,
    difficulty: Difficulty,
    judge: Option<&Model>,
    threads: u64,
) -> Vec<Sample> {
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let mut out = Vec::new();
                    let mut seed = first_seed + t;
                    while seed < first_seed + count {
                        let (img, truth) = frame(seed, difficulty);
                        out.extend(label(&img, &truth, judge, None));
                        // The same frame again with every cell cut a little off.
                        out.extend(label(&img, &truth, judge, Some(seed)));
                        seed += threads;
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    })
}

/// Trains a fresh network on `samples` with minibatch SGD and momentum;
/// fillers (a third of all cells) are down-weighted so letters are not
/// starved. Returns the model and its accuracy on the held-out 5%.
pub fn train(samples: &mut Vec<Sample>, hidden: usize, epochs: usize, seed: u64) -> (Model, f32) {
    let mut rng = Rng::new(seed);
    for i in (1..samples.len()).rev() {
        samples.swap(i, rng.below(i + 1));
    }
    let held = samples.len() / 20;
    let (test, train) = samples.split_at(held);
    let scale1 = (2.0 / PATCH as f32).sqrt();
    let scale2 = (2.0 / hidden as f32).sqrt();
    let mut m = Model {
        hidden,
        w1: (0..hidden * PATCH).map(|_| rng.normal() * scale1).collect(),
        b1: vec![0.0; hidden],
        w2: (0..CLASSES * hidden)
            .map(|_| rng.normal() * scale2)
            .collect(),
        b2: vec![0.0; CLASSES],
    };
    let mut v = Model {
        hidden,
        w1: vec![0.0; m.w1.len()],
        b1: vec![0.0; hidden],
        w2: vec![0.0; m.w2.len()],
        b2: vec![0.0; CLASSES],
    };
    let mut g = v.clone();
    let batch = 32;
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut h = vec![0f32; hidden];
    let mut dh = vec![0f32; hidden];
    let steps_total = (epochs * train.len() / batch) as f32;
    let mut step = 0f32;
    for _epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for chunk in order.chunks(batch) {
            for x in [&mut g.w1, &mut g.b1, &mut g.w2, &mut g.b2] {
                x.iter_mut().for_each(|v| *v = 0.0);
            }
            for &i in chunk {
                let (x, label) = &train[i];
                let weight = if *label == 36 { 0.35 } else { 1.0 };
                m.hidden(x, &mut h);
                let mut p = softmax(m.logits(&h));
                p[*label as usize] -= 1.0;
                for (c, pc) in p.iter().enumerate() {
                    let d = pc * weight;
                    g.b2[c] += d;
                    for j in 0..hidden {
                        g.w2[c * hidden + j] += d * h[j];
                    }
                }
                for j in 0..hidden {
                    dh[j] = if h[j] > 0.0 {
                        (0..CLASSES)
                            .map(|c| p[c] * weight * m.w2[c * hidden + j])
                            .sum()
                    } else {
                        0.0
                    };
                }
                for j in 0..hidden {
                    if dh[j] == 0.0 {
                        continue;
                    }
                    g.b1[j] += dh[j];
                    let row = &mut g.w1[j * PATCH..(j + 1) * PATCH];
                    for k in 0..PATCH {
                        row[k] += dh[j] * x[k];
                    }
                }
            }
            // Cosine-decayed learning rate.
            let lr = 0.02 * 0.5 * (1.0 + (std::f32::consts::PI * step / steps_total).cos())
                / chunk.len() as f32;
            step += 1.0;
            for (w, (vel, grad)) in [
                (&mut m.w1, (&mut v.w1, &g.w1)),
                (&mut m.b1, (&mut v.b1, &g.b1)),
                (&mut m.w2, (&mut v.w2, &g.w2)),
                (&mut m.b2, (&mut v.b2, &g.b2)),
            ] {
                for k in 0..w.len() {
                    vel[k] = 0.9 * vel[k] - lr * grad[k];
                    w[k] += vel[k];
                }
            }
        }
    }
    let correct = test
        .iter()
        .filter(|(x, l)| argmax(&m.probabilities(x)) == *l as usize)
        .count();
    (m, correct as f32 / test.len().max(1) as f32)
}
