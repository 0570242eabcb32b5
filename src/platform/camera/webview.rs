//! The phones' camera: the platform webview's `getUserMedia`.
//!
//! Why this path: it is the same code on Android and iOS, it needs no NDK or
//! AVFoundation bindings, and the webview handles the permission (wry's
//! Android `WebChromeClient` asks for `CAMERA` at run time when the page asks
//! for video; iOS shows its prompt with `NSCameraUsageDescription`). The
//! preview is the webview's own `<video>`, so it is as fluid as the camera.
//!
//! How: one `document::eval` opens the camera into the `<video>`; then Rust
//! asks for each frame with another, whose answer is the frame drawn into a
//! canvas and turned grey (base64). Rust asks only when it has handed the
//! previous frame to the reader thread (a [`ChannelSource`]), so frames never
//! pile up. Each question is a whole script that returns its answer, rather
//! than one long script talking over `dioxus.send`/`dioxus.recv`: the
//! liveview renderer (the Chromium rig, README "The app in Chromium") waits
//! for `recv` by spinning the page's only thread, which would freeze it.
//! Nothing leaves the device.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError};

use base64::Engine;
use dioxus::prelude::*;
use serde::Deserialize;

use super::{CameraError, Captured, FrameSource, GreyFrame};

/// The id of the `<video>` the scan screen renders for this source.
pub const VIDEO_ID: &str = "scan-video";

/// Frames the bridge received, for the reader thread.
pub struct ChannelSource(pub Receiver<Result<GreyFrame, CameraError>>);

impl FrameSource for ChannelSource {
    fn next_frame(&mut self) -> Result<Option<Captured>, CameraError> {
        match self.0.recv() {
            Ok(Ok(grey)) => Ok(Some(Captured { grey, colour: None })),
            Ok(Err(e)) => Err(e),
            Err(_) => Ok(None), // the bridge stopped: the screen went away
        }
    }
}

#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    w: u32,
    #[serde(default)]
    h: u32,
    #[serde(default)]
    grey: Option<String>,
}

/// Opens the webview's camera and feeds `frames` until the receiver is gone
/// or the `<video>` leaves the page (then the page stops the camera itself).
pub async fn run_bridge(frames: SyncSender<Result<GreyFrame, CameraError>>) {
    let opened = document::eval(&OPEN_JS.replace("$VIDEO_ID", VIDEO_ID))
        .join::<Message>()
        .await;
    if let Some(e) = failure(opened) {
        let _ = frames.try_send(Err(e));
        return;
    }
    loop {
        let answer = document::eval(FRAME_JS).join::<Message>().await;
        let msg = match answer {
            Ok(m) if m.error.as_deref() == Some("stopped") => break,
            Ok(m) if m.error.is_none() => m,
            other => {
                if let Some(e) = failure(other) {
                    let _ = frames.try_send(Err(e));
                }
                break;
            }
        };
        let grey = msg
            .grey
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .and_then(|px| GreyFrame::new(msg.w, msg.h, px));
        if let Some(g) = grey
            && let Err(TrySendError::Disconnected(_)) = frames.try_send(Ok(g))
        {
            break;
        }
    }
    let _ = document::eval(STOP_JS);
}

/// The camera error in an answer of the page, if it is one.
fn failure(answer: Result<Message, document::EvalError>) -> Option<CameraError> {
    let msg = match answer {
        Ok(m) => m,
        Err(e) => return Some(CameraError::Failed(e.to_string())),
    };
    let kind = msg.error?;
    Some(match kind.as_str() {
        "denied" => CameraError::Denied,
        "none" => CameraError::NoCamera,
        _ => CameraError::Failed(msg.detail.unwrap_or(kind)),
    })
}

/// Opens the back camera into the `<video>` and keeps what the frame script
/// needs on `window`. Checks every half second whether the scan screen is
/// still there, so the camera light goes off when the user leaves.
const OPEN_JS: &str = r#"
const video = document.getElementById('$VIDEO_ID');
if (!video || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
  return { error: 'none', detail: 'no getUserMedia' };
}
let stream;
try {
  stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1920 }, height: { ideal: 1080 } },
  });
} catch (e) {
  const denied = e.name === 'NotAllowedError' || e.name === 'SecurityError';
  const none = e.name === 'NotFoundError' || e.name === 'OverconstrainedError' || e.name === 'NotReadableError';
  return { error: denied ? 'denied' : none ? 'none' : 'failed', detail: String(e) };
}
video.srcObject = stream;
try { await video.play(); } catch (_) {}
const canvas = document.createElement('canvas');
const camera = { video, stream, canvas, ctx: canvas.getContext('2d', { willReadFrequently: true }) };
window.__pasporCamera = camera;
const watch = setInterval(() => {
  if (video.isConnected && window.__pasporCamera === camera) return;
  stream.getTracks().forEach(t => t.stop());
  clearInterval(watch);
  if (window.__pasporCamera === camera) delete window.__pasporCamera;
}, 500);
return {};
"#;

/// The next frame, grey, at most 1280 wide: the reader is tuned for that
/// (a 1080p frame halved to 960 would shrink the MRZ below what it reads
/// well). `stopped` once the scan screen is gone.
const FRAME_JS: &str = r#"
const camera = window.__pasporCamera;
if (!camera) return { error: 'stopped' };
const { video, canvas, ctx } = camera;
for (let waited = 0; video.readyState < 2 || !video.videoWidth; waited += 50) {
  if (!video.isConnected) return { error: 'stopped' };
  if (waited > 10000) return { error: 'failed', detail: 'the camera sends no pictures' };
  await new Promise(r => setTimeout(r, 50));
}
const scale = Math.min(1, 1280 / video.videoWidth);
const w = Math.round(video.videoWidth * scale), h = Math.round(video.videoHeight * scale);
canvas.width = w; canvas.height = h;
ctx.drawImage(video, 0, 0, w, h);
const rgba = ctx.getImageData(0, 0, w, h).data;
const grey = new Uint8Array(w * h);
for (let i = 0, j = 0; j < grey.length; i += 4, j++) {
  grey[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
}
let bin = '';
for (let k = 0; k < grey.length; k += 0x8000) {
  bin += String.fromCharCode.apply(null, grey.subarray(k, k + 0x8000));
}
return { w, h, grey: btoa(bin) };
"#;

/// Stops the camera now (the scan has its read, or stopped).
const STOP_JS: &str = r#"
const camera = window.__pasporCamera;
if (camera) {
  camera.stream.getTracks().forEach(t => t.stop());
  delete window.__pasporCamera;
}
"#;
