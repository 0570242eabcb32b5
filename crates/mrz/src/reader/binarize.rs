//! Adaptive thresholding: a pixel is ink when it is clearly darker than the
//! mean of its neighbourhood. A local mean (from an integral image, O(1) per
//! pixel) follows uneven light and glare that a global threshold cannot.

use super::Frame;

/// A binary image, one byte per pixel (1 = ink), row-major.
pub(crate) struct Mask {
    pub width: usize,
    pub height: usize,
    pub ink: Vec<u8>,
}

/// Ink where `p + 6 <= 0.9 × local mean`, over a window about a twentieth of
/// the frame's height: several stroke widths of any readable MRZ, so strokes
/// stay solid, yet small enough to follow a light gradient.
pub(crate) fn binarize(frame: &Frame<'_>) -> Mask {
    let (w, h) = (frame.width(), frame.height());
    let r = (h / 40).clamp(7, 40);
    let iw = w + 1;
    let mut integral = vec![0u32; iw * (h + 1)];
    for y in 0..h {
        let row = frame.row(y);
        let mut acc = 0u32;
        for x in 0..w {
            acc += row[x] as u32;
            integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1] + acc;
        }
    }
    let mut ink = vec![0u8; w * h];
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        let row = frame.row(y);
        let top = &integral[y0 * iw..];
        let bottom = &integral[y1 * iw..];
        let out = &mut ink[y * w..(y + 1) * w];
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let sum = bottom[x1] - bottom[x0] - top[x1] + top[x0];
            let count = ((y1 - y0) * (x1 - x0)) as u32;
            // (p + 6) * count <= 0.9 * sum, in integers.
            out[x] = (((row[x] as u32 + 6) * count * 10) <= sum * 9) as u8;
        }
    }
    Mask {
        width: w,
        height: h,
        ink,
    }
}
