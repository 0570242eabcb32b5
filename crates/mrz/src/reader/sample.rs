//! Cutting each character cell out of the frame as a small normalised patch:
//! sampled along the fitted grid (so rotation and tilt are undone), averaged
//! over the footprint of each patch pixel (so large text is not aliased), and
//! normalised to zero mean and unit variance (so light and contrast do not
//! matter to the classifier).

use super::Frame;
use super::locate::Grid;

pub const PATCH_W: usize = 16;
pub const PATCH_H: usize = 20;
pub const PATCH: usize = PATCH_W * PATCH_H;

/// How much of the line height a patch covers above and below the centre.
const HALF_HEIGHT: f32 = 0.75;

fn bilinear(frame: &Frame<'_>, x: f32, y: f32) -> f32 {
    let x = x.clamp(0.0, frame.width() as f32 - 1.001);
    let y = y.clamp(0.0, frame.height() as f32 - 1.001);
    let (x0, y0) = (x as usize, y as usize);
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let (r0, r1) = (frame.row(y0), frame.row(y0 + 1));
    let a = r0[x0] as f32 * (1.0 - fx) + r0[x0 + 1] as f32 * fx;
    let b = r1[x0] as f32 * (1.0 - fx) + r1[x0 + 1] as f32 * fx;
    a * (1.0 - fy) + b * fy
}

/// The patch of the cell centred at `center`, the text running along `step`
/// (one pitch long) with capitals `height` pixels tall.
pub(crate) fn patch(
    frame: &Frame<'_>,
    center: (f32, f32),
    step: (f32, f32),
    height: f32,
) -> [f32; PATCH] {
    let pitch = step.0.hypot(step.1);
    let (ex, ey) = (step.0 / pitch, step.1 / pitch);
    let (nx, ny) = (-ey, ex);
    // Patch pixel size in frame pixels, and samples per patch pixel per axis.
    let (du, dv) = (
        pitch / PATCH_W as f32,
        2.0 * HALF_HEIGHT * height / PATCH_H as f32,
    );
    let sub = (du.max(dv) / 1.5).ceil().clamp(1.0, 4.0) as usize;
    let mut out = [0f32; PATCH];
    for py in 0..PATCH_H {
        for px in 0..PATCH_W {
            let mut acc = 0.0;
            for sy in 0..sub {
                for sx in 0..sub {
                    let u = (px as f32 + (sx as f32 + 0.5) / sub as f32) * du - pitch / 2.0;
                    let v =
                        (py as f32 + (sy as f32 + 0.5) / sub as f32) * dv - HALF_HEIGHT * height;
                    acc += bilinear(
                        frame,
                        center.0 + u * ex + v * nx,
                        center.1 + u * ey + v * ny,
                    );
                }
            }
            out[py * PATCH_W + px] = acc / (sub * sub) as f32;
        }
    }
    normalise(&mut out);
    out
}

/// Zero mean, unit variance; a flat patch (no ink) stays near zero.
pub(crate) fn normalise(p: &mut [f32; PATCH]) {
    let mean = p.iter().sum::<f32>() / PATCH as f32;
    let var = p.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / PATCH as f32;
    let scale = 1.0 / var.sqrt().max(6.0);
    for v in p.iter_mut() {
        *v = (*v - mean) * scale;
    }
}

/// Every cell of the grid, line by line, in the grid's geometric order.
pub(crate) fn patches(frame: &Frame<'_>, grid: &Grid) -> Vec<[f32; PATCH]> {
    cells(frame, grid, 0.0, 0)
}

/// Every cell plus one beyond each end of each row (`width + 2` per row),
/// moved `shift` pitches along the row: the extra cells let the reader try
/// the grid one column either way, and the shifted looks let it see each
/// character a second and third time.
pub(crate) fn extended_patches(frame: &Frame<'_>, grid: &Grid, shift: f32) -> Vec<[f32; PATCH]> {
    cells(frame, grid, shift, 1)
}

fn cells(frame: &Frame<'_>, grid: &Grid, shift: f32, margin: i64) -> Vec<[f32; PATCH]> {
    let mut out = Vec::with_capacity(grid.lines * (grid.width + 2 * margin as usize));
    for line in 0..grid.lines {
        for col in -margin..grid.width as i64 + margin {
            let (cx, cy) = grid.cell_center(line, col);
            let step = grid.rows[line].step(col as f32);
            let center = (cx + shift * step.0, cy + shift * step.1);
            out.push(patch(frame, center, step, grid.char_height));
        }
    }
    out
}

/// The same cell seen upside down: rotating a patch by 180° is reversing it,
/// because its sample grid is symmetric about the centre.
pub fn rotated(p: &[f32; PATCH]) -> [f32; PATCH] {
    let mut r = *p;
    r.reverse();
    r
}

/// Every cell moved and scaled a little at random (up to ±12 % of a pitch
/// along the row, ±10 % of the height across it, ±6 % in size), reproducible
/// from `seed`: training on these teaches the classifier that a cell is
/// never cut exactly around its character.
pub(crate) fn jittered_patches(frame: &Frame<'_>, grid: &Grid, seed: u64) -> Vec<[f32; PATCH]> {
    let mut state = seed | 1;
    let mut unit = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f32 / (1u64 << 53) as f32 * 2.0 - 1.0
    };
    let mut out = Vec::with_capacity(grid.lines * grid.width);
    for line in 0..grid.lines {
        for col in 0..grid.width as i64 {
            let (cx, cy) = grid.cell_center(line, col);
            let step = grid.rows[line].step(col as f32);
            let pitch = step.0.hypot(step.1).max(1e-3);
            let (along, across, scale) = (0.12 * unit(), 0.10 * unit(), 1.0 + 0.06 * unit());
            let n = (-step.1 / pitch, step.0 / pitch);
            let across_px = across * grid.char_height;
            let center = (
                cx + along * step.0 + across_px * n.0,
                cy + along * step.1 + across_px * n.1,
            );
            out.push(patch(
                frame,
                center,
                (step.0 * scale, step.1 * scale),
                grid.char_height * scale,
            ));
        }
    }
    out
}
