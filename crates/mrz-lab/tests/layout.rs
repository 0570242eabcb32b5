//! No layout ambiguity (issue 17.1): a frame that shows only part of an MRZ
//! must never give a valid read of a shorter layout. A TD3 passport with
//! empty optional data, cut after 36 columns, has rows that pass every TD2
//! check digit once the composite cell is read as the digit it would need
//! (the fillers add nothing to the sum), so a reader that accepts rows
//! without looking past their ends fills the form with a truncated name.
//! Likewise a visa of 44 columns cut to 36 (MRV-B has no composite digit at
//! all), and a TD2 card cut to 30 columns or a TD1 card with its last row
//! cut off.
//!
//! Each document is drawn square to the camera and read whole first (the
//! control: the cut is what makes the difference); the same frame is then
//! cropped just before a column (or row), found by drawing the page again
//! with the cut-off characters left blank and taking the first pixel that
//! differs.

use image::RgbImage;
use paspor_mrz::{Format, FrameVoter, Outcome, Reader, Vote, charset};
use paspor_mrz_lab::document::random_mrz;
use paspor_mrz_lab::rng::Rng;
use paspor_mrz_lab::scene::{Difficulty, Shot, render};

/// ICAO 9303 check digit of `data` (weights 7, 3, 1).
fn check_digit(data: &[u8]) -> u8 {
    let sum: u32 = data
        .iter()
        .zip([7, 3, 1].iter().cycle())
        .map(|(&c, w)| charset::value(c).expect("MRZ character") * w)
        .sum();
    b'0' + (sum % 10) as u8
}

/// A random `format` document whose line-2 optional data is all fillers,
/// its check digits made right again.
fn with_empty_optional_data(format: Format, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut lines: Vec<Vec<u8>> = random_mrz(format, &mut rng)
        .into_iter()
        .map(String::into_bytes)
        .collect();
    let l2 = &mut lines[1];
    match format {
        Format::Td3 => {
            l2[28..43].fill(b'<');
            let composite: Vec<u8> = [&l2[0..10], &l2[13..20], &l2[21..43]].concat();
            l2[43] = check_digit(&composite);
        }
        Format::MrvA => l2[28..44].fill(b'<'),
        _ => {}
    }
    let lines: Vec<String> = lines
        .into_iter()
        .map(|l| String::from_utf8(l).unwrap())
        .collect();
    paspor_mrz::parse(&lines.join("\n")).expect("a valid document");
    lines
}

fn shot(lines: &[String], format: Format, seed: u64) -> RgbImage {
    render(&Shot {
        width: 1280,
        height: 720,
        difficulty: Difficulty::Clean,
        mrz: Some((format, lines.to_vec())),
        seed,
    })
}

/// The frame, cropped just before the characters `cut` leaves out (the
/// columns from one on, or the rows from one on).
fn cropped(lines: &[String], format: Format, seed: u64, cut: Cut) -> image::DynamicImage {
    let whole = shot(lines, format, seed);
    let blanked: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(r, l)| {
            l.chars()
                .enumerate()
                .map(|(c, ch)| match cut {
                    Cut::Column(k) if c >= k => ' ',
                    Cut::Row(k) if r >= k => ' ',
                    _ => ch,
                })
                .collect()
        })
        .collect();
    let without = shot(&blanked, format, seed);
    let differs = |x: u32, y: u32| {
        let (a, b) = (whole.get_pixel(x, y).0, without.get_pixel(x, y).0);
        a.iter().zip(b).any(|(&p, q)| p.abs_diff(q) > 60)
    };
    let (w, h) = whole.dimensions();
    let img = image::DynamicImage::ImageRgb8(whole.clone());
    match cut {
        Cut::Column(_) => {
            let x = (0..w)
                .find(|&x| (0..h).any(|y| differs(x, y)))
                .expect("the cut-off columns are drawn");
            img.crop_imm(0, 0, x - 1, h)
        }
        Cut::Row(_) => {
            let y = (0..h)
                .find(|&y| (0..w).any(|x| differs(x, y)))
                .expect("the cut-off row is drawn");
            img.crop_imm(0, 0, w, y - 1)
        }
    }
}

#[derive(Clone, Copy)]
enum Cut {
    Column(usize),
    Row(usize),
}

/// Reads `frame` alone and as a scan would (a voter over several frames):
/// neither may accept it.
fn assert_never_valid(reader: &Reader, frame: &image::DynamicImage, what: &str) {
    let outcome = reader.read_image(frame);
    if let Outcome::Read(r) = &outcome {
        assert!(
            !r.valid(),
            "{what}: a truncated MRZ read as a valid {:?}: {:?} ({}×{})",
            r.format,
            r.lines,
            frame.width(),
            frame.height()
        );
    }
    let mut voter = FrameVoter::new();
    for _ in 0..4 {
        if let Vote::Done(mrz) = voter.push(&outcome) {
            panic!(
                "{what}: the voter accepted a truncated MRZ: {:?}",
                mrz.lines
            );
        }
    }
}

fn case(format: Format, seed: u64, cut: Cut) {
    let reader = Reader::new();
    let lines = with_empty_optional_data(format, seed);
    let whole = image::DynamicImage::ImageRgb8(shot(&lines, format, seed));
    match reader.read_image(&whole) {
        Outcome::Read(r) if r.valid() => assert_eq!(r.lines, lines, "{format:?} seed {seed}"),
        other => panic!("{format:?} seed {seed}: the whole frame must read: {other:?}"),
    }
    let what = format!("{format:?} seed {seed}");
    assert_never_valid(&reader, &cropped(&lines, format, seed, cut), &what);
}

const SEEDS: std::ops::Range<u64> = 0..8;

#[test]
fn td3_with_empty_optional_data_cut_to_36_columns_is_never_a_td2() {
    for seed in SEEDS {
        case(Format::Td3, 300 + seed, Cut::Column(36));
    }
}

#[test]
fn mrv_a_cut_to_36_columns_is_never_an_mrv_b() {
    for seed in SEEDS {
        case(Format::MrvA, 400 + seed, Cut::Column(36));
    }
}

#[test]
fn td2_cut_to_30_columns_and_td1_without_its_last_row_are_never_read() {
    for seed in SEEDS {
        case(Format::Td2, 500 + seed, Cut::Column(30));
        case(Format::Td1, 600 + seed, Cut::Row(2));
    }
}
