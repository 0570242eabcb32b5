//! Camera frames for the passport scan (R-MRZ-1): where they come from, and
//! the background thread that reads them.
//!
//! Every source yields 8-bit grey frames, because that is what the MRZ reader
//! works on (a phone's Y plane already is one), plus a colour image when the
//! source has one, for a nicer preview. Three sources, chosen by
//! [`CameraChoice::configured`]:
//!
//! - **device** (desktop): the computer's camera through nokhwa (V4L2 on
//!   Linux, AVFoundation on macOS, Media Foundation on Windows).
//! - **webview** (Android, iOS): the platform webview's `getUserMedia`, drawn
//!   into a canvas, turned grey in JavaScript and sent to Rust through Dioxus'
//!   `document::eval` channel. The same code on both phones, no NDK or
//!   AVFoundation glue, and the webview asks for the camera permission itself
//!   (wry's Android chrome client requests `CAMERA` at run time; WKWebView
//!   shows the system prompt with the `NSCameraUsageDescription` text).
//! - **replay**: a folder of images (sorted by name) or an animated GIF,
//!   played as if a camera filmed them. Tests use it, and so can emulator
//!   testers without a camera.
//!
//! No frame is stored or sent anywhere: frames live in memory until the reader
//! has seen them, and the preview is an in-memory picture on the screen.

mod native;
mod replay;
pub mod scanner;
pub mod webview;

use std::path::PathBuf;

pub use replay::ReplaySource;

/// An owned grey frame, rows packed (`stride == width`).
#[derive(Debug, Clone, PartialEq)]
pub struct GreyFrame {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl GreyFrame {
    /// `None` when `pixels` does not hold `width × height` bytes.
    pub fn new(width: u32, height: u32, pixels: Vec<u8>) -> Option<GreyFrame> {
        (pixels.len() == width as usize * height as usize).then_some(GreyFrame {
            width,
            height,
            pixels,
        })
    }

    pub fn from_image(image: &image::DynamicImage) -> GreyFrame {
        let grey = image.to_luma8();
        let (width, height) = grey.dimensions();
        GreyFrame {
            width,
            height,
            pixels: grey.into_raw(),
        }
    }

    /// The borrowed view the MRZ reader takes.
    pub fn as_frame(&self) -> paspor_mrz::Frame<'_> {
        paspor_mrz::Frame::new(
            self.width as usize,
            self.height as usize,
            self.width as usize,
            &self.pixels,
        )
        .expect("a GreyFrame holds width × height pixels")
    }
}

/// One frame from a source.
#[derive(Debug, Clone)]
pub struct Captured {
    pub grey: GreyFrame,
    /// The frame in colour when the source has it, for the preview.
    pub colour: Option<image::RgbImage>,
}

/// Why there are no frames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CameraError {
    /// The user (or the system) refused the camera permission.
    Denied,
    /// There is no camera, or none that can be opened.
    NoCamera,
    /// Anything else, in words for the log and the screen.
    Failed(String),
}

impl std::fmt::Display for CameraError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CameraError::Denied => f.write_str("camera permission refused"),
            CameraError::NoCamera => f.write_str("no camera"),
            CameraError::Failed(m) => f.write_str(m),
        }
    }
}

/// Something that yields frames, one at a time. Opened and used on the
/// capture thread, so it need not be `Send` (nokhwa's cameras are not).
pub trait FrameSource {
    /// Blocks until the next frame; `Ok(None)` when the source has ended
    /// (a replay that does not loop).
    fn next_frame(&mut self) -> Result<Option<Captured>, CameraError>;

    /// A live camera runs at its own pace, so a reader that falls behind
    /// should skip to the newest frame. A replay waits for the reader, so
    /// every frame is read and a test is the same on a slow machine.
    fn is_live(&self) -> bool {
        true
    }
}

/// Which camera the scan screen uses, from `PASPOR_CAMERA`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CameraChoice {
    /// A camera of this computer, by index (`device:0`).
    Device(u32),
    /// The webview's `getUserMedia` (`webview`); the phones' default.
    Webview,
    /// A folder of images or an animated GIF (`replay:/path` loops,
    /// `replay-once:/path` ends after the last frame).
    Replay { path: PathBuf, looping: bool },
    /// No camera at all (`none`): the scan screen says so.
    Off,
}

impl CameraChoice {
    /// `PASPOR_CAMERA` from the environment, or from the build's environment
    /// on phones (which have none to read), else the platform's default.
    pub fn configured() -> CameraChoice {
        let spec = std::env::var("PASPOR_CAMERA")
            .ok()
            .or(option_env!("PASPOR_CAMERA").map(String::from));
        match spec.as_deref().map(CameraChoice::parse) {
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                eprintln!("PASPOR_CAMERA: {e}; using the default camera");
                CameraChoice::default()
            }
            None => CameraChoice::default(),
        }
    }

    pub fn parse(spec: &str) -> Result<CameraChoice, String> {
        let spec = spec.trim();
        let (kind, arg) = spec.split_once(':').unwrap_or((spec, ""));
        match kind {
            "device" => arg
                .parse()
                .map(CameraChoice::Device)
                .or_else(|_| arg.is_empty().then_some(CameraChoice::Device(0)).ok_or(()))
                .map_err(|_| {
                    format!("{spec:?} is none of device:N, webview, replay:/path, replay-once:/path, none")
                }),
            "webview" => Ok(CameraChoice::Webview),
            "none" => Ok(CameraChoice::Off),
            "replay" | "replay-once" if !arg.is_empty() => Ok(CameraChoice::Replay {
                path: PathBuf::from(arg),
                looping: kind == "replay",
            }),
            _ => Err(format!(
                "{spec:?} is none of device:N, webview, replay:/path, replay-once:/path, none"
            )),
        }
    }

    /// Whether the webview shows the preview itself (a `<video>`), rather
    /// than Rust sending pictures of the frames.
    pub fn is_webview(&self) -> bool {
        *self == CameraChoice::Webview
    }
}

impl Default for CameraChoice {
    fn default() -> Self {
        if cfg!(feature = "desktop") {
            CameraChoice::Device(0)
        } else {
            CameraChoice::Webview
        }
    }
}

/// Opens a source on the calling thread (the capture thread). The webview
/// source is opened by the scan screen instead, which owns the JavaScript.
pub fn open(choice: &CameraChoice) -> Result<Box<dyn FrameSource>, CameraError> {
    match choice {
        CameraChoice::Replay { path, looping } => {
            Ok(Box::new(ReplaySource::open(path, *looping)?) as Box<dyn FrameSource>)
        }
        CameraChoice::Device(index) => native::open(*index),
        CameraChoice::Off => Err(CameraError::NoCamera),
        CameraChoice::Webview => Err(CameraError::Failed(
            "the webview camera is opened by the scan screen".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camera_specs_parse_and_bad_ones_say_what_is_allowed() {
        assert_eq!(CameraChoice::parse("device:2"), Ok(CameraChoice::Device(2)));
        assert_eq!(CameraChoice::parse("device"), Ok(CameraChoice::Device(0)));
        assert_eq!(CameraChoice::parse("webview"), Ok(CameraChoice::Webview));
        assert_eq!(CameraChoice::parse(" none "), Ok(CameraChoice::Off));
        assert_eq!(
            CameraChoice::parse("replay:/tmp/frames"),
            Ok(CameraChoice::Replay {
                path: "/tmp/frames".into(),
                looping: true
            })
        );
        assert_eq!(
            CameraChoice::parse("replay-once:/a:b.gif"),
            Ok(CameraChoice::Replay {
                path: "/a:b.gif".into(),
                looping: false
            })
        );
        for bad in ["replay:", "device:x", "phone", ""] {
            let e = CameraChoice::parse(bad).unwrap_err();
            assert!(e.contains("replay:/path"), "{bad}: {e}");
        }
    }

    #[test]
    fn grey_frames_know_their_size() {
        assert!(GreyFrame::new(4, 2, vec![0; 7]).is_none());
        let g = GreyFrame::new(4, 2, (0..8).collect()).unwrap();
        let f = g.as_frame();
        assert_eq!((f.width(), f.height()), (4, 2));
        assert_eq!(f.row(1), &[4, 5, 6, 7]);
    }
}
