//! The scan's two background threads: one takes frames from the source (and
//! makes the preview), one reads them and votes (R-MRZ-1). Reading a frame
//! takes tens of milliseconds, so none of it runs on the UI thread; the
//! screen hears about it through a channel of [`ScanEvent`]s.

use std::io::Cursor;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::time::{Duration, Instant};

use base64::Engine;
use paspor_mrz::{FrameVoter, Reader, Vote};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::{CameraError, Captured, FrameSource, GreyFrame};

/// What the screen hears from a running scan.
#[derive(Debug, Clone)]
pub enum ScanEvent {
    /// The camera is open and frames are coming.
    Opened,
    /// A picture of the latest frame for the preview, as a `data:` URL (kept
    /// in memory only; nothing is written or sent).
    Preview(String),
    /// The voter's state after a frame.
    Vote(Vote),
    /// The source has no more frames (a replay that does not loop).
    Ended,
    /// The camera could not be opened or stopped working.
    Failed(CameraError),
}

/// Width of the preview pictures: enough for a phone screen's preview box,
/// small enough to encode in a few milliseconds.
const PREVIEW_WIDTH: u32 = 480;
/// At most this often a preview picture, whatever the camera's frame rate.
const PREVIEW_EVERY: Duration = Duration::from_millis(60);

enum Control {
    Reset,
}

/// A running scan. Dropping it stops both threads (and the camera).
pub struct Scanner {
    stop: Arc<AtomicBool>,
    control: mpsc::Sender<Control>,
}

impl Scanner {
    /// Starts a scan: `open` runs on the capture thread (cameras are opened
    /// where they are used; nokhwa's are not `Send`). `previews` asks for
    /// preview pictures (not needed when the webview shows the camera itself).
    pub fn start(
        open: impl FnOnce() -> Result<Box<dyn FrameSource>, CameraError> + Send + 'static,
        previews: bool,
    ) -> (Scanner, UnboundedReceiver<ScanEvent>) {
        let stop = Arc::new(AtomicBool::new(false));
        let (events, rx) = unbounded_channel();
        let (control, control_rx) = mpsc::channel();
        // One frame in flight: a live camera's reader always gets the newest.
        let (frames, frames_rx) = mpsc::sync_channel::<GreyFrame>(1);
        {
            let (stop, events) = (stop.clone(), events.clone());
            std::thread::Builder::new()
                .name("paspor-camera".into())
                .spawn(move || capture(open, previews, frames, events, &stop))
                .expect("start the camera thread");
        }
        {
            let stop = stop.clone();
            std::thread::Builder::new()
                .name("paspor-mrz-reader".into())
                .spawn(move || read(frames_rx, control_rx, events, &stop))
                .expect("start the reader thread");
        }
        (Scanner { stop, control }, rx)
    }

    /// "Read again": forget what the voter gathered and start counting anew.
    pub fn reset(&self) {
        let _ = self.control.send(Control::Reset);
    }
}

impl Drop for Scanner {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn capture(
    open: impl FnOnce() -> Result<Box<dyn FrameSource>, CameraError>,
    previews: bool,
    frames: SyncSender<GreyFrame>,
    events: UnboundedSender<ScanEvent>,
    stop: &AtomicBool,
) {
    let mut source = match open() {
        Ok(s) => s,
        Err(e) => {
            let _ = events.send(ScanEvent::Failed(e));
            return;
        }
    };
    let live = source.is_live();
    if events.send(ScanEvent::Opened).is_err() {
        return;
    }
    let mut last_preview: Option<Instant> = None;
    while !stop.load(Ordering::Relaxed) {
        let captured = match source.next_frame() {
            Ok(Some(c)) => c,
            Ok(None) => {
                let _ = events.send(ScanEvent::Ended);
                return;
            }
            Err(e) => {
                let _ = events.send(ScanEvent::Failed(e));
                return;
            }
        };
        if previews && last_preview.is_none_or(|t| t.elapsed() >= PREVIEW_EVERY) {
            last_preview = Some(Instant::now());
            if let Some(url) = preview_url(&captured)
                && events.send(ScanEvent::Preview(url)).is_err()
            {
                return;
            }
        }
        let sent = if live {
            // The reader is busy: this frame is dropped, the next one is newer.
            match frames.try_send(captured.grey) {
                Err(TrySendError::Disconnected(_)) => Err(()),
                _ => Ok(()),
            }
        } else {
            frames.send(captured.grey).map_err(|_| ())
        };
        if sent.is_err() {
            return; // the reader finished (a result) or stopped
        }
    }
}

fn read(
    frames: mpsc::Receiver<GreyFrame>,
    control: mpsc::Receiver<Control>,
    events: UnboundedSender<ScanEvent>,
    stop: &AtomicBool,
) {
    let reader = Reader::new();
    let mut voter = FrameVoter::new();
    while let Ok(frame) = frames.recv() {
        while let Ok(Control::Reset) = control.try_recv() {
            voter.reset();
        }
        if stop.load(Ordering::Relaxed) {
            return;
        }
        // A reader bug on one odd frame must not end the scan with the
        // screen waiting forever: that frame counts as one without an MRZ.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            reader.read(&frame.as_frame())
        }))
        .unwrap_or(paspor_mrz::Outcome::NotFound(None));
        let vote = voter.push(&outcome);
        let done = matches!(vote, Vote::Done(_));
        if events.send(ScanEvent::Vote(vote)).is_err() || done {
            // A stable, valid read: no more frames are needed.
            stop.store(true, Ordering::Relaxed);
            return;
        }
    }
}

/// A small JPEG of the frame (in colour when the source has it) as a
/// `data:` URL for an `<img>`.
fn preview_url(c: &Captured) -> Option<String> {
    let image = match &c.colour {
        Some(rgb) => image::DynamicImage::ImageRgb8(rgb.clone()),
        None => image::DynamicImage::ImageLuma8(image::GrayImage::from_raw(
            c.grey.width,
            c.grey.height,
            c.grey.pixels.clone(),
        )?),
    };
    let small = if image.width() > PREVIEW_WIDTH {
        image.thumbnail(PREVIEW_WIDTH, PREVIEW_WIDTH * 2)
    } else {
        image
    };
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(Cursor::new(&mut jpeg), 70)
        .encode_image(&small.to_rgb8())
        .ok()?;
    Some(format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(jpeg)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::camera::ReplaySource;
    use image::{Rgb, RgbImage};

    fn blank_frames(n: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..n {
            RgbImage::from_pixel(320, 180, Rgb([200, 200, 190]))
                .save(dir.path().join(format!("{i:03}.png")))
                .unwrap();
        }
        dir
    }

    fn drain(mut rx: UnboundedReceiver<ScanEvent>) -> Vec<ScanEvent> {
        let mut all = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match rx.try_recv() {
                Ok(e) => all.push(e),
                Err(tokio::sync::mpsc::error::TryRecvError::Disconnected) => return all,
                Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
                Err(_) => panic!("the scan threads never finished: {all:?}"),
            }
        }
    }

    #[test]
    fn every_replayed_frame_is_read_and_the_end_is_reported() {
        let dir = blank_frames(4);
        let path = dir.path().to_owned();
        let (_scan, rx) = Scanner::start(
            move || {
                let s = ReplaySource::open(&path, false)?.with_interval(Duration::ZERO);
                Ok(Box::new(s) as Box<dyn FrameSource>)
            },
            true,
        );
        let events = drain(rx);
        assert!(matches!(events[0], ScanEvent::Opened), "{events:?}");
        let searching: Vec<u32> = events
            .iter()
            .filter_map(|e| match e {
                ScanEvent::Vote(Vote::Searching { frames, .. }) => Some(*frames),
                _ => None,
            })
            .collect();
        assert_eq!(searching, [1, 2, 3, 4], "no frame of a replay is skipped");
        assert!(events.iter().any(|e| matches!(e, ScanEvent::Ended)));
        let preview = events.iter().find_map(|e| match e {
            ScanEvent::Preview(url) => Some(url.clone()),
            _ => None,
        });
        let b64 = preview
            .expect("a preview")
            .replace("data:image/jpeg;base64,", "");
        let jpeg = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        let img = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((img.width(), img.height()), (320, 180), "never scaled up");
    }

    #[test]
    fn reset_starts_the_count_again() {
        let dir = blank_frames(1);
        let path = dir.path().to_owned();
        let (scan, mut rx) = Scanner::start(
            move || {
                let s = ReplaySource::open(&path, true)?.with_interval(Duration::from_millis(20));
                Ok(Box::new(s) as Box<dyn FrameSource>)
            },
            false,
        );
        let mut counts = Vec::new();
        let mut reset = false;
        while counts.len() < 60 {
            let Some(event) = rx.blocking_recv() else {
                panic!("the scan stopped: {counts:?}")
            };
            if let ScanEvent::Vote(Vote::Searching { frames, .. }) = event {
                counts.push(frames);
                if frames == 5 && !reset {
                    scan.reset();
                    reset = true;
                }
                if reset && frames < 5 {
                    break;
                }
            }
        }
        assert!(reset && counts.last() < Some(&5), "{counts:?}");
    }

    #[test]
    fn dropping_the_scanner_stops_a_looping_camera() {
        let dir = blank_frames(2);
        let path = dir.path().to_owned();
        let (scan, rx) = Scanner::start(
            move || {
                let s = ReplaySource::open(&path, true)?.with_interval(Duration::from_millis(5));
                Ok(Box::new(s) as Box<dyn FrameSource>)
            },
            false,
        );
        std::thread::sleep(Duration::from_millis(50));
        drop(scan);
        let events = drain(rx); // returns only once both threads ended
        assert!(!events.iter().any(|e| matches!(e, ScanEvent::Ended)));
    }

    #[test]
    fn a_camera_that_cannot_open_says_why() {
        let (_scan, rx) = Scanner::start(|| Err(CameraError::Denied), true);
        let events = drain(rx);
        assert!(
            matches!(events[..], [ScanEvent::Failed(CameraError::Denied)]),
            "{events:?}"
        );
    }
}
