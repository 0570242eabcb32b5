//! The phones' camera: the platform webview's `getUserMedia`.
//!
//! Why this path: it is the same code on Android and iOS, it needs no NDK or
//! AVFoundation bindings, and the webview handles the permission (wry's
//! Android `WebChromeClient` asks for `CAMERA` at run time when the page asks
//! for video; iOS shows its prompt with `NSCameraUsageDescription`). The
//! preview is the webview's own `<video>`, so it is as fluid as the camera.
//!
//! How: JavaScript draws the video into a canvas, turns it grey, and sends
//! the bytes (base64) through Dioxus' `document::eval` channel; Rust hands
//! them to the reader thread as a [`ChannelSource`] and answers "next" when
//! it wants another, so frames never pile up. Nothing leaves the device.

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
/// or the `<video>` leaves the page (then the JavaScript stops the camera).
pub async fn run_bridge(frames: SyncSender<Result<GreyFrame, CameraError>>) {
    let mut eval = document::eval(&BRIDGE_JS.replace("$VIDEO_ID", VIDEO_ID));
    loop {
        let msg: Message = match eval.recv().await {
            Ok(m) => m,
            Err(e) => {
                let _ = frames.try_send(Err(CameraError::Failed(e.to_string())));
                break;
            }
        };
        if let Some(kind) = msg.error {
            let e = match kind.as_str() {
                "denied" => CameraError::Denied,
                "none" => CameraError::NoCamera,
                _ => CameraError::Failed(msg.detail.unwrap_or(kind)),
            };
            let _ = frames.try_send(Err(e));
            break;
        }
        let grey = msg
            .grey
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .and_then(|px| GreyFrame::new(msg.w, msg.h, px));
        if let Some(g) = grey
            && let Err(TrySendError::Disconnected(_)) = frames.try_send(Ok(g))
        {
            break;
        }
        if eval.send("next").is_err() {
            break;
        }
    }
    let _ = eval.send("stop");
}

/// Runs in the webview. Waits for Rust's "next" before each frame, and checks
/// every half second whether the scan screen is still there, so the camera
/// light goes off when the user leaves.
const BRIDGE_JS: &str = r#"
const video = document.getElementById('$VIDEO_ID');
const sleep = ms => new Promise(r => setTimeout(r, ms));
if (!video || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
  dioxus.send({ error: 'none', detail: 'no getUserMedia' });
  return;
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
  dioxus.send({ error: denied ? 'denied' : none ? 'none' : 'failed', detail: String(e) });
  return;
}
const stopAll = () => stream.getTracks().forEach(t => t.stop());
video.srcObject = stream;
try { await video.play(); } catch (_) {}
const canvas = document.createElement('canvas');
const ctx = canvas.getContext('2d', { willReadFrequently: true });
let pending = null;
async function next() {
  if (!pending) pending = dioxus.recv();
  for (;;) {
    const r = await Promise.race([pending.then(v => ({ v })), sleep(500).then(() => null)]);
    if (r) { pending = null; return r.v; }
    if (!video.isConnected) return 'stop';
  }
}
for (;;) {
  if (!video.isConnected) break;
  if (video.readyState < 2 || !video.videoWidth) { await sleep(50); continue; }
  const scale = Math.min(1, 960 / video.videoWidth);
  const w = Math.round(video.videoWidth * scale), h = Math.round(video.videoHeight * scale);
  canvas.width = w; canvas.height = h;
  ctx.drawImage(video, 0, 0, w, h);
  const rgba = ctx.getImageData(0, 0, w, h).data;
  let bin = '';
  const grey = new Uint8Array(w * h);
  for (let i = 0, j = 0; j < grey.length; i += 4, j++) {
    grey[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
  }
  for (let k = 0; k < grey.length; k += 0x8000) {
    bin += String.fromCharCode.apply(null, grey.subarray(k, k + 0x8000));
  }
  dioxus.send({ w, h, grey: btoa(bin) });
  if ((await next()) === 'stop') break;
}
stopAll();
"#;
