//! Camera-like frames of generated documents: a document page is drawn in
//! millimetres (security-print background, photo, printed fields, and the MRZ
//! in OCR-B at ICAO's 10 characters per inch), then photographed: placed in a
//! cluttered scene by a homography (rotation, tilt, scale), lit unevenly,
//! blurred, given glare, noise, low contrast and JPEG artefacts.

use ab_glyph::{Font, FontArc, PxScale, point};
use image::{Rgb, RgbImage};
use paspor_mrz::Format;

use crate::fonts::Fonts;
use crate::rng::Rng;

/// How hard a frame is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Difficulty {
    /// Held square to the camera, well lit and sharp.
    Clean,
    /// What a hand-held phone sees: any of the distortions, mixed.
    Camera,
}

/// One frame to make.
#[derive(Debug, Clone)]
pub struct Shot {
    pub width: u32,
    pub height: u32,
    pub difficulty: Difficulty,
    /// The document's layout and MRZ lines; `None` for a page with no MRZ.
    pub mrz: Option<(Format, Vec<String>)>,
    pub seed: u64,
}

/// Page size in millimetres (ICAO 9303-3: ID-3 passport page, ID-2, ID-1).
pub fn page_mm(format: Format) -> (f32, f32) {
    match format {
        Format::Td3 | Format::MrvA => (125.0, 88.0),
        Format::Td2 | Format::MrvB => (105.0, 74.0),
        Format::Td1 => (85.6, 54.0),
    }
}

/// Renders the frame described by `shot`.
pub fn render(shot: &Shot) -> RgbImage {
    let mut rng = Rng::new(shot.seed);
    let fonts = Fonts::get();
    let format = shot
        .mrz
        .as_ref()
        .map(|(f, _)| *f)
        .unwrap_or(*rng.pick(&Format::ALL));
    let (pw_mm, ph_mm) = page_mm(format);
    let clean = shot.difficulty == Difficulty::Clean;

    // Where the page lands: its width as a share of the frame, its rotation
    // and tilt. Retried until the whole page is in view.
    let (fw, fh) = (shot.width as f32, shot.height as f32);
    let corners = loop {
        let fill = if clean {
            rng.range(0.6, 0.85)
        } else {
            rng.range(0.5, 0.9)
        };
        let w = fw * fill;
        let h = w * ph_mm / pw_mm;
        if h > fh * 0.95 {
            continue;
        }
        let mut angle = if clean {
            rng.range(-3.0, 3.0)
        } else {
            rng.range(-20.0, 20.0)
        }
        .to_radians();
        if !clean && rng.chance(0.12) {
            angle += std::f32::consts::PI;
        }
        let cx = fw / 2.0 + rng.range(-0.15, 0.15) * fw;
        let cy = fh / 2.0 + rng.range(-0.15, 0.15) * fh;
        let tilt = if clean { 0.01 } else { 0.07 };
        let (s, c) = angle.sin_cos();
        let pts: Vec<(f32, f32)> = [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]
            .iter()
            .map(|&(u, v)| {
                let (x, y) = (
                    u * w + rng.range(-tilt, tilt) * w,
                    v * h + rng.range(-tilt, tilt) * w,
                );
                (cx + x * c - y * s, cy + x * s + y * c)
            })
            .collect();
        if pts
            .iter()
            .all(|&(x, y)| x >= 2.0 && y >= 2.0 && x < fw - 2.0 && y < fh - 2.0)
        {
            break pts;
        }
    };
    let span = corners
        .iter()
        .map(|p| (p.0 - corners[0].0).hypot(p.1 - corners[0].1))
        .fold(0.0, f32::max);
    // Enough page pixels that the camera never magnifies the page.
    let ppm = (span / pw_mm.hypot(ph_mm) * 1.15).max(4.0);
    let page = draw_page(
        fonts,
        format,
        shot.mrz.as_ref().map(|(_, l)| l.as_slice()),
        pw_mm,
        ph_mm,
        ppm,
        &mut rng,
    );

    let mut frame = background(shot.width, shot.height, &mut rng);

    let (pw, ph) = (page.width() as f32, page.height() as f32);
    let to_page = homography(&corners, &[(0.0, 0.0), (pw, 0.0), (pw, ph), (0.0, ph)]);
    warp_into(&mut frame, &page, &to_page);

    if !clean {
        camera_effects(&mut frame, &mut rng);
    } else {
        add_noise(&mut frame, 2.0, &mut rng);
    }
    let quality = if clean {
        90
    } else {
        rng.range(35.0, 92.0) as u8
    };
    jpeg_round_trip(&frame, quality)
}

/// The document page, `ppm` pixels per millimetre.
fn draw_page(
    fonts: &Fonts,
    format: Format,
    mrz: Option<&[String]>,
    w_mm: f32,
    h_mm: f32,
    ppm: f32,
    rng: &mut Rng,
) -> RgbImage {
    let (w, h) = ((w_mm * ppm) as u32, (h_mm * ppm) as u32);
    let tint = [
        rng.range(225.0, 250.0),
        rng.range(225.0, 250.0),
        rng.range(215.0, 245.0),
    ];
    let mut page = RgbImage::from_fn(w, h, |x, y| {
        let g = (x as f32 / w as f32) * 10.0 - (y as f32 / h as f32) * 6.0;
        Rgb(tint.map(|t| (t + g).clamp(0.0, 255.0) as u8))
    });
    // Guilloche: fine interlaced sine curves in a pale ink, fainter over the
    // machine-readable zone as on real documents.
    let ink = [
        rng.range(120.0, 210.0),
        rng.range(140.0, 220.0),
        rng.range(150.0, 230.0),
    ];
    let mrz_top = h_mm - if format == Format::Td1 { 19.0 } else { 14.0 };
    for k in 0..(14 + rng.below(14)) {
        let (amp, freq, phase, base) = (
            rng.range(2.0, 9.0),
            rng.range(0.05, 0.25),
            rng.range(0.0, 6.3),
            rng.range(0.0, h_mm),
        );
        let mut x = 0.0;
        while x < w_mm {
            let y = base + amp * (freq * x + phase + k as f32).sin();
            if (0.0..h_mm).contains(&y) {
                let alpha = if y > mrz_top { 0.12 } else { 0.45 };
                blend(&mut page, (x * ppm) as i32, (y * ppm) as i32, ink, alpha);
            }
            x += 0.5 / ppm;
        }
    }
    // A portrait: a soft blob on a plain field.
    let (px0, py0, pw, ph) = (5.0 * ppm, 12.0 * ppm, 0.26 * w_mm * ppm, 0.45 * h_mm * ppm);
    let skin = [
        rng.range(120.0, 220.0),
        rng.range(90.0, 180.0),
        rng.range(70.0, 150.0),
    ];
    for y in py0 as u32..(py0 + ph) as u32 {
        for x in px0 as u32..(px0 + pw) as u32 {
            let (u, v) = ((x as f32 - px0) / pw - 0.5, (y as f32 - py0) / ph - 0.45);
            let face = (u * u * 5.0 + v * v * 3.0) < 0.35;
            let c = if face { skin } else { [200.0, 205.0, 215.0] };
            page.put_pixel(x.min(w - 1), y.min(h - 1), Rgb(c.map(|c| c as u8)));
        }
    }
    // Printed fields: a heading and labelled values in a sans-serif.
    let text_ink = [
        rng.range(10.0, 60.0),
        rng.range(10.0, 60.0),
        rng.range(40.0, 100.0),
    ];
    let heading = *rng.pick(&[
        "REPUBLIK INDONESIA",
        "PASPOR / PASSPORT",
        "KARTU IDENTITAS",
        "UTOPIA",
        "VISA",
    ]);
    draw_text(
        &mut page,
        &fonts.sans,
        heading,
        0.35 * w_mm * ppm,
        7.0 * ppm,
        3.4 * ppm,
        text_ink,
    );
    let words = [
        "Nama",
        "Name",
        "Tanggal lahir",
        "Date of birth",
        "Jenis kelamin",
        "Sex",
        "Kewarganegaraan",
        "INDONESIA",
        "JAKARTA",
        "14 AGU 1987",
        "Tempat",
        "No. Paspor",
        "A 1234567",
        "BUDI SANTOSO",
        "24 NOV 2031",
    ];
    let mut y = 13.0;
    while y < mrz_top - 3.0 {
        let x = 0.33 * w_mm + rng.range(0.0, 4.0);
        let text: String = (0..1 + rng.below(3))
            .map(|_| *rng.pick(&words))
            .collect::<Vec<_>>()
            .join("  ");
        draw_text(
            &mut page,
            &fonts.sans,
            &text,
            x * ppm,
            y * ppm,
            rng.range(2.0, 3.0) * ppm,
            text_ink,
        );
        y += rng.range(4.5, 7.0);
    }
    if let Some(lines) = mrz {
        // ICAO 9303-3: 2.54 mm pitch; OCR-B at that pitch has capitals about
        // 2 mm high; lines 3.5–4.5 mm apart, the last about 5 mm above the edge.
        let pitch = 2.54 * ppm * rng.range(0.98, 1.02);
        let cap = rng.range(1.9, 2.4) * ppm;
        let gap = rng.range(3.6, 4.4) * ppm;
        let left = (w_mm * ppm - pitch * lines[0].len() as f32) / 2.0 + rng.range(-1.0, 1.0) * ppm;
        let bottom = h_mm * ppm - rng.range(4.0, 6.0) * ppm;
        let ink = rng.range(0.0, 45.0);
        let scale = PxScale::from(cap / fonts.ocr_b_cap);
        for (i, line) in lines.iter().enumerate() {
            let baseline = bottom - gap * (lines.len() - 1 - i) as f32;
            for (j, c) in line.chars().enumerate() {
                draw_glyph(
                    &mut page,
                    &fonts.ocr_b,
                    c,
                    left + j as f32 * pitch,
                    baseline,
                    scale,
                    [ink, ink, ink],
                );
            }
        }
    }
    page
}

fn blend(img: &mut RgbImage, x: i32, y: i32, c: [f32; 3], alpha: f32) {
    if x < 0 || y < 0 || x >= img.width() as i32 || y >= img.height() as i32 {
        return;
    }
    let p = img.get_pixel_mut(x as u32, y as u32);
    for k in 0..3 {
        p.0[k] = (p.0[k] as f32 * (1.0 - alpha) + c[k] * alpha) as u8;
    }
}

fn draw_glyph(
    img: &mut RgbImage,
    font: &FontArc,
    c: char,
    x: f32,
    baseline: f32,
    scale: PxScale,
    ink: [f32; 3],
) {
    let glyph = font
        .glyph_id(c)
        .with_scale_and_position(scale, point(x, baseline));
    if let Some(outline) = font.outline_glyph(glyph) {
        let b = outline.px_bounds();
        outline.draw(|gx, gy, cov| {
            blend(
                img,
                b.min.x as i32 + gx as i32,
                b.min.y as i32 + gy as i32,
                ink,
                cov,
            )
        });
    }
}

fn draw_text(
    img: &mut RgbImage,
    font: &FontArc,
    text: &str,
    x: f32,
    baseline: f32,
    size: f32,
    ink: [f32; 3],
) {
    use ab_glyph::ScaleFont;
    let scale = PxScale::from(size);
    let scaled = font.as_scaled(scale);
    let mut pen = x;
    for c in text.chars() {
        draw_glyph(img, font, c, pen, baseline, scale, ink);
        pen += scaled.h_advance(font.glyph_id(c));
    }
}

/// A table, a hand, a bag: smooth colour, texture and a few hard edges.
fn background(w: u32, h: u32, rng: &mut Rng) -> RgbImage {
    let base = [
        rng.range(40.0, 200.0),
        rng.range(40.0, 200.0),
        rng.range(40.0, 200.0),
    ];
    let (gx, gy) = (rng.range(-60.0, 60.0), rng.range(-60.0, 60.0));
    let grain = rng.range(0.0, 0.25);
    let (fx, fy) = (rng.range(0.01, 0.08), rng.range(0.01, 0.08));
    let mut img = RgbImage::from_fn(w, h, |x, y| {
        let (u, v) = (x as f32 / w as f32, y as f32 / h as f32);
        let wood = ((x as f32 * fx + (y as f32 * fy).sin() * 3.0).sin()) * 40.0 * grain;
        Rgb(base.map(|b| (b + gx * u + gy * v + wood).clamp(0.0, 255.0) as u8))
    });
    for _ in 0..rng.below(6) {
        let c = [
            rng.range(0.0, 255.0),
            rng.range(0.0, 255.0),
            rng.range(0.0, 255.0),
        ];
        let (x0, y0) = (
            rng.range(0.0, w as f32) as u32,
            rng.range(0.0, h as f32) as u32,
        );
        let (rw, rh) = (
            rng.range(20.0, w as f32 / 3.0) as u32,
            rng.range(20.0, h as f32 / 3.0) as u32,
        );
        for y in y0..(y0 + rh).min(h) {
            for x in x0..(x0 + rw).min(w) {
                img.put_pixel(x, y, Rgb(c.map(|c| c as u8)));
            }
        }
    }
    img
}

/// The homography taking each `from` point to its `to` point (4 pairs), as a
/// row-major 3×3 matrix with `h[8] = 1`.
pub fn homography(from: &[(f32, f32)], to: &[(f32, f32)]) -> [f64; 9] {
    let mut a = [[0f64; 9]; 8];
    for i in 0..4 {
        let (x, y) = (from[i].0 as f64, from[i].1 as f64);
        let (u, v) = (to[i].0 as f64, to[i].1 as f64);
        a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
        a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
    }
    for col in 0..8 {
        let pivot = (col..8)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        for row in 0..8 {
            if row != col && a[col][col] != 0.0 {
                let f = a[row][col] / a[col][col];
                for k in col..9 {
                    a[row][k] -= f * a[col][k];
                }
            }
        }
    }
    let mut h = [0f64; 9];
    for i in 0..8 {
        h[i] = a[i][8] / a[i][i];
    }
    h[8] = 1.0;
    h
}

/// Draws `src` into `dst` where `to_src` (frame → page) lands inside the page.
fn warp_into(dst: &mut RgbImage, src: &RgbImage, to_src: &[f64; 9]) {
    let (sw, sh) = (src.width() as f64, src.height() as f64);
    let raw = src.as_raw();
    let stride = src.width() as usize * 3;
    for y in 0..dst.height() {
        for x in 0..dst.width() {
            let (xf, yf) = (x as f64 + 0.5, y as f64 + 0.5);
            let d = to_src[6] * xf + to_src[7] * yf + to_src[8];
            let u = (to_src[0] * xf + to_src[1] * yf + to_src[2]) / d - 0.5;
            let v = (to_src[3] * xf + to_src[4] * yf + to_src[5]) / d - 0.5;
            if u < 0.0 || v < 0.0 || u >= sw - 1.0 || v >= sh - 1.0 {
                continue;
            }
            let (x0, y0) = (u as usize, v as usize);
            let (fx, fy) = (u - x0 as f64, v - y0 as f64);
            let i = y0 * stride + x0 * 3;
            let p = dst.get_pixel_mut(x, y);
            for k in 0..3 {
                let a = raw[i + k] as f64 * (1.0 - fx) + raw[i + 3 + k] as f64 * fx;
                let b =
                    raw[i + stride + k] as f64 * (1.0 - fx) + raw[i + stride + 3 + k] as f64 * fx;
                p.0[k] = (a * (1.0 - fy) + b * fy) as u8;
            }
        }
    }
}

/// Uneven light, glare, low contrast, defocus or motion blur and sensor noise,
/// each with its own probability so that frames mix them.
fn camera_effects(frame: &mut RgbImage, rng: &mut Rng) {
    let (w, h) = (frame.width() as f32, frame.height() as f32);
    let light = (
        rng.range(-0.35, 0.35),
        rng.range(-0.35, 0.35),
        rng.range(0.75, 1.1),
    );
    let glare = rng.chance(0.35).then(|| {
        (
            rng.range(0.0, w),
            rng.range(0.0, h),
            rng.range(0.05, 0.2) * w,
            rng.range(40.0, 130.0),
        )
    });
    let contrast = if rng.chance(0.3) {
        rng.range(0.35, 0.7)
    } else {
        1.0
    };
    for (x, y, p) in frame.enumerate_pixels_mut() {
        let (u, v) = (x as f32 / w - 0.5, y as f32 / h - 0.5);
        let gain = light.2 * (1.0 + light.0 * u + light.1 * v);
        let add = glare.map_or(0.0, |(gx, gy, r, a)| {
            let d2 = ((x as f32 - gx).powi(2) + (y as f32 - gy).powi(2)) / (r * r);
            a * (-d2).exp()
        });
        for c in p.0.iter_mut() {
            let val = 128.0 + (*c as f32 * gain - 128.0) * contrast + add;
            *c = val.clamp(0.0, 255.0) as u8;
        }
    }
    if rng.chance(0.6) {
        let sigma = rng.range(0.4, 1.5);
        *frame = image::imageops::blur(frame, sigma);
    }
    if rng.chance(0.2) {
        motion_blur(frame, 1 + rng.below(4), rng.chance(0.5));
    }
    let sigma = rng.range(0.0, 9.0);
    add_noise(frame, sigma, rng);
}

fn motion_blur(frame: &mut RgbImage, len: usize, horizontal: bool) {
    let src = frame.clone();
    let (w, h) = (frame.width() as i64, frame.height() as i64);
    for (x, y, p) in frame.enumerate_pixels_mut() {
        let mut acc = [0u32; 3];
        for k in 0..=len as i64 {
            let (sx, sy) = if horizontal {
                ((x as i64 + k).min(w - 1), y as i64)
            } else {
                (x as i64, (y as i64 + k).min(h - 1))
            };
            let q = src.get_pixel(sx as u32, sy as u32);
            for c in 0..3 {
                acc[c] += q.0[c] as u32;
            }
        }
        p.0 = acc.map(|a| (a / (len as u32 + 1)) as u8);
    }
}

fn add_noise(frame: &mut RgbImage, sigma: f32, rng: &mut Rng) {
    if sigma <= 0.0 {
        return;
    }
    for c in frame.iter_mut() {
        *c = (*c as f32 + rng.normal() * sigma).clamp(0.0, 255.0) as u8;
    }
}

fn jpeg_round_trip(frame: &RgbImage, quality: u8) -> RgbImage {
    let mut bytes = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality);
    frame
        .write_with_encoder(encoder)
        .expect("JPEG encoding into memory");
    image::load_from_memory(&bytes)
        .expect("our own JPEG")
        .to_rgb8()
}
