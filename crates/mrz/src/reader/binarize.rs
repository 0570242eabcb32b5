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

/// The tuning numbers of the threshold: ink where
/// `p + offset <= ratio × local mean`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BinarizeParams {
    /// Grey levels a pixel must be darker than the threshold by.
    pub offset: u32,
    /// The share of the local mean below which ink begins, in tenths.
    pub ratio_tenths: u32,
    /// The window's half-width is the frame's shorter side over this…
    pub window_divisor: usize,
    /// …but no less than this (pixels)…
    pub min_radius: usize,
    /// …and no more than this (pixels).
    pub max_radius: usize,
}

impl Default for BinarizeParams {
    fn default() -> Self {
        BinarizeParams {
            offset: 6,
            ratio_tenths: 9,
            window_divisor: 40,
            min_radius: 7,
            max_radius: 40,
        }
    }
}

/// Ink where `p + 6 <= 0.9 × local mean`, over a window about a twentieth of
/// the frame's shorter side: several stroke widths of any readable MRZ, so strokes
/// stay solid, yet small enough to follow a light gradient.
pub(crate) fn binarize(frame: &Frame<'_>, params: &BinarizeParams) -> Mask {
    let (w, h) = (frame.width(), frame.height());
    // The shorter side, not the height: the MRZ's size in a frame does not
    // depend on which way the phone is held, and so neither may its ink
    // (a frame turned a quarter gives the same mask, turned).
    let r = (h.min(w) / params.window_divisor).clamp(params.min_radius, params.max_radius);
    let iw = w + 1;
    let mut integral = vec![0u32; iw * (h + 1)];
    for y in 0..h {
        let row = frame.row(y);
        let mut acc = 0u32;
        for x in 0..w {
            acc = acc.wrapping_add(row[x] as u32);
            integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1].wrapping_add(acc);
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
            // Wrapping: a running total may pass u32::MAX on a huge frame,
            // yet the window's sum, taken modulo 2^32, is still exact.
            let sum = bottom[x1]
                .wrapping_add(top[x0])
                .wrapping_sub(bottom[x0].wrapping_add(top[x1]));
            let count = ((y1 - y0) * (x1 - x0)) as u32;
            // (p + offset) * count <= ratio * sum, in integers.
            out[x] =
                (((row[x] as u32 + params.offset) * count * 10) <= sum * params.ratio_tenths) as u8;
        }
    }
    Mask {
        width: w,
        height: h,
        ink,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dark_marks_on_a_gradient_are_ink_and_the_gradient_is_not() {
        // A left-to-right light gradient with a dark stroke (3 px, as thin
        // as a small character's) in the middle.
        let (w, h) = (200, 120);
        let mut px: Vec<u8> = (0..w * h).map(|i| (60 + (i % w) * 190 / w) as u8).collect();
        for y in 50..70 {
            for x in 99..102 {
                px[y * w + x] = 20;
            }
        }
        let mask = binarize(
            &Frame::new(w, h, w, &px).unwrap(),
            &BinarizeParams::default(),
        );
        assert_eq!(mask.ink[60 * w + 100], 1);
        assert_eq!(mask.ink[10 * w + 10], 0);
        assert_eq!(mask.ink[10 * w + 190], 0);
    }

    #[test]
    fn totals_past_u32_max_still_give_exact_windows() {
        // 4500 × 4000 white pixels sum to more than u32::MAX.
        let (w, h) = (4500, 4000);
        let mut px = vec![255u8; w * h];
        px[(h - 3) * w + w - 3] = 0;
        let mask = binarize(
            &Frame::new(w, h, w, &px).unwrap(),
            &BinarizeParams::default(),
        );
        assert_eq!(mask.ink[(h - 3) * w + w - 3], 1);
        assert_eq!(mask.ink.iter().map(|&v| v as usize).sum::<usize>(), 1);
    }
}
