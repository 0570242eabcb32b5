//! Finding the MRZ among the components: characters of one size, in long
//! straight rows at a fixed pitch, in 2 or 3 rows of the same length. The text
//! angle comes from the directions between neighbouring characters (so any
//! rotation within ±30° works, and upside down, which only reverses the
//! order), then rows are chained along it and the block is fitted as a grid.
//! A page lying sideways is found the same way among the components turned
//! a quarter ([`Grid::turned_back`] maps the grid back to the frame).

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
    /// A grid found among [`quarter_turn`](super::components::quarter_turn)ed
    /// components, back in the frame's own coordinates (`frame_h` its
    /// height): `(x', y')` → `(y', frame_h − x')`. The map is a rotation, so
    /// rows keep their reading direction and cells their upright side.
    pub fn turned_back(self, frame_h: usize) -> Grid {
        let h = frame_h as f32;
        Grid {
            rows: self
                .rows
                .iter()
                .map(|r| Row {
                    x: r.y,
                    y: [h - r.x[0], -r.x[1], -r.x[2]],
                })
                .collect(),
            glyphs: self
                .glyphs
                .iter()
                .map(|line| line.iter().map(|g| g.map(|(x, y)| (y, h - x))).collect())
                .collect(),
            ..self
        }
    }

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
/// A property of the font, not a tuning number.
const PITCH_PER_HEIGHT: f32 = 1.27;

/// The tuning numbers of [`locate`], stage by stage. Lengths are in glyph
/// heights (`h`) or column pitches unless said otherwise. The defaults are
/// the values the evaluation figures in BENCHMARKS.md were measured with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LocateParams {
    // Stage 1, glyphs: which components can be characters.
    /// The shortest component (pixels) that can be a character.
    pub min_glyph_height: f32,
    /// The tallest component, as a fraction of the frame's shorter side (1/n).
    pub max_glyph_height_divisor: f32,
    /// The widest box per height (a glyph turned by 30° is ~1.2 h wide).
    pub max_glyph_aspect: f32,
    /// The least share of its box a glyph's ink fills.
    pub min_glyph_fill: f32,
    /// Fewer glyphs than this in a frame: no MRZ (it has at least 60).
    pub min_glyphs: usize,
    // Stage 2, text angle: directions to each glyph's nearest neighbour.
    /// The largest text angle (whole degrees) either way; beyond it the
    /// document is taken upside down or not found.
    pub max_angle_degrees: usize,
    /// How far to the right a neighbour is looked for (h).
    pub angle_reach: f32,
    /// How far above or below a neighbour may be (h).
    pub angle_max_rise: f32,
    /// The nearest a neighbour may be (h): closer is part of the same glyph.
    pub angle_min_distance: f32,
    /// The size ratios of a neighbour that count as the same font.
    pub angle_size_ratio: (f32, f32),
    // Stage 3, chains: glyphs joined into rows along the text.
    /// How far along the text a successor is looked for (pitches of 1.27 h).
    pub chain_reach: f32,
    /// The nearest a successor may be along the text (h).
    pub chain_min_advance: f32,
    /// How far across the text a successor may be (h of the taller).
    pub chain_max_offset: f32,
    /// The size ratios of a successor that count as the same font.
    pub chain_size_ratio: (f32, f32),
    /// The cost of an offset across the text, against one along it.
    pub chain_offset_weight: f32,
    /// How far a gap may be from a whole number of pitches.
    pub pitch_tolerance: f32,
    /// How much each gap moves the running pitch estimate.
    pub pitch_smoothing: f32,
    /// The fewest glyphs in a piece of a chain kept before merging.
    pub min_piece: usize,
    /// The fewest glyphs in a chain kept after merging.
    pub min_chain: usize,
    /// The gaps (in pitches) over which two pieces of one row are joined.
    pub merge_gap: (f32, f32),
    /// How far across the text two pieces of one row may be (h).
    pub merge_max_offset: f32,
    /// How much two pieces' pitches may differ (relative).
    pub merge_pitch_change: f32,
    // Stage 4, lines: regular rows of the MRZ font.
    /// The pitch-to-height ratios of an MRZ row (OCR-B's is 1.27).
    pub line_pitch_ratio: (f32, f32),
    /// With no row of this many cells the frame has no MRZ.
    pub min_row_cells: usize,
    /// Rows shorter than this (cells) are left out of the search.
    pub min_line_cells: usize,
    // Stage 5, block: 2 or 3 rows that make one MRZ.
    /// The spacings of consecutive rows (h).
    pub row_spacing: (f32, f32),
    /// How far rows' starts or ends may differ (pitches).
    pub row_alignment: f32,
    /// How much rows' pitches may differ (relative).
    pub row_pitch_change: f32,
    /// The most cells a block may be off its layout's width.
    pub max_width_off: usize,
    /// The score lost per cell off the layout's width.
    pub width_off_penalty: f32,
    /// The score won per row (three rows beat two when both fit).
    pub row_bonus: f32,
    /// A 3-row block scoring this much ends the search.
    pub good_block: f32,
    /// The least score of a block taken for an MRZ.
    pub min_block: f32,
    // Stage 6, grid: each row fitted as a curve through its glyphs.
    /// Glyphs further than this beyond the block's ends are left out (pitches).
    pub grid_end_margin: f32,
    /// Glyphs further than this from the fitted row are dropped (pitches).
    pub grid_max_residual: f32,
    /// The smallest character height (pixels) the classifier reads reliably.
    pub min_char_height: f32,
}

impl Default for LocateParams {
    fn default() -> Self {
        LocateParams {
            min_glyph_height: 4.0,
            max_glyph_height_divisor: 8.0,
            max_glyph_aspect: 1.25,
            min_glyph_fill: 0.12,
            min_glyphs: 40,
            max_angle_degrees: 30,
            angle_reach: 2.0,
            angle_max_rise: 0.8,
            angle_min_distance: 0.8,
            angle_size_ratio: (0.75, 1.33),
            chain_reach: 3.0,
            chain_min_advance: 0.5,
            chain_max_offset: 0.3,
            chain_size_ratio: (0.7, 1.45),
            chain_offset_weight: 3.0,
            pitch_tolerance: 0.3,
            pitch_smoothing: 0.2,
            min_piece: 3,
            min_chain: 8,
            merge_gap: (0.6, 3.4),
            merge_max_offset: 0.35,
            merge_pitch_change: 0.2,
            line_pitch_ratio: (0.75, 2.0),
            min_row_cells: 20,
            min_line_cells: 12,
            row_spacing: (1.0, 3.0),
            row_alignment: 2.5,
            row_pitch_change: 0.12,
            max_width_off: 2,
            width_off_penalty: 0.05,
            row_bonus: 0.01,
            good_block: 0.75,
            min_block: 0.5,
            grid_end_margin: 0.5,
            grid_max_residual: 0.35,
            min_char_height: 7.0,
        }
    }
}

struct Glyph {
    x: f32,
    y: f32,
    h: f32,
    u: f32,
    v: f32,
}

/// The pipeline: glyphs → text angle → chains along the text → regular
/// lines → the block of MRZ rows → the grid of cells.
pub(crate) fn locate(
    comps: &[Component],
    frame_w: usize,
    frame_h: usize,
    p: &LocateParams,
) -> Result<Grid, Miss> {
    let mut glyphs = glyphs(comps, frame_w, frame_h, p);
    if glyphs.len() < p.min_glyphs {
        return Err(Miss::Nothing);
    }
    let angle = text_angle(&mut glyphs, p);
    to_text_axes(&mut glyphs, angle);
    let chains = chains(&glyphs, p);
    let lines = lines(&glyphs, &chains, p)?;
    let block = best_block(&glyphs, &lines, p).ok_or(Miss::Nothing)?;
    let grid = fit_grid(&glyphs, &block, p)?;
    if grid.char_height < p.min_char_height {
        return Err(Miss::TooSmall);
    }
    Ok(grid)
}

/// Stage 1: the components shaped like characters, as points with a height.
fn glyphs(comps: &[Component], frame_w: usize, frame_h: usize, p: &LocateParams) -> Vec<Glyph> {
    let max_h = frame_h.min(frame_w) as f32 / p.max_glyph_height_divisor;
    comps
        .iter()
        .filter(|c| {
            let (w, h) = (c.width(), c.height());
            h >= p.min_glyph_height
                && h <= max_h
                && w <= p.max_glyph_aspect * h
                && (c.area as f32) >= p.min_glyph_fill * w * h
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
        .collect()
}

/// Stage 2: the text angle (radians), from a histogram of the directions to
/// each glyph's nearest similar neighbour on its right. Sorts the glyphs
/// left to right.
fn text_angle(glyphs: &mut [Glyph], p: &LocateParams) -> f32 {
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let max = p.max_angle_degrees;
    let mut hist = vec![0f32; 2 * max + 1];
    for i in 0..glyphs.len() {
        let g = &glyphs[i];
        let mut best: Option<(f32, f32, f32)> = None;
        for n in &glyphs[i + 1..] {
            let dx = n.x - g.x;
            if dx > p.angle_reach * g.h {
                break;
            }
            let dy = n.y - g.y;
            let ratio = n.h / g.h;
            if dy.abs() > p.angle_max_rise * g.h
                || !(p.angle_size_ratio.0..=p.angle_size_ratio.1).contains(&ratio)
            {
                continue;
            }
            let d = dx.hypot(dy);
            if d > p.angle_min_distance * g.h && best.is_none_or(|b| d < b.0) {
                best = Some((d, dx, dy));
            }
        }
        if let Some((_, dx, dy)) = best {
            let a = dy.atan2(dx).to_degrees();
            if a.abs() <= max as f32 {
                hist[(a.round() as i32 + max as i32) as usize] += 1.0;
            }
        }
    }
    let smooth = |i: usize| {
        hist[i] * 2.0
            + if i > 0 { hist[i - 1] } else { 0.0 }
            + hist.get(i + 1).copied().unwrap_or(0.0)
    };
    let peak = (0..hist.len())
        .max_by(|&a, &b| smooth(a).total_cmp(&smooth(b)))
        .unwrap_or(max);
    let (mut num, mut den) = (0.0, 0.0);
    for (i, &count) in hist
        .iter()
        .enumerate()
        .take(peak + 3)
        .skip(peak.saturating_sub(2))
    {
        num += count * (i as f32 - max as f32);
        den += count;
    }
    if den > 0.0 {
        (num / den).to_radians()
    } else {
        0.0
    }
}

/// Each glyph's position along (`u`) and across (`v`) the text; sorts the
/// glyphs along it.
fn to_text_axes(glyphs: &mut [Glyph], angle: f32) {
    let (sin, cos) = angle.sin_cos();
    for g in glyphs.iter_mut() {
        g.u = g.x * cos + g.y * sin;
        g.v = -g.x * sin + g.y * cos;
    }
    glyphs.sort_by(|a, b| a.u.total_cmp(&b.u));
}

/// Stage 3: chains of glyphs at a regular pitch. Each glyph's best
/// successor along the text is kept only when the glyph is also that
/// successor's best predecessor; chains are cut where the spacing turns
/// irregular and joined where one row continues another.
fn chains(glyphs: &[Glyph], p: &LocateParams) -> Vec<Vec<usize>> {
    let n = glyphs.len();
    let mut succ = vec![usize::MAX; n];
    let mut pred_cost = vec![f32::INFINITY; n];
    let mut pred = vec![usize::MAX; n];
    for i in 0..n {
        let g = &glyphs[i];
        let mut best = (f32::INFINITY, usize::MAX);
        for (j, m) in glyphs.iter().enumerate().skip(i + 1) {
            let du = m.u - g.u;
            if du > p.chain_reach * PITCH_PER_HEIGHT * g.h {
                break;
            }
            let dv = (m.v - g.v).abs();
            let ratio = m.h / g.h;
            if du < p.chain_min_advance * g.h
                || dv > p.chain_max_offset * g.h.max(m.h)
                || !(p.chain_size_ratio.0..=p.chain_size_ratio.1).contains(&ratio)
            {
                continue;
            }
            let cost = du + p.chain_offset_weight * dv;
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
        if chain.len() >= p.min_piece {
            chains.extend(split_irregular(glyphs, chain, p));
        }
    }
    merge_collinear(glyphs, chains, p)
}

/// Stage 4: the chains that are regular rows of the MRZ font, sorted across
/// the text; `TooSmall` when only rows of characters too small were seen.
fn lines(glyphs: &[Glyph], chains: &[Vec<usize>], p: &LocateParams) -> Result<Vec<Line>, Miss> {
    let mut lines: Vec<Line> = chains
        .iter()
        .filter_map(|c| Line::fit(glyphs, c, p))
        .collect();
    if lines.iter().all(|l| l.count < p.min_row_cells) {
        return Err(if lines.iter().any(|l| l.height < p.min_char_height) {
            Miss::TooSmall
        } else {
            Miss::Nothing
        });
    }
    lines.retain(|l| l.count >= p.min_line_cells);
    lines.sort_by(|a, b| a.v.total_cmp(&b.v));
    Ok(lines)
}

/// Cuts a chain where the spacing stops being a whole number of pitches:
/// MRZ rows are perfectly regular, ordinary printed text is not.
fn split_irregular(glyphs: &[Glyph], chain: Vec<usize>, p: &LocateParams) -> Vec<Vec<usize>> {
    let mut walk = Walker::new(glyphs, &chain, p);
    let mut out = vec![vec![chain[0]]];
    for w in chain.windows(2) {
        if walk.step(glyphs[w[1]].u - glyphs[w[0]].u).is_none() {
            out.push(Vec::new());
        }
        out.last_mut().expect("non-empty").push(w[1]);
    }
    out.retain(|c| c.len() >= p.min_piece);
    out
}

/// Counts columns along a row gap by gap. The pitch it measures against is
/// updated as it goes, because on a tilted page the pitch shrinks steadily
/// from the near end of a row to the far one.
struct Walker {
    pitch: f32,
    tolerance: f32,
    smoothing: f32,
}

impl Walker {
    /// Starts from the chain's median gap.
    fn new(glyphs: &[Glyph], chain: &[usize], p: &LocateParams) -> Walker {
        let mut gaps: Vec<f32> = chain
            .windows(2)
            .map(|w| glyphs[w[1]].u - glyphs[w[0]].u)
            .collect();
        gaps.sort_by(f32::total_cmp);
        Walker {
            pitch: gaps.get(gaps.len() / 2).copied().unwrap_or(1.0),
            tolerance: p.pitch_tolerance,
            smoothing: p.pitch_smoothing,
        }
    }

    /// The number of columns (1–3) a gap spans, or `None` if it is not close
    /// to a whole number of pitches.
    fn step(&mut self, gap: f32) -> Option<i64> {
        let k = gap / self.pitch;
        let n = k.round();
        if !(1.0..=3.0).contains(&n) || (k - n).abs() >= self.tolerance {
            return None;
        }
        self.pitch = (1.0 - self.smoothing) * self.pitch + self.smoothing * gap / n;
        Some(n as i64)
    }
}

/// Joins chains that continue one another: same row, the gap a whole number
/// (1–3) of pitches. A row breaks where one glyph is smudged or two touch;
/// its pieces are still one MRZ row.
fn merge_collinear(
    glyphs: &[Glyph],
    mut chains: Vec<Vec<usize>>,
    p: &LocateParams,
) -> Vec<Vec<usize>> {
    chains.sort_by(|a, b| glyphs[a[0]].u.total_cmp(&glyphs[b[0]].u));
    // The pitch at a chain's end, where it meets the next.
    let pitch_of = |c: &[usize]| -> f32 {
        let mut walk = Walker::new(glyphs, c, p);
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
                let fits = k > p.merge_gap.0
                    && k < p.merge_gap.1
                    && (k - k.round()).abs() < p.pitch_tolerance
                    && dv < p.merge_max_offset * h
                    && (pitch_of(&chains[b]) / pitch - 1.0).abs() < p.merge_pitch_change;
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
    chains.retain(|c| c.len() >= p.min_chain);
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
    fn fit(glyphs: &[Glyph], chain: &[usize], p: &LocateParams) -> Option<Line> {
        let mut walk = Walker::new(glyphs, chain, p);
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
        if !(p.line_pitch_ratio.0..=p.line_pitch_ratio.1).contains(&ratio) {
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
fn best_block(glyphs: &[Glyph], lines: &[Line], p: &LocateParams) -> Option<Block> {
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
                let pitch = last.pitch;
                if dv < p.row_spacing.0 * last.height {
                    continue;
                }
                if dv > p.row_spacing.1 * last.height {
                    break;
                }
                // MRZ rows are full (fillers to the end), so they start and
                // end together; a row whose end is hidden (glare, a finger)
                // still starts or ends with the others.
                let aligned = (l.u0 - block[0].u0).abs() < p.row_alignment * pitch
                    || (l.u1 - block[0].u1).abs() < p.row_alignment * pitch;
                if aligned && (l.pitch / pitch - 1.0).abs() < p.row_pitch_change {
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
            if off > p.max_width_off {
                continue;
            }
            let count = width + off;
            let found: usize = block.iter().map(|l| l.members.len()).sum();
            let score = found as f32 / (width * size) as f32
                - p.width_off_penalty * width.abs_diff(count) as f32
                + size as f32 * p.row_bonus;
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
        if best.as_ref().is_some_and(|b| b.0 > p.good_block) {
            break;
        }
    }
    best.filter(|b| b.0 > p.min_block).map(|(_, block)| block)
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
fn fit_grid(glyphs: &[Glyph], block: &Block, p: &LocateParams) -> Result<Grid, Miss> {
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
            .filter(|&i| {
                let margin = p.grid_end_margin * pitch;
                (u0 - margin..=u1 + margin).contains(&glyphs[i].u)
            })
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
        let mut walk = Walker::new(glyphs, &line.members, p);
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
            pts.retain(|q| q.0 >= 0.0 && q.0 < width as f32);
        }
        let mut row = None;
        for _ in 0..2 {
            let Some(fit) = fit_row(&pts) else {
                return Err(Miss::Nothing);
            };
            // Drop glyphs far from the fitted row (a neighbour's mark) and refit.
            pts.retain(|q| {
                let (ex, ey) = fit.at(q.0);
                (ex - q.1).hypot(ey - q.2) < p.grid_max_residual * pitch
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
