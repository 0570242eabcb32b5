//! The frame helpers other crates' tests use (the app's scan test) give what
//! they promise: frames of the requested size that the reader reads as the
//! lines asked for, and frames with nothing to read.

use paspor_mrz::{FrameVoter, Outcome, Reader, Vote};

const TD3: [&str; 2] = [
    "P<IDNSANTOSO<<BUDI<<<<<<<<<<<<<<<<<<<<<<<<<<",
    "A1234567<6IDN8001014M3001019<<<<<<<<<<<<<<<0",
];

#[test]
fn camera_frames_vote_to_the_lines_they_show() {
    let reader = Reader::new();
    let mut voter = FrameVoter::new();
    let mut done = None;
    for f in paspor_mrz_lab::camera_frames(&TD3, 8, 42) {
        assert_eq!(f.dimensions(), (1280, 720));
        if let Vote::Done(mrz) = voter.push(&reader.read_image(&image::DynamicImage::ImageRgb8(f)))
        {
            done = Some(mrz);
            break;
        }
    }
    let mrz = done.expect("eight frames of a clean passport vote to a result");
    assert_eq!(mrz.lines, TD3);
    assert_eq!(
        (mrz.surname.as_str(), mrz.given_names.as_str()),
        ("SANTOSO", "BUDI")
    );
}

#[test]
fn empty_frames_have_no_mrz() {
    let reader = Reader::new();
    for f in paspor_mrz_lab::empty_frames(5, 9) {
        assert!(matches!(
            reader.read_image(&image::DynamicImage::ImageRgb8(f)),
            Outcome::NotFound(_)
        ));
    }
}
