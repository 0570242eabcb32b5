//! No panic on any frame (issue 17.7): the reader gets whatever a camera,
//! a gallery or a broken decoder hands it, so every size, stride and
//! content must give an outcome, never a panic. Random frames (noise, flat
//! black or white, stripes, and rows of glyph-like blocks at a regular
//! pitch, which reach the later steps: the grid, the sampling near the
//! frame's edges, the decoding) at random sizes and strides, plus the
//! extremes by hand. Runs in `cargo test` and so in `scripts/test`.

use paspor_mrz::{Frame, FrameVoter, Outcome, Reader};
use proptest::prelude::*;

/// What to paint into a frame.
#[derive(Debug, Clone)]
enum Content {
    Flat(u8),
    Noise(u64),
    Stripes {
        period: usize,
        vertical: bool,
    },
    /// Rows of dark blocks: `rows` rows of `cols` blocks, `pitch` pixels
    /// apart, `height` pixels high, from (`x0`, `y0`), sloping by `slope`
    /// pixels per column, on paper of `paper` with ink of `ink`.
    Rows {
        rows: usize,
        cols: usize,
        pitch: f32,
        height: f32,
        x0: f32,
        y0: f32,
        slope: f32,
        paper: u8,
        ink: u8,
        seed: u64,
    },
}

fn content() -> impl Strategy<Value = Content> {
    prop_oneof![
        prop_oneof![Just(0u8), Just(255u8), any::<u8>()].prop_map(Content::Flat),
        any::<u64>().prop_map(Content::Noise),
        (1usize..40, any::<bool>())
            .prop_map(|(period, vertical)| Content::Stripes { period, vertical }),
        (
            1usize..5,
            prop_oneof![Just(30usize), Just(36), Just(44), 1usize..60],
            4.0f32..40.0,
            0.4f32..1.2,
            -50.0f32..900.0,
            -50.0f32..700.0,
            -0.6f32..0.6,
            (150u8..=255, 0u8..120),
            any::<u64>(),
        )
            .prop_map(
                |(rows, cols, pitch, h, x0, y0, slope, (paper, ink), seed)| Content::Rows {
                    rows,
                    cols,
                    pitch,
                    height: pitch * h,
                    x0,
                    y0,
                    slope,
                    paper,
                    ink,
                    seed,
                },
            ),
    ]
}

/// A small deterministic generator (SplitMix64), so a failing case shrinks
/// to the same pixels.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn paint(width: usize, height: usize, stride: usize, len: usize, content: &Content) -> Vec<u8> {
    let mut px = vec![0u8; len];
    let mut set = |x: usize, y: usize, v: u8| {
        if x < width
            && y < height
            && let Some(p) = px.get_mut(y * stride + x)
        {
            *p = v;
        }
    };
    match content {
        Content::Flat(v) => (0..height).for_each(|y| (0..width).for_each(|x| set(x, y, *v))),
        Content::Noise(seed) => {
            let mut s = *seed;
            for y in 0..height {
                for x in 0..width {
                    set(x, y, splitmix(&mut s) as u8);
                }
            }
        }
        Content::Stripes { period, vertical } => {
            for y in 0..height {
                for x in 0..width {
                    let k = if *vertical { x } else { y };
                    set(x, y, if (k / period) % 2 == 0 { 20 } else { 235 });
                }
            }
        }
        Content::Rows {
            rows,
            cols,
            pitch,
            height: h,
            x0,
            y0,
            slope,
            paper,
            ink,
            seed,
        } => {
            (0..height).for_each(|y| (0..width).for_each(|x| set(x, y, *paper)));
            let mut s = *seed;
            let w = pitch * 0.6;
            for r in 0..*rows {
                for c in 0..*cols {
                    // Now and then a block is left out, or thinner, like a
                    // filler or a lost glyph.
                    let roll = splitmix(&mut s) % 8;
                    if roll == 0 {
                        continue;
                    }
                    let bw = if roll == 1 { w * 0.3 } else { w };
                    let cx = x0 + c as f32 * pitch;
                    let cy = y0 + r as f32 * h * 1.8 + c as f32 * slope;
                    let (xa, ya) = ((cx - bw / 2.0).max(0.0), (cy - h / 2.0).max(0.0));
                    for y in ya as usize..(cy + h / 2.0).max(0.0) as usize {
                        for x in xa as usize..(cx + bw / 2.0).max(0.0) as usize {
                            set(x, y, *ink);
                        }
                    }
                }
            }
        }
    }
    px
}

fn read_all_ways(width: usize, height: usize, stride: usize, px: &[u8]) {
    let reader = Reader::new();
    let Some(frame) = Frame::new(width, height, stride, px) else {
        let needed = if height == 0 {
            0
        } else {
            (height - 1) * stride + width
        };
        assert!(
            stride < width || px.len() < needed,
            "a frame that fits was refused"
        );
        return;
    };
    let outcome = reader.read(&frame);
    if let Outcome::Read(r) = &outcome {
        assert_eq!(r.lines.len(), r.format.lines());
        assert!(r.lines.iter().all(|l| l.len() == r.format.width()));
    }
    let mut voter = FrameVoter::new();
    voter.push(&outcome);
    voter.push(&outcome);
}

/// Rows of blocks shaped and spaced like an MRZ's, placed anywhere in the
/// frame (often partly outside it), so the later steps run.
fn mrz_like_rows() -> impl Strategy<Value = Content> {
    (
        prop_oneof![2 => Just(2usize), 2 => Just(3), 1 => 1usize..6],
        prop_oneof![3 => prop_oneof![Just(30usize), Just(36), Just(44)], 1 => 20usize..50],
        8.0f32..24.0,
        0.65f32..0.95,
        -80.0f32..300.0,
        -40.0f32..500.0,
        -0.3f32..0.3,
        (170u8..=255, 0u8..90),
        any::<u64>(),
    )
        .prop_map(
            |(rows, cols, pitch, h, x0, y0, slope, (paper, ink), seed)| Content::Rows {
                rows,
                cols,
                pitch,
                height: pitch * h,
                x0,
                y0,
                slope,
                paper,
                ink,
                seed,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn mrz_like_rows_anywhere_give_an_outcome(
        width in 300usize..1400,
        height in 200usize..900,
        pad in prop_oneof![Just(0usize), 0usize..70],
        content in mrz_like_rows(),
    ) {
        let stride = width + pad;
        let len = (height - 1) * stride + width;
        let px = paint(width, height, stride, len, &content);
        read_all_ways(width, height, stride, &px);
    }

    #[test]
    fn any_frame_gives_an_outcome(
        width in prop_oneof![0usize..8, 8usize..200, 200usize..1400],
        height in prop_oneof![0usize..8, 8usize..200, 200usize..900],
        pad in prop_oneof![Just(0usize), 0usize..70],
        // Sometimes fewer bytes than the frame needs, sometimes more.
        short in prop_oneof![4 => Just(0isize), 1 => -64isize..64],
        content in content(),
    ) {
        let stride = width + pad;
        let needed = if height == 0 { 0 } else { (height - 1) * stride + width };
        let len = (needed as isize + short).max(0) as usize;
        let px = paint(width, height, stride, len, &content);
        read_all_ways(width, height, stride, &px);
    }
}

#[test]
fn extreme_shapes_give_an_outcome() {
    // One pixel high or wide, tiny, just around the small-frame upscale
    // limit, a stride much larger than the width, and a 12-megapixel photo.
    for (w, h, pad, v) in [
        (0, 0, 0, 0),
        (1, 1, 0, 0),
        (1, 5000, 0, 255),
        (5000, 1, 0, 0),
        (64, 32, 0, 255),
        (63, 31, 1, 0),
        (799, 799, 0, 255),
        (800, 600, 0, 0),
        (300, 200, 4096, 128),
        (4000, 3000, 0, 255),
        (4000, 3000, 0, 0),
    ] {
        let stride = w + pad;
        let len = if h == 0 { 0 } else { (h - 1) * stride + w };
        read_all_ways(w, h, stride, &paint(w, h, stride, len, &Content::Flat(v)));
    }
    let (w, h) = (4000, 3000);
    read_all_ways(w, h, w, &paint(w, h, w, w * h, &Content::Noise(7)));
}

#[test]
fn block_rows_reach_the_later_steps() {
    // The generated rows are MRZ-like enough to be located, sampled and
    // decoded (a read, valid or not), so the properties above exercise the
    // whole reader, not only its first steps. (About a quarter of the
    // random MRZ-like cases give a read.)
    let rows = Content::Rows {
        rows: 2,
        cols: 44,
        pitch: 14.0,
        height: 11.0,
        x0: 120.0,
        y0: 300.0,
        slope: 0.05,
        paper: 235,
        ink: 25,
        seed: 1,
    };
    let (w, h) = (1000, 700);
    let px = paint(w, h, w, w * h, &rows);
    let frame = Frame::new(w, h, w, &px).expect("fits");
    assert!(matches!(Reader::new().read(&frame), Outcome::Read(_)));
}
