//! Finding the MRZ among the components: characters of one size, in long
//! straight rows at a fixed pitch, in 2 or 3 rows of the same length. The text
//! angle comes from the directions between neighbouring characters (so any
//! rotation within ±30° works, and upside down, which only reverses the
//! order), then rows are chained along it and the block is fitted as a grid.

use super::components::Component;

/// A located MRZ: the image position of every character cell, in the
/// geometric order of the frame (not yet known to be upright).
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    pub lines: usize,
    pub width: usize,
    /// Per line: where each column's centre is.
    pub rows: Vec<Row>,
    /// Per line and column, the centre of the glyph found there, if one was:
    /// the ink itself places a character better than any fitted curve.
    pub glyphs: Vec<Vec<Option<(f32, f32)>>>,
    /// Character height in pixels (OCR-B capitals at 10 characters per inch).
    pub char_height: f32,
}

/// `x(col) = x[0] + x[1]·col + x[2]·col²`, likewise `y`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub x: [f32; 3],
    pub y: [f32; 3],
}

impl Row {
    pub fn at(&self, col: f32) -> (f32, f32) {
        (
            self.x[0] + col * (self.x[1] + col * self.x[2]),
            self.y[0] + col * (self.y[1] + col * self.y[2]),
        )
    }
    /// The step to the next column at `col` (direction and pitch).
    pub fn step(&self, col: f32) -> (f32, f32) {
        (
            self.x[1] + 2.0 * col * self.x[2],
            self.y[1] + 2.0 * col * self.y[2],
        )
    }
}

impl Grid {
    /// The centre of a cell; `col` may be one outside the row on either side.
    pub fn cell_center(&self, line: usize, col: i64) -> (f32, f32) {
        let fitted = self.rows[line].at(col as f32);
        let glyph = usize::try_from(col)
            .ok()
            .and_then(|c| self.glyphs[line].get(c))
            .copied()
            .flatten();
        match glyph {
            // Only a glyph close to the fit is trusted (not a neighbour's mark).
            Some(g) if (g.0 - fitted.0).hypot(g.1 - fitted.1) < 0.25 * self.char_height => g,
            _ => fitted,
        }
    }
}

/// Why no grid was found, for the user's hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Miss {
    /// Rows of small text were seen: the MRZ is probably too far away.
    TooSmall,
    Nothing,
}

/// OCR-B's advance is 1.27 capital heights; ICAO prints it at 2.54 mm.
const PITCH_PER_HEIGHT: f32 = 1.27;
/// The smallest character height (pixels) the classifier reads reliably.
const MIN_HEIGHT: f32 = 7.0;

struct Glyph {
    x: f32,
    y: f32,
    h: f32,
    u: f32,
    v: f32,
}

pub(crate) fn locate(comps: &[Component], frame_w: usize, frame_h: usize) -> Result<Grid, Miss> {
    let max_h = frame_h.min(frame_w) as f32 / 8.0;
    let mut glyphs: Vec<Glyph> = comps
        .iter()
        .filter(|c| {
            let (w, h) = (c.width(), c.height());
            // Rotated up to 30°, a glyph's box is at most ~1.2 of its height wide.
            h >= 4.0 && h <= max_h && w <= 1.25 * h && (c.area as f32) >= 0.12 * w * h
        })
        .map(|c| {
            let (x, y) = c.center();
            Glyph {
                x,
                y,
                h: c.height(),
                u: 0.0,
                v: 0.0,
            }
        })
        .collect();
    if glyphs.len() < 40 {
        return Err(Miss::Nothing);
    }
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));

    // The text angle: a histogram of the directions to each glyph's nearest
    // similar neighbour on its right.
    let mut hist = [0f32; 61];
    for i in 0..glyphs.len() {
        let g = &glyphs[i];
        let mut best: Option<(f32, f32, f32)> = None;
        for n in &glyphs[i + 1..] {
            let dx = n.x - g.x;
            if dx > 2.0 * g.h {
                break;
            }
            let dy = n.y - g.y;
            let ratio = n.h / g.h;
            if dy.abs() > 0.8 * g.h || !(0.75..=1.33).contains(&ratio) {
                continue;
            }
            let d = dx.hypot(dy);
            if d > 0.8 * g.h && best.is_none_or(|b| d < b.0) {
                best = Some((d, dx, dy));
            }
        }
        if let Some((_, dx, dy)) = best {
            let a = dy.atan2(dx).to_degrees();
            if a.abs() <= 30.0 {
                hist[(a.round() as i32 + 30) as usize] += 1.0;
            }
        }
    }
    let smooth = |i: usize| {
        hist[i] * 2.0
            + if i > 0 { hist[i - 1] } else { 0.0 }
            + hist.get(i + 1).copied().unwrap_or(0.0)
    };
    let peak = (0..61)
        .max_by(|&a, &b| smooth(a).total_cmp(&smooth(b)))
        .unwrap_or(30);
    let (mut num, mut den) = (0.0, 0.0);
    for (i, &count) in hist
        .iter()
        .enumerate()
        .take(peak + 3)
        .skip(peak.saturating_sub(2))
    {
        num += count * (i as f32 - 30.0);
        den += count;
    }
    let angle = if den > 0.0 {
        (num / den).to_radians()
    } else {
        0.0
    };
    let (sin, cos) = angle.sin_cos();
    for g in glyphs.iter_mut() {
        g.u = g.x * cos + g.y * sin;
        g.v = -g.x * sin + g.y * cos;
    }
    glyphs.sort_by(|a, b| a.u.total_cmp(&b.u));

    // Chains: each glyph's best successor along the text direction, kept only
    // when the glyph is also that successor's best predecessor.
    let n = glyphs.len();
    let mut succ = vec![usize::MAX; n];
    let mut pred_cost = vec![f32::INFINITY; n];
    let mut pred = vec![usize::MAX; n];
    for i in 0..n {
        let g = &glyphs[i];
        let mut best = (f32::INFINITY, usize::MAX);
        for (j, m) in glyphs.iter().enumerate().skip(i + 1) {
            let du = m.u - g.u;
            if du > 3.0 * PITCH_PER_HEIGHT * g.h {
                break;
            }
            let dv = (m.v - g.v).abs();
            let ratio = m.h / g.h;
            if du < 0.5 * g.h || dv > 0.3 * g.h.max(m.h) || !(0.7..=1.45).contains(&ratio) {
                continue;
            }
            let cost = du + 3.0 * dv;
            if cost < best.0 {
                best = (cost, j);
            }
        }
        if best.1 != usize::MAX {
            succ[i] = best.1;
            if best.0 < pred_cost[best.1] {
                pred_cost[best.1] = best.0;
                pred[best.1] = i;
            }
        }
    }
    let mut chains: Vec<Vec<usize>> = Vec::new();
    for start in 0..n {
        if pred[start] != usize::MAX && succ[pred[start]] == start {
            continue;
        }
        let mut chain = vec![start];
        let mut i = start;
        while succ[i] != usize::MAX && pred[succ[i]] == i {
            i = succ[i];
            chain.push(i);
        }
        if chain.len() >= 3 {
            chains.extend(split_irregular(&glyphs, chain));
        }
    }
    let chains = merge_collinear(&glyphs, chains);

    let mut lines: Vec<Line> = chains
        .iter()
        .filter_map(|c| Line::fit(&glyphs, c))
        .collect();
    if lines.iter().all(|l| l.count < 20) {
        return Err(if lines.iter().any(|l| l.height < MIN_HEIGHT) {
            Miss::TooSmall
        } else {
            Miss::Nothing
        });
    }
    lines.retain(|l| l.count >= 12);
    lines.sort_by(|a, b| a.v.total_cmp(&b.v));
    let block = best_block(&glyphs, &lines).ok_or(Miss::Nothing)?;
    let grid = fit_grid(&glyphs, &block)?;
    if grid.char_height < MIN_HEIGHT {
        return Err(Miss::TooSmall);
    }
    Ok(grid)
}

/// Cuts a chain where the spacing stops being a whole number of pitches:
/// MRZ rows are perfectly regular, ordinary printed text is not.
fn split_irregular(glyphs: &[Glyph], chain: Vec<usize>) -> Vec<Vec<usize>> {
    let mut walk = Walker::new(glyphs, &chain);
    let mut out = vec![vec![chain[0]]];
    for w in chain.windows(2) {
        if walk.step(glyphs[w[1]].u - glyphs[w[0]].u).is_none() {
            out.push(Vec::new());
        }
        out.last_mut().expect("non-empty").push(w[1]);
    }
    out.retain(|c| c.len() >= 3);
    out
}

/// Counts columns along a row gap by gap. The pitch it measures against is
/// updated as it goes, because on a tilted page the pitch shrinks steadily
/// from the near end of a row to the far one.
struct Walker {
    pitch: f32,
}

impl Walker {
    /// Starts from the chain's median gap.
    fn new(glyphs: &[Glyph], chain: &[usize]) -> Walker {
        let mut gaps: Vec<f32> = chain
            .windows(2)
            .map(|w| glyphs[w[1]].u - glyphs[w[0]].u)
            .collect();
        gaps.sort_by(f32::total_cmp);
        Walker {
            pitch: gaps.get(gaps.len() / 2).copied().unwrap_or(1.0),
        }
    }

    /// The number of columns (1–3) a gap spans, or `None` if it is not close
    /// to a whole number of pitches.
    fn step(&mut self, gap: f32) -> Option<i64> {
        let k = gap / self.pitch;
        let n = k.round();
        if !(1.0..=3.0).contains(&n) || (k - n).abs() >= 0.3 {
            return None;
        }
        self.pitch = 0.8 * self.pitch + 0.2 * gap / n;
        Some(n as i64)
    }
}

/// Joins chains that continue one another: same row, the gap a whole number
/// (1–3) of pitches. A row breaks where one glyph is smudged or two touch;
/// its pieces are still one MRZ row.
fn merge_collinear(glyphs: &[Glyph], mut chains: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    chains.sort_by(|a, b| glyphs[a[0]].u.total_cmp(&glyphs[b[0]].u));
    // The pitch at a chain's end, where it meets the next.
    let pitch_of = |c: &[usize]| -> f32 {
        let mut walk = Walker::new(glyphs, c);
        for w in c.windows(2) {
            walk.step(glyphs[w[1]].u - glyphs[w[0]].u);
        }
        walk.pitch
    };
    'again: loop {
        for a in 0..chains.len() {
            let last = &glyphs[*chains[a].last().expect("non-empty")];
            let pitch = pitch_of(&chains[a]);
            for b in 0..chains.len() {
                if a == b {
                    continue;
                }
                let first = &glyphs[chains[b][0]];
                let (du, dv) = (first.u - last.u, (first.v - last.v).abs());
                let k = du / pitch;
                let h = last.h.max(first.h);
                let fits = k > 0.6
                    && k < 3.4
                    && (k - k.round()).abs() < 0.3
                    && dv < 0.35 * h
                    && (pitch_of(&chains[b]) / pitch - 1.0).abs() < 0.2;
                if fits {
                    let tail = chains.remove(b);
                    let a = if b < a { a - 1 } else { a };
                    chains[a].extend(tail);
                    continue 'again;
                }
            }
        }
        break;
    }
    chains.retain(|c| c.len() >= 8);
    chains
}

/// A regular row: its glyphs, pitch, extent along the text and position across it.
#[derive(Debug, Clone)]
struct Line {
    members: Vec<usize>,
    pitch: f32,
    u0: f32,
    u1: f32,
    v: f32,
    height: f32,
    /// Number of cells from its first to its last glyph.
    count: usize,
}

impl Line {
    fn fit(glyphs: &[Glyph], chain: &[usize]) -> Option<Line> {
        let mut walk = Walker::new(glyphs, chain);
        let u0 = glyphs[chain[0]].u;
        let u1 = glyphs[*chain.last()?].u;
        let count = 1 + chain
            .windows(2)
            .map(|w| walk.step(glyphs[w[1]].u - glyphs[w[0]].u).unwrap_or(1) as usize)
            .sum::<usize>();
        let pitch = (u1 - u0) / (count - 1).max(1) as f32;
        let mut heights: Vec<f32> = chain.iter().map(|&i| glyphs[i].h).collect();
        heights.sort_by(f32::total_cmp);
        let height = heights[heights.len() / 2];
        // A MRZ row's pitch is 1.27 heights; reject rows of another font.
        let ratio = pitch / height;
        if !(0.75..=2.0).contains(&ratio) {
            return None;
        }
        let v = chain.iter().map(|&i| glyphs[i].v).sum::<f32>() / chain.len() as f32;
        Some(Line {
            members: chain.to_vec(),
            pitch,
            u0,
            u1,
            v,
            height,
            count,
        })
    }
}

/// The best set of 2 or 3 consecutive rows that look like one MRZ: same
/// pitch, same extent, evenly spaced, with 30, 36 or 44 cells.
fn best_block(glyphs: &[Glyph], lines: &[Line]) -> Option<Block> {
    let mut best: Option<(f32, Block)> = None;
    for size in [3usize, 2] {
        for start in 0..lines.len() {
            // Rows may be separated by stray chains; search the next few.
            let mut block = vec![lines[start].clone()];
            for l in &lines[start + 1..] {
                if block.len() == size {
                    break;
                }
                let last = block.last().expect("non-empty");
                let dv = l.v - last.v;
                let p = last.pitch;
                if dv < 1.0 * last.height {
                    continue;
                }
                if dv > 3.0 * last.height {
                    break;
                }
                // MRZ rows are full (fillers to the end), so they start and
                // end together; a row whose end is hidden (glare, a finger)
                // still starts or ends with the others.
                let aligned =
                    (l.u0 - block[0].u0).abs() < 2.5 * p || (l.u1 - block[0].u1).abs() < 2.5 * p;
                if aligned && (l.pitch / p - 1.0).abs() < 0.12 {
                    block.push(l.clone());
                }
            }
            if block.len() != size {
                continue;
            }
            let pitch = block.iter().map(|l| l.pitch).sum::<f32>() / size as f32;
            let widths: &[usize] = if size == 3 { &[30] } else { &[36, 44] };
            // The block's ends: one row's start and one row's end, the pair
            // closest to a layout's width. A row that caught a stray mark at
            // one end (the page edge, a photo's border) then does not
            // stretch the block; the other rows outvote it.
            let mut extent: Option<(usize, usize, f32, f32)> = None;
            // Candidate ends: each row's first and last three glyphs, so that
            // a mark caught at the same end of every row (the page's edge,
            // a photo's border) can be left out too.
            let ends = |l: &Line, from_start: bool| -> Vec<f32> {
                let n = l.members.len();
                let picks: Vec<usize> = if from_start {
                    (0..n.min(3)).collect()
                } else {
                    (n.saturating_sub(3)..n).collect()
                };
                picks.into_iter().map(|k| glyphs[l.members[k]].u).collect()
            };
            for a in &block {
                for start in ends(a, true) {
                    for b in &block {
                        for end in ends(b, false) {
                            let count = ((end - start) / pitch).round().max(0.0) as usize + 1;
                            for &w in widths {
                                let off = w.abs_diff(count);
                                // Fewest cells off, then the widest extent.
                                let better = extent.is_none_or(|e| {
                                    off < e.1
                                        || (off == e.1 && end - start > e.3 - e.2 + 0.5 * pitch)
                                });
                                if better {
                                    extent = Some((w, off, start, end));
                                }
                            }
                        }
                    }
                }
            }
            let Some((width, off, u0, u1)) = extent else {
                continue;
            };
            if off > 2 {
                continue;
            }
            let count = width + off;
            let found: usize = block.iter().map(|l| l.members.len()).sum();
            let score = found as f32 / (width * size) as f32 - 0.05 * width.abs_diff(count) as f32
                + size as f32 * 0.01;
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((
                    score,
                    Block {
                        lines: block,
                        width,
                        u0,
                        u1,
                    },
                ));
            }
        }
        if best.as_ref().is_some_and(|b| b.0 > 0.75) {
            break;
        }
    }
    best.filter(|b| b.0 > 0.5).map(|(_, block)| block)
}

/// The rows of an MRZ, its layout width and its ends along the text.
struct Block {
    lines: Vec<Line>,
    width: usize,
    u0: f32,
    u1: f32,
}

/// Fits each row as `centre(col) = a + b·col + c·col²` in image coordinates
/// (the square term follows the pitch change of a tilted page) by least
/// squares over its glyphs. Each glyph's column is counted along its row from
/// the previous glyph, in local pitches, so a tilted row cannot drift off by
/// a column the way one global pitch would.
fn fit_grid(glyphs: &[Glyph], block: &Block) -> Result<Grid, Miss> {
    let (lines, width, u0, u1) = (&block.lines, block.width, block.u0, block.u1);
    let pitch = (u1 - u0) / (width - 1) as f32;
    let mut rows = Vec::with_capacity(lines.len());
    let mut glyph_centers = Vec::with_capacity(lines.len());
    for line in lines {
        // Glyphs beyond the block's ends are the stray marks it left out.
        let members: Vec<usize> = line
            .members
            .iter()
            .copied()
            .filter(|&i| (u0 - 0.5 * pitch..=u1 + 0.5 * pitch).contains(&glyphs[i].u))
            .collect();
        if members.len() < 4 {
            return Err(Miss::Nothing);
        }
        let line = &Line {
            members,
            ..line.clone()
        };
        // Columns relative to the row's first glyph.
        let mut col = 0i64;
        let mut pts: Vec<(f32, f32, f32)> = Vec::with_capacity(line.members.len());
        let first = &glyphs[line.members[0]];
        pts.push((0.0, first.x, first.y));
        let mut walk = Walker::new(glyphs, &line.members);
        for w in line.members.windows(2) {
            let gap = glyphs[w[1]].u - glyphs[w[0]].u;
            col += walk
                .step(gap)
                .unwrap_or(((gap / line.pitch).round() as i64).max(1));
            pts.push((col as f32, glyphs[w[1]].x, glyphs[w[1]].y));
        }
        // A full row spans the layout's width. Cells missing from a shorter
        // row are shared between its ends by how far each end falls short of
        // the block's (a tilted page shifts both ends alike, so the sides'
        // distances, not one side's, tell where the gap is). A row longer than
        // the layout caught a stray mark: the columns that fit are kept.
        let count = col + 1;
        let missing = width as i64 - count;
        let start = if missing > 0 {
            let short_start = ((first.u - u0) / pitch).max(0.0);
            let short_end =
                ((u1 - glyphs[*line.members.last().expect("non-empty")].u) / pitch).max(0.0);
            let share = short_start / (short_start + short_end).max(1e-3);
            (missing as f32 * share).round() as i64
        } else {
            0
        };
        pts.iter_mut().for_each(|p| p.0 += start as f32);
        if missing < 0 {
            // Drop the end that sticks out further.
            let over_start = (u0 - first.u) / pitch;
            let over_end = (glyphs[*line.members.last().expect("non-empty")].u - u1) / pitch;
            let shift = if over_start > over_end { -missing } else { 0 };
            pts.iter_mut().for_each(|p| p.0 -= shift as f32);
            pts.retain(|p| p.0 >= 0.0 && p.0 < width as f32);
        }
        let mut row = None;
        for _ in 0..2 {
            let Some(fit) = fit_row(&pts) else {
                return Err(Miss::Nothing);
            };
            // Drop glyphs far from the fitted row (a neighbour's mark) and refit.
            pts.retain(|p| {
                let (ex, ey) = fit.at(p.0);
                (ex - p.1).hypot(ey - p.2) < 0.35 * pitch
            });
            row = Some(fit);
        }
        rows.push(row.expect("fitted"));
        let mut found = vec![None; width];
        for p in &pts {
            found[p.0 as usize] = Some((p.1, p.2));
        }
        glyph_centers.push(found);
    }
    Ok(Grid {
        lines: lines.len(),
        width,
        glyphs: glyph_centers,
        rows,
        char_height: pitch / PITCH_PER_HEIGHT,
    })
}

/// Least squares of x and y on (1, col, col²); a straight line when the
/// points are too few or too bunched for a curve.
fn fit_row(pts: &[(f32, f32, f32)]) -> Option<Row> {
    if pts.len() < 4 {
        return None;
    }
    let span = pts.last()?.0 - pts.first()?.0;
    let quadratic = pts.len() >= 12 && span >= 16.0;
    let n = if quadratic { 3 } else { 2 };
    // Normal equations in f64 for stability.
    let mut a = [[0f64; 3]; 3];
    let mut bx = [0f64; 3];
    let mut by = [0f64; 3];
    for &(k, x, y) in pts {
        let basis = [1.0, k as f64, (k as f64).powi(2)];
        for i in 0..n {
            for j in 0..n {
                a[i][j] += basis[i] * basis[j];
            }
            bx[i] += basis[i] * x as f64;
            by[i] += basis[i] * y as f64;
        }
    }
    let cx = solve(a, bx, n)?;
    let cy = solve(a, by, n)?;
    Some(Row {
        x: [cx[0] as f32, cx[1] as f32, cx[2] as f32],
        y: [cy[0] as f32, cy[1] as f32, cy[2] as f32],
    })
}

/// Gaussian elimination of an `n`×`n` system (n ≤ 3).
fn solve(mut a: [[f64; 3]; 3], mut b: [f64; 3], n: usize) -> Option<[f64; 3]> {
    for c in 0..n {
        let p = (c..n).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        a.swap(c, p);
        b.swap(c, p);
        if a[c][c].abs() < 1e-9 {
            return None;
        }
        for r in 0..n {
            if r != c {
                let f = a[r][c] / a[c][c];
                let pivot_row = a[c];
                for (v, p) in a[r].iter_mut().zip(pivot_row).take(n).skip(c) {
                    *v -= f * p;
                }
                b[r] -= f * b[c];
            }
        }
    }
    let mut x = [0f64; 3];
    for i in 0..n {
        x[i] = b[i] / a[i][i];
    }
    Some(x)
}
