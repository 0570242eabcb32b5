//! From per-cell probabilities to MRZ text: each position takes the likeliest
//! character its field allows (a date holds digits, a name letters), then a
//! failing check digit is repaired with the cheapest change among the
//! classifier's own second choices that makes it pass. A read counts as valid
//! only when every check digit passes and every character not protected by a
//! check digit was read with high confidence: names carry no check digit, and
//! a wrong name must never fill a form (R-MRZ-1).

use crate::charset::{ALPHABET, CLASSES, index};
use crate::format::{Check, Format};
use crate::parse::{Mrz, parse};

/// The tuning numbers of decoding.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DecodeParams {
    /// Probability a character outside any passing check must have.
    pub unprotected_min: f32,
    /// Probability a check-protected character must have (the check digit,
    /// not the classifier, vouches for it).
    pub protected_min: f32,
    /// The most probability a check-protected character may leave to the
    /// look-alikes its check digit is blind to.
    pub blind_max: f32,
    /// The most a repair may cost, in nats of the classifier's belief.
    pub max_repair: f32,
    /// The least probability an alternative character needs to be tried.
    pub min_alternative: f32,
    /// How many of the cheapest alternatives a repair tries.
    pub max_alternatives: usize,
}

impl Default for DecodeParams {
    fn default() -> Self {
        DecodeParams {
            unprotected_min: 0.80,
            protected_min: 0.02,
            blind_max: 0.05,
            max_repair: 7.0,
            min_alternative: 1e-4,
            max_alternatives: 24,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Decoded {
    pub format: Format,
    pub lines: Vec<String>,
    pub mrz: Option<Mrz>,
    /// Sum of log-probabilities of the chosen characters.
    pub log_likelihood: f32,
    /// How many of the layout's check digits fail.
    pub checks_failed: usize,
}

/// Decodes `probs` (reading order, line after line) as an MRZ of `lines` ×
/// `width`; the layout (document or visa) is the one that reads best.
pub(crate) fn decode(
    probs: &[[f32; CLASSES]],
    lines: usize,
    width: usize,
    params: &DecodeParams,
) -> Option<Decoded> {
    if probs.len() != lines * width {
        return None;
    }
    Format::with_shape(lines, width)
        .iter()
        .map(|&f| decode_as(probs, f, params))
        .max_by(|a, b| {
            (a.mrz.is_some(), a.log_likelihood)
                .partial_cmp(&(b.mrz.is_some(), b.log_likelihood))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
}

fn decode_as(probs: &[[f32; CLASSES]], format: Format, params: &DecodeParams) -> Decoded {
    let w = format.width();
    let pos = |line: usize, col: usize| line * w + col;
    // The layout decides the first letter of a two-line document: visas
    // start with V, the others never; and P (a passport) is only a TD3.
    let visa = matches!(format, Format::MrvA | Format::MrvB);
    let in_class = |i: usize, c: u8| format.class_at(i / w, i % w).allows(c);
    let allows = |i: usize, c: u8| {
        in_class(i, c)
            && (i > 0 || format.lines() == 3 || (c == b'V') == visa)
            && (i > 0 || c != b'P' || format == Format::Td3)
    };
    // Each position's probabilities given what its field may hold: an `O`
    // in a name is judged against the other letters, not against `0`, which
    // OCR-B draws almost alike and which cannot stand there.
    let probs: Vec<[f32; CLASSES]> = probs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut q = *p;
            for (k, &c) in ALPHABET.iter().enumerate() {
                // Not `allows`: the first letter must win among all letters
                // for the layout it implies to be trusted.
                if !in_class(i, c) {
                    q[k] = 0.0;
                }
            }
            let sum: f32 = q.iter().sum();
            if sum > 0.0 {
                q.iter_mut().for_each(|v| *v /= sum);
            }
            q
        })
        .collect();
    let probs = probs.as_slice();
    let mut text: Vec<u8> = (0..probs.len())
        .map(|i| best_allowed(&probs[i], |c| allows(i, c)).0)
        .collect();
    let mut protected = vec![false; probs.len()];
    let mut all_pass = true;
    let mut checks_failed = 0;
    for check in format.checks() {
        let cells: Vec<usize> = check
            .covers
            .iter()
            .flat_map(|s| (s.start..s.end).map(move |c| pos(s.line, c)))
            .chain([pos(check.digit.line, check.digit.start)])
            .collect();
        if !passes(check, &text, w) {
            // Only cells no passing check already vouches for may change.
            let free: Vec<usize> = cells.iter().copied().filter(|&i| !protected[i]).collect();
            if !repair(check, &mut text, probs, &free, format, params) {
                all_pass = false;
                checks_failed += 1;
                continue;
            }
        }
        for i in cells {
            protected[i] = true;
        }
    }
    let log_likelihood = text
        .iter()
        .zip(probs)
        .map(|(&c, p)| p[index(c).unwrap_or(36)].max(1e-9).ln())
        .sum();
    let lines: Vec<String> = text
        .chunks(w)
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect();
    let confident = text.iter().enumerate().all(|(i, &c)| {
        let p = probs[i][index(c).unwrap_or(36)];
        if protected[i] {
            p >= params.protected_min && blind_spot(&probs[i], c) <= params.blind_max
        } else {
            p >= params.unprotected_min
        }
    });
    let mrz = (all_pass && confident)
        .then(|| parse(&lines.join("\n")).ok())
        .flatten();
    Decoded {
        format,
        lines,
        mrz,
        log_likelihood,
        checks_failed,
    }
}

/// The probability of the characters a check digit cannot tell from `c`:
/// those whose value differs from `c`'s by a multiple of 10 (`F`/`P`/`Z`,
/// `0`/`A`/`K`/`U`/`<`, …), since every weight is 7, 3 or 1.
fn blind_spot(p: &[f32; CLASSES], c: u8) -> f32 {
    let v = crate::charset::value(c).unwrap_or(0) % 10;
    ALPHABET
        .iter()
        .enumerate()
        .filter(|&(_, &o)| o != c && crate::charset::value(o).is_some_and(|w| w % 10 == v))
        .map(|(k, _)| p[k])
        .sum()
}

fn best_allowed(p: &[f32; CLASSES], allowed: impl Fn(u8) -> bool) -> (u8, f32) {
    let mut best = (b'<', -1.0);
    for (k, &c) in ALPHABET.iter().enumerate() {
        if allowed(c) && p[k] > best.1 {
            best = (c, p[k]);
        }
    }
    best
}

fn passes(check: &Check, text: &[u8], w: usize) -> bool {
    check.passes(|line, col| text.get(line * w + col).copied())
}

/// Tries the cheapest one or two substitutions, among each cell's allowed
/// alternatives, that make `check` pass.
fn repair(
    check: &Check,
    text: &mut [u8],
    probs: &[[f32; CLASSES]],
    cells: &[usize],
    format: Format,
    params: &DecodeParams,
) -> bool {
    let w = format.width();
    // (cost, cell, character) of every plausible alternative.
    let mut alts: Vec<(f32, usize, u8)> = Vec::new();
    for &i in cells {
        let class = format.class_at(i / w, i % w);
        let current = probs[i][index(text[i]).unwrap_or(36)].max(1e-9);
        for (k, &c) in ALPHABET.iter().enumerate() {
            if c != text[i] && class.allows(c) && probs[i][k] > params.min_alternative {
                alts.push(((current / probs[i][k]).ln(), i, c));
            }
        }
    }
    alts.sort_by(|a, b| a.0.total_cmp(&b.0));
    alts.truncate(params.max_alternatives);
    let mut best: Option<(f32, Vec<(usize, u8)>)> = None;
    for (a, &(ca, ia, xa)) in alts.iter().enumerate() {
        if ca > params.max_repair || best.as_ref().is_some_and(|b| ca >= b.0) {
            break;
        }
        let old_a = text[ia];
        text[ia] = xa;
        if passes(check, text, w) {
            best = Some((ca, vec![(ia, xa)]));
        } else {
            for &(cb, ib, xb) in &alts[a + 1..] {
                if ib == ia
                    || ca + cb > params.max_repair
                    || best.as_ref().is_some_and(|b| ca + cb >= b.0)
                {
                    continue;
                }
                let old_b = text[ib];
                text[ib] = xb;
                if passes(check, text, w) {
                    best = Some((ca + cb, vec![(ia, xa), (ib, xb)]));
                }
                text[ib] = old_b;
            }
        }
        text[ia] = old_a;
    }
    match best {
        Some((_, edits)) => {
            for (i, c) in edits {
                text[i] = c;
            }
            true
        }
        None => false,
    }
}
