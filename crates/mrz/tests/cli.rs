//! The `mrz` command line: one JSON object per image, errors as objects.

use std::process::Command;

fn run(args: &[&str]) -> (Vec<serde_json::Value>, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_mrz"))
        .args(args)
        .output()
        .expect("mrz runs");
    let lines = String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    (lines, out.status.code().unwrap_or(-1))
}

#[test]
fn reads_each_image_and_reports_what_it_could_not() {
    let dir = tempfile_dir();
    let blank = dir.join("blank.png");
    image::GrayImage::from_pixel(640, 480, image::Luma([200]))
        .save(&blank)
        .unwrap();
    let not_image = dir.join("notes.txt");
    std::fs::write(&not_image, "not an image").unwrap();
    let specimen = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/specimen-td3.jpg");
    let missing = dir.join("missing.jpg");
    let files = [
        specimen,
        blank.to_str().unwrap(),
        not_image.to_str().unwrap(),
        missing.to_str().unwrap(),
    ];
    let mut args = vec!["read"];
    args.extend(files);
    let (out, code) = run(&args);
    assert_eq!(code, 0);
    assert_eq!(out.len(), 4);
    for (o, f) in out.iter().zip(files) {
        assert_eq!(o["file"], f, "the path as given");
    }
    assert_eq!(out[0]["valid"], true);
    assert_eq!(out[0]["format"], "TD3");
    assert_eq!(
        out[0]["lines"][0],
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
    );
    // Decoding and reading are timed apart, and `ms` is their sum.
    for o in &out[..2] {
        let ms = |k: &str| o[k].as_f64().unwrap_or_else(|| panic!("{k} in {o}"));
        assert!(ms("decode_ms") > 0.0 && ms("read_ms") > 0.0, "{o}");
        assert!(
            (ms("ms") - ms("decode_ms") - ms("read_ms")).abs() < 1e-6,
            "{o}"
        );
    }
    assert_eq!(out[1]["lines"], serde_json::Value::Null);
    assert_eq!(out[1]["valid"], false);
    assert!(
        out[2]["error"].is_string() && out[3]["error"].is_string(),
        "{out:?}"
    );
}

/// `jpeg` with an EXIF APP1 segment right after its start marker holding
/// one tag: the orientation.
fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut payload = b"Exif\0\0II*\0".to_vec();
    payload.extend(8u32.to_le_bytes()); // the first IFD, right after the header
    payload.extend(1u16.to_le_bytes()); // one entry:
    payload.extend(0x0112u16.to_le_bytes()); // Orientation,
    payload.extend(3u16.to_le_bytes()); // SHORT,
    payload.extend(1u32.to_le_bytes()); // one value,
    payload.extend(orientation.to_le_bytes());
    payload.extend([0, 0]);
    payload.extend(0u32.to_le_bytes()); // no next IFD
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend((payload.len() as u16 + 2).to_be_bytes());
    out.extend(payload);
    out.extend(&jpeg[2..]);
    out
}

#[test]
fn exif_orientation_is_applied() {
    // A gallery photo stored mirrored (EXIF 2) or transposed (EXIF 5), with
    // the tag that says how to show it. Mirrored pixels hold no readable
    // MRZ, so only a reader that applies the tag reads them.
    let dir = tempfile_dir();
    let specimen = image::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/specimen-td3.jpg"
    ))
    .unwrap();
    let mut args = vec!["read".to_owned()];
    for (name, stored, tag) in [
        ("mirrored", specimen.fliph(), 2),
        ("transposed", specimen.rotate90().fliph(), 5),
    ] {
        let mut jpeg = Vec::new();
        stored
            .write_to(
                &mut std::io::Cursor::new(&mut jpeg),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        let untagged = dir.join(format!("{name}-untagged.jpg"));
        let tagged = dir.join(format!("{name}-exif.jpg"));
        std::fs::write(&untagged, &jpeg).unwrap();
        std::fs::write(&tagged, with_exif_orientation(&jpeg, tag)).unwrap();
        args.push(untagged.to_str().unwrap().to_owned());
        args.push(tagged.to_str().unwrap().to_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (out, _) = run(&args);
    assert_eq!(out.len(), 4, "{out:?}");
    for o in [&out[0], &out[2]] {
        assert_eq!(o["valid"], false, "mirrored pixels are no MRZ: {o}");
    }
    for o in [&out[1], &out[3]] {
        assert_eq!(o["valid"], true, "{o}");
        assert_eq!(
            o["lines"][1], "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
            "{o}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).1, 2);
    assert_eq!(run(&["read"]).1, 2);
    assert_eq!(run(&["scan", "x.png"]).1, 2);
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mrz-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
