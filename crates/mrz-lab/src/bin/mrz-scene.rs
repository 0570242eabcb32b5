//! Writes a few generated frames as PNGs, to look at: `mrz-scene OUT_DIR [N]`.
use paspor_mrz::Format;
use paspor_mrz_lab::{document::random_mrz, rng::Rng, scene};

/// The ICAO 9303 TD3 specimen (a fictitious Utopian), for documentation.
const SPECIMEN: [&str; 2] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
];

fn main() -> anyhow::Result<()> {
    // `mrz-scene --specimen FILE.jpg`: the frame of crates/mrz/tests/data.
    if std::env::args().nth(1).as_deref() == Some("--specimen") {
        let out = std::env::args()
            .nth(2)
            .unwrap_or_else(|| "specimen-td3.jpg".into());
        let lines = SPECIMEN.map(String::from).to_vec();
        let shot = scene::Shot {
            width: 960,
            height: 540,
            difficulty: scene::Difficulty::Camera,
            mrz: Some((Format::Td3, lines)),
            seed: 5,
        };
        let img = scene::render(&shot);
        let file = std::fs::File::create(&out)?;
        image::codecs::jpeg::JpegEncoder::new_with_quality(file, 80).encode_image(&img)?;
        println!("{out}");
        return Ok(());
    }
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
