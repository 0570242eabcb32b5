//! The character classifier: a small multilayer perceptron (one hidden ReLU
//! layer, softmax over the 37 MRZ characters) on the normalised patch. Its
//! weights are trained by `mrz-train` (crate paspor-mrz-lab) from the OCR-B
//! font alone and embedded here; see `model/README.md`.

use super::sample::PATCH;
use crate::charset::CLASSES;

const MAGIC: &[u8; 4] = b"MRZ1";

/// The weights, as `mrz-train` writes them: `MRZ1`, then inputs, hidden and
/// outputs as little-endian u32, then w1 (hidden × inputs), b1, w2
/// (outputs × hidden), b2 as little-endian f32.
#[derive(Debug, Clone)]
pub struct Model {
    pub hidden: usize,
    pub w1: Vec<f32>,
    pub b1: Vec<f32>,
    pub w2: Vec<f32>,
    pub b2: Vec<f32>,
}

impl Model {
    /// Reads a model file; `None` if it is not one for this patch size.
    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let word = |i: usize| -> Option<usize> {
            Some(u32::from_le_bytes(rest.get(i * 4..i * 4 + 4)?.try_into().ok()?) as usize)
        };
        let (inputs, hidden, outputs) = (word(0)?, word(1)?, word(2)?);
        if inputs != PATCH || outputs != CLASSES {
            return None;
        }
        let floats: Vec<f32> = rest[12..]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if floats.len() != hidden * inputs + hidden + outputs * hidden + outputs {
            return None;
        }
        let (w1, rest) = floats.split_at(hidden * inputs);
        let (b1, rest) = rest.split_at(hidden);
        let (w2, b2) = rest.split_at(outputs * hidden);
        Some(Model {
            hidden,
            w1: w1.to_vec(),
            b1: b1.to_vec(),
            w2: w2.to_vec(),
            b2: b2.to_vec(),
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        for n in [PATCH, self.hidden, CLASSES] {
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        for v in self
            .w1
            .iter()
            .chain(&self.b1)
            .chain(&self.w2)
            .chain(&self.b2)
        {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// The embedded model.
    pub fn embedded() -> &'static Model {
        static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            Model::from_bytes(include_bytes!("../../model/mrz-ocrb.bin"))
                .expect("model/mrz-ocrb.bin matches the patch size (a unit test checks it)")
        })
    }

    /// Hidden activations (after ReLU) of one patch.
    pub fn hidden(&self, x: &[f32; PATCH], out: &mut [f32]) {
        for (j, o) in out.iter_mut().enumerate().take(self.hidden) {
            let w = &self.w1[j * PATCH..(j + 1) * PATCH];
            let mut s = self.b1[j];
            for k in 0..PATCH {
                s += w[k] * x[k];
            }
            *o = s.max(0.0);
        }
    }

    /// Logits from hidden activations.
    pub fn logits(&self, h: &[f32]) -> [f32; CLASSES] {
        let mut out = [0f32; CLASSES];
        for (c, o) in out.iter_mut().enumerate() {
            let w = &self.w2[c * self.hidden..(c + 1) * self.hidden];
            *o = self.b2[c] + w.iter().zip(h).map(|(a, b)| a * b).sum::<f32>();
        }
        out
    }

    /// Class probabilities of one patch.
    pub fn probabilities(&self, x: &[f32; PATCH]) -> [f32; CLASSES] {
        let mut h = vec![0f32; self.hidden];
        self.hidden(x, &mut h);
        softmax(self.logits(&h))
    }
}

pub fn softmax(mut z: [f32; CLASSES]) -> [f32; CLASSES] {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_loads_and_round_trips() {
        let m = Model::embedded();
        let again = Model::from_bytes(&m.to_bytes()).expect("round trip");
        assert_eq!(again.w1, m.w1);
        assert_eq!(again.b2, m.b2);
        assert!(Model::from_bytes(b"MRZ1").is_none());
        assert!(Model::from_bytes(&m.to_bytes()[..100]).is_none());
    }

    #[test]
    fn the_docs_give_the_weights_true_size() {
        // The README (top level and model/) say how big the network is; they
        // said 128 units and 180 KB long after the weights had grown.
        let m = Model::embedded();
        let bytes = include_bytes!("../../model/mrz-ocrb.bin").len();
        let kb = (bytes as f64 / 1000.0).round();
        let model_readme = include_str!("../../model/README.md");
        let readme = include_str!("../../../../README.md");
        for (name, text) in [("model/README.md", model_readme), ("README.md", readme)] {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                text.contains(&format!("{} hidden units", m.hidden)),
                "{name} must say {} hidden units",
                m.hidden
            );
            assert!(
                text.contains(&format!("{kb} KB")),
                "{name} must say {kb} KB"
            );
        }
    }
}
