//! The computer's own camera on the desktop, through nokhwa (V4L2 on Linux,
//! AVFoundation on macOS, Media Foundation on Windows). Phones use the
//! webview's camera instead (see `webview.rs`), so mobile builds have no
//! nokhwa and say "no camera" here.

use super::{CameraError, FrameSource};

#[cfg(feature = "desktop")]
pub fn open(index: u32) -> Result<Box<dyn FrameSource>, CameraError> {
    desktop::NativeSource::open(index).map(|s| Box::new(s) as Box<dyn FrameSource>)
}

#[cfg(not(feature = "desktop"))]
pub fn open(_index: u32) -> Result<Box<dyn FrameSource>, CameraError> {
    Err(CameraError::NoCamera)
}

#[cfg(feature = "desktop")]
mod desktop {
    use nokhwa::pixel_format::LumaFormat;
    use nokhwa::utils::{
        ApiBackend, CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType,
        Resolution,
    };

    use super::super::{CameraError, Captured, FrameSource, GreyFrame};

    pub struct NativeSource {
        camera: nokhwa::Camera,
    }

    impl NativeSource {
        pub fn open(index: u32) -> Result<NativeSource, CameraError> {
            if nokhwa::query(ApiBackend::Auto).is_ok_and(|cams| cams.is_empty()) {
                return Err(CameraError::NoCamera);
            }
            // 1280×720 is enough for the MRZ's 44 characters a line at a
            // comfortable distance, and every webcam offers it or close.
            let wanted = RequestedFormat::new::<LumaFormat>(RequestedFormatType::Closest(
                CameraFormat::new(Resolution::new(1280, 720), FrameFormat::YUYV, 30),
            ));
            let mut camera =
                nokhwa::Camera::new(CameraIndex::Index(index), wanted).map_err(explain)?;
            camera.open_stream().map_err(explain)?;
            Ok(NativeSource { camera })
        }
    }

    impl Drop for NativeSource {
        fn drop(&mut self) {
            let _ = self.camera.stop_stream();
        }
    }

    /// Permission errors surface as an OS error text in nokhwa; the rest is
    /// "no usable camera" or a plain failure.
    fn explain(e: nokhwa::NokhwaError) -> CameraError {
        let text = e.to_string();
        let lower = text.to_lowercase();
        if lower.contains("permission") || lower.contains("denied") || lower.contains("os error 13")
        {
            CameraError::Denied
        } else if lower.contains("no such file") || lower.contains("not found") {
            CameraError::NoCamera
        } else {
            CameraError::Failed(text)
        }
    }

    impl FrameSource for NativeSource {
        fn next_frame(&mut self) -> Result<Option<Captured>, CameraError> {
            let buffer = self.camera.frame().map_err(explain)?;
            let res = buffer.resolution();
            let (w, h) = (res.width(), res.height());
            let data = buffer.buffer();
            let n = w as usize * h as usize;
            let bad =
                || CameraError::Failed(format!("a short {} frame", buffer.source_frame_format()));
            let pixels = match buffer.source_frame_format() {
                // Y U Y V: every other byte is the luma the reader wants.
                FrameFormat::YUYV => data.iter().step_by(2).copied().take(n).collect(),
                // NV12 starts with the whole Y plane.
                FrameFormat::NV12 | FrameFormat::GRAY => data.get(..n).ok_or_else(bad)?.to_vec(),
                FrameFormat::MJPEG => {
                    let img = image::load_from_memory_with_format(data, image::ImageFormat::Jpeg)
                        .map_err(|e| CameraError::Failed(e.to_string()))?;
                    return Ok(Some(Captured {
                        grey: GreyFrame::from_image(&img),
                        colour: Some(img.to_rgb8()),
                    }));
                }
                FrameFormat::RAWRGB | FrameFormat::RAWBGR => {
                    let rgb = data.get(..n * 3).ok_or_else(bad)?;
                    rgb.chunks_exact(3)
                        .map(|p| {
                            ((p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29) >> 8) as u8
                        })
                        .collect()
                }
            };
            let grey = GreyFrame::new(w, h, pixels).ok_or_else(bad)?;
            Ok(Some(Captured { grey, colour: None }))
        }
    }
}
