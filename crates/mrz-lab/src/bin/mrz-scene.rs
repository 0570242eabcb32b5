//! Writes a few generated frames as PNGs, to look at: `mrz-scene OUT_DIR [N]`.
use paspor_mrz::Format;
use paspor_mrz_lab::{document::random_mrz, rng::Rng, scene};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "mrz-scenes".into()));
    let n: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(6);
    std::fs::create_dir_all(&out)?;
    for i in 0..n {
        let mut rng = Rng::new(i);
        let format = Format::ALL[i as usize % 5];
        let difficulty = if i % 2 == 0 {
            scene::Difficulty::Clean
        } else {
            scene::Difficulty::Camera
        };
        let lines = random_mrz(format, &mut rng);
        let img = scene::render(&scene::Shot {
            width: 1280,
            height: 720,
            difficulty,
            mrz: Some((format, lines.clone())),
            seed: i,
        });
        let path = out.join(format!("scene-{i:02}.png"));
        img.save(&path)?;
        println!("{} {}", path.display(), lines.join(" / "));
    }
    Ok(())
}
