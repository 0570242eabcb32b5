//! Plays recorded frames as if a camera filmed them: a folder of PNG/JPEG
//! images in name order, or an animated GIF (a "video" any tool can make,
//! decoded in pure Rust). For tests, and for emulator testers without a
//! camera (`PASPOR_CAMERA=replay:/path`).

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use image::AnimationDecoder;
use image::codecs::gif::GifDecoder;

use super::{CameraError, Captured, FrameSource, GreyFrame};

/// A camera's pace: a reader is never fed faster than this.
const DEFAULT_INTERVAL: Duration = Duration::from_millis(100);

enum Frames {
    /// Image files, decoded one at a time so a long recording is not held
    /// in memory.
    Files(Vec<PathBuf>),
    /// An animated GIF, decoded as it plays; reopened to loop.
    Gif {
        path: PathBuf,
        frames: Option<image::Frames<'static>>,
    },
}

pub struct ReplaySource {
    frames: Frames,
    next: usize,
    looping: bool,
    interval: Duration,
    last: Option<Instant>,
}

impl ReplaySource {
    /// A folder (its `.png`, `.jpg` and `.jpeg` files, sorted by name) or a
    /// `.gif` file. `looping` starts again after the last frame; otherwise
    /// the source ends there.
    pub fn open(path: &Path, looping: bool) -> Result<ReplaySource, CameraError> {
        let failed = |e: &dyn std::fmt::Display| {
            CameraError::Failed(format!("replay {}: {e}", path.display()))
        };
        let frames = if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| failed(&e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| matches!(&*e.to_ascii_lowercase(), "png" | "jpg" | "jpeg"))
                })
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(failed(&"no .png or .jpg images in this folder"));
            }
            Frames::Files(files)
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gif"))
        {
            Frames::Gif {
                frames: Some(gif_frames(path).map_err(|e| failed(&e))?),
                path: path.to_owned(),
            }
        } else if path.is_file() {
            Frames::Files(vec![path.to_owned()])
        } else {
            return Err(failed(&"no such folder or file"));
        };
        Ok(ReplaySource {
            frames,
            next: 0,
            looping,
            interval: DEFAULT_INTERVAL,
            last: None,
        })
    }

    /// Plays at a different pace (tests go faster than a camera).
    #[cfg(test)]
    pub fn with_interval(mut self, interval: Duration) -> ReplaySource {
        self.interval = interval;
        self
    }

    fn decode_next(&mut self) -> Result<Option<image::DynamicImage>, CameraError> {
        match &mut self.frames {
            Frames::Files(files) => {
                if self.next == files.len() {
                    if !self.looping {
                        return Ok(None);
                    }
                    self.next = 0;
                }
                let path = &files[self.next];
                self.next += 1;
                image::open(path)
                    .map(Some)
                    .map_err(|e| CameraError::Failed(format!("replay {}: {e}", path.display())))
            }
            Frames::Gif { path, frames } => {
                let failed = |e: image::ImageError| {
                    CameraError::Failed(format!("replay {}: {e}", path.display()))
                };
                loop {
                    let it = match frames {
                        Some(it) => it,
                        None => return Ok(None),
                    };
                    match it.next() {
                        Some(f) => {
                            self.next += 1;
                            let f = f.map_err(failed)?;
                            return Ok(Some(image::DynamicImage::ImageRgba8(f.into_buffer())));
                        }
                        None if self.looping && self.next > 0 => {
                            self.next = 0;
                            *frames = Some(gif_frames(path).map_err(failed)?);
                        }
                        None => {
                            *frames = None;
                            return Ok(None);
                        }
                    }
                }
            }
        }
    }
}

fn gif_frames(path: &Path) -> image::ImageResult<image::Frames<'static>> {
    let file = File::open(path).map_err(image::ImageError::IoError)?;
    Ok(GifDecoder::new(BufReader::new(file))?.into_frames())
}

impl FrameSource for ReplaySource {
    fn next_frame(&mut self) -> Result<Option<Captured>, CameraError> {
        if let Some(last) = self.last {
            let due = last + self.interval;
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
        }
        self.last = Some(Instant::now());
        Ok(self.decode_next()?.map(|image| Captured {
            grey: GreyFrame::from_image(&image),
            colour: Some(image.to_rgb8()),
        }))
    }

    fn is_live(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Delay, Frame, Rgb, RgbImage, Rgba, RgbaImage};

    /// A 4×2 image whose every pixel is `v`, to tell frames apart.
    fn solid(v: u8) -> RgbImage {
        RgbImage::from_pixel(4, 2, Rgb([v, v, v]))
    }

    fn play(src: &mut ReplaySource, n: usize) -> Vec<Option<u8>> {
        (0..n)
            .map(|_| src.next_frame().unwrap().map(|c| c.grey.pixels[0]))
            .collect()
    }

    #[test]
    fn a_folder_plays_in_name_order_and_ends_or_loops() {
        let dir = tempfile::tempdir().unwrap();
        // Written out of order, with a file that is no image.
        for (name, v) in [
            ("frame-02.png", 20),
            ("frame-01.png", 10),
            ("frame-10.jpg", 200),
        ] {
            solid(v).save(dir.path().join(name)).unwrap();
        }
        std::fs::write(dir.path().join("notes.txt"), "not a frame").unwrap();
        let fast = Duration::ZERO;
        let mut once = ReplaySource::open(dir.path(), false)
            .unwrap()
            .with_interval(fast);
        let seen = play(&mut once, 5);
        assert_eq!(seen[..2], [Some(10), Some(20)]);
        assert!(
            seen[2].is_some_and(|v| v.abs_diff(200) < 8),
            "JPEG is lossy: {seen:?}"
        );
        assert_eq!(seen[3..], [None, None], "ended stays ended");
        let mut looping = ReplaySource::open(dir.path(), true)
            .unwrap()
            .with_interval(fast);
        let seen = play(&mut looping, 7);
        assert_eq!(
            (seen[0], seen[3], seen[4], seen[6]),
            (Some(10), Some(10), Some(20), Some(10))
        );
    }

    #[test]
    fn frames_come_grey_for_the_reader_and_in_colour_for_the_preview() {
        let dir = tempfile::tempdir().unwrap();
        RgbImage::from_pixel(6, 3, Rgb([255, 0, 0]))
            .save(dir.path().join("red.png"))
            .unwrap();
        let mut src = ReplaySource::open(&dir.path().join("red.png"), false).unwrap();
        let c = src.next_frame().unwrap().unwrap();
        assert_eq!(
            (c.grey.width, c.grey.height, c.grey.pixels.len()),
            (6, 3, 18)
        );
        assert!(
            c.grey.pixels.iter().all(|&p| (50..100).contains(&p)),
            "red's luma"
        );
        assert_eq!(c.colour.unwrap().get_pixel(5, 2), &Rgb([255, 0, 0]));
        assert!(!src.is_live(), "a replay waits for the reader");
    }

    #[test]
    fn an_animated_gif_is_a_video() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scan.gif");
        {
            let mut enc = image::codecs::gif::GifEncoder::new(File::create(&path).unwrap());
            for v in [30u8, 90, 150] {
                let img = RgbaImage::from_pixel(8, 4, Rgba([v, v, v, 255]));
                enc.encode_frame(Frame::from_parts(
                    img,
                    0,
                    0,
                    Delay::from_numer_denom_ms(100, 1),
                ))
                .unwrap();
            }
        }
        let fast = Duration::ZERO;
        let mut once = ReplaySource::open(&path, false)
            .unwrap()
            .with_interval(fast);
        let seen = play(&mut once, 4);
        assert_eq!(seen[3], None);
        let grey: Vec<u8> = seen[..3].iter().map(|v| v.unwrap()).collect();
        assert!(grey[0] < grey[1] && grey[1] < grey[2], "{grey:?}");
        let mut looping = ReplaySource::open(&path, true).unwrap().with_interval(fast);
        let again = play(&mut looping, 6);
        assert_eq!(again[..3], again[3..], "plays again from the start");
    }

    #[test]
    fn replay_keeps_a_cameras_pace() {
        let dir = tempfile::tempdir().unwrap();
        solid(1).save(dir.path().join("a.png")).unwrap();
        let mut src = ReplaySource::open(dir.path(), true)
            .unwrap()
            .with_interval(Duration::from_millis(40));
        let start = Instant::now();
        play(&mut src, 4);
        assert!(
            start.elapsed() >= Duration::from_millis(120),
            "3 intervals between 4 frames"
        );
    }

    #[test]
    fn missing_or_empty_replays_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let Err(CameraError::Failed(m)) = ReplaySource::open(dir.path(), true) else {
            panic!("an empty folder opened")
        };
        assert!(m.contains("no .png"), "{m}");
        assert!(ReplaySource::open(&dir.path().join("nope"), true).is_err());
        std::fs::write(dir.path().join("broken.png"), b"not a png").unwrap();
        let mut src = ReplaySource::open(dir.path(), true).unwrap();
        assert!(matches!(src.next_frame(), Err(CameraError::Failed(_))));
    }
}
