//! One frame through the whole reader, as a phone would hand it over (a grey
//! plane): a 1280×720 and a 1920×1080 camera-like frame of a passport, and a
//! 1280×720 frame with no MRZ (the common case while the user aims).
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
    for (name, w, h, mrz) in [
        ("read 1280x720", 1280, 720, true),
        ("read 1920x1080", 1920, 1080, true),
        ("no MRZ 1280x720", 1280, 720, false),
    ] {
        let img = grey(w, h, mrz, 3);
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
