//! One frame through the whole reader, as a phone would hand it over (a grey
//! plane): a 1280×720 and a 1920×1080 camera-like frame of a passport, the
//! 1280×720 one turned a quarter (720×1280: a page lying sideways), and a
//! 1280×720 frame with no MRZ (the common case while the user aims, now
//! also searched a quarter turn round). The trivial baseline, copying a
//! 1280×720 grey frame, tells how busy the machine was.
//!
//! `cargo bench -p paspor-mrz-lab --bench read`
use criterion::{Criterion, criterion_group, criterion_main};
use paspor_mrz::{Format, Frame, Outcome, Reader};
use paspor_mrz_lab::document::random_mrz;
use paspor_mrz_lab::rng::Rng;
use paspor_mrz_lab::scene::{Difficulty, Shot, render};

fn grey(width: u32, height: u32, mrz: bool, seed: u64) -> image::GrayImage {
    let mut rng = Rng::new(seed);
    let lines = random_mrz(Format::Td3, &mut rng);
    let shot = Shot {
        width,
        height,
        difficulty: Difficulty::Camera,
        mrz: mrz.then_some((Format::Td3, lines)),
        seed,
    };
    image::DynamicImage::ImageRgb8(render(&shot)).to_luma8()
}

fn bench(c: &mut Criterion) {
    let reader = Reader::new();
    let copied = grey(1280, 720, false, 3);
    c.bench_function("baseline: copy 1280x720", |b| {
        b.iter(|| std::hint::black_box(&copied).as_raw().to_vec())
    });
    for (name, w, h, mrz, turned) in [
        ("read 1280x720", 1280, 720, true, false),
        ("read 1920x1080", 1920, 1080, true, false),
        ("read 720x1280 (turned a quarter)", 1280, 720, true, true),
        ("no MRZ 1280x720", 1280, 720, false, false),
    ] {
        let mut img = grey(w, h, mrz, 3);
        if turned {
            img = image::imageops::rotate90(&img);
        }
        let (w, h) = img.dimensions();
        let frame =
            Frame::new(w as usize, h as usize, w as usize, img.as_raw()).expect("whole frame");
        // Time the path the name claims: a valid read, or no MRZ at all.
        let outcome = reader.read(&frame);
        assert_eq!(
            matches!(outcome, Outcome::Read(ref r) if r.valid()),
            mrz,
            "{name}: {outcome:?}"
        );
        c.bench_function(name, |b| {
            b.iter(|| reader.read(std::hint::black_box(&frame)))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
