//! Connected components of ink, labelled run by run: each row's runs are
//! joined (8-connectivity) to the overlapping runs of the row above with a
//! union-find, so the work grows with the number of runs, not of pixels.

use super::binarize::Mask;

/// A blob of ink: bounding box (inclusive-exclusive) and pixel count.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Component {
    pub x0: u32,
    pub y0: u32,
    pub x1: u32,
    pub y1: u32,
    pub area: u32,
}

impl Component {
    pub fn width(&self) -> f32 {
        (self.x1 - self.x0) as f32
    }
    pub fn height(&self) -> f32 {
        (self.y1 - self.y0) as f32
    }
    pub fn center(&self) -> (f32, f32) {
        (
            (self.x0 + self.x1) as f32 / 2.0,
            (self.y0 + self.y1) as f32 / 2.0,
        )
    }
}

/// The components as they lie in the frame turned a quarter turn clockwise
/// (`frame_h` the frame's height, which becomes the turned frame's width):
/// `(x, y)` → `(frame_h − y, x)`, in the corner coordinates of the boxes.
pub(crate) fn quarter_turn(comps: &[Component], frame_h: usize) -> Vec<Component> {
    let h = frame_h as u32;
    comps
        .iter()
        .map(|c| Component {
            x0: h - c.y1,
            x1: h - c.y0,
            y0: c.x0,
            y1: c.x1,
            area: c.area,
        })
        .collect()
}

fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        parent[i as usize] = parent[parent[i as usize] as usize];
        i = parent[i as usize];
    }
    i
}

/// Every component of the mask.
pub(crate) fn components(mask: &Mask) -> Vec<Component> {
    // (row, start, end) of each run.
    let mut runs: Vec<(u32, u32, u32)> = Vec::new();
    let mut row_start = Vec::with_capacity(mask.height + 1);
    for y in 0..mask.height {
        row_start.push(runs.len());
        let row = &mask.ink[y * mask.width..(y + 1) * mask.width];
        let mut x = 0;
        while x < row.len() {
            if row[x] == 0 {
                x += 1;
                continue;
            }
            let s = x;
            while x < row.len() && row[x] != 0 {
                x += 1;
            }
            runs.push((y as u32, s as u32, x as u32));
        }
    }
    row_start.push(runs.len());
    let mut parent: Vec<u32> = (0..runs.len() as u32).collect();
    for y in 1..mask.height {
        let (mut a, a_end) = (row_start[y - 1], row_start[y]);
        for b in row_start[y]..row_start[y + 1] {
            let (_, bs, be) = runs[b];
            // Runs of the row above that touch [bs-1, be+1).
            while a < a_end && runs[a].2 < bs {
                a += 1;
            }
            let mut k = a;
            while k < a_end && runs[k].1 <= be {
                let (ra, rb) = (find(&mut parent, k as u32), find(&mut parent, b as u32));
                if ra != rb {
                    parent[ra.max(rb) as usize] = ra.min(rb);
                }
                k += 1;
            }
        }
    }
    let mut index = vec![u32::MAX; runs.len()];
    let mut out: Vec<Component> = Vec::new();
    for (i, &(y, s, e)) in runs.iter().enumerate() {
        let root = find(&mut parent, i as u32) as usize;
        if index[root] == u32::MAX {
            index[root] = out.len() as u32;
            out.push(Component {
                x0: s,
                y0: y,
                x1: e,
                y1: y + 1,
                area: 0,
            });
        }
        let c = &mut out[index[root] as usize];
        c.x0 = c.x0.min(s);
        c.x1 = c.x1.max(e);
        c.y1 = c.y1.max(y + 1);
        c.area += e - s;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(rows: &[&str]) -> Mask {
        let ink = rows
            .iter()
            .flat_map(|r| r.bytes().map(|b| (b == b'#') as u8))
            .collect();
        Mask {
            width: rows[0].len(),
            height: rows.len(),
            ink,
        }
    }

    #[test]
    fn joins_diagonal_and_u_shapes_and_keeps_separate_blobs_apart() {
        let m = mask(&[
            "#...#..##", //
            "#...#....",
            ".###.....",
            "......#..",
            ".....#...",
        ]);
        let mut c = components(&m);
        c.sort_by_key(|c| (c.y0, c.x0));
        assert_eq!(c.len(), 3, "{c:?}");
        let u = c.iter().find(|c| c.x0 == 0).unwrap();
        assert_eq!((u.x1, u.y0, u.y1, u.area), (5, 0, 3, 7));
        let diag = c.iter().find(|c| c.y0 == 3).unwrap();
        assert_eq!((diag.x0, diag.x1, diag.area), (5, 7, 2));
    }
}
