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
