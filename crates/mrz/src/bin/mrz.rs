//! The reader on the command line:
//!
//! ```sh
//! cargo run --release -p paspor-mrz --bin mrz -- read IMAGE...
//! ```
//!
//! prints one JSON object per image, on its own line:
//! `{"file", "lines" (null when no MRZ was found), "valid", "format",
//! "decode_ms", "read_ms", "ms"}`, or `{"file", "error"}` for a file that
//! cannot be read. `decode_ms` is opening and decoding the file (the image
//! crate's work) and turning it as its EXIF orientation says, `read_ms` the reader's on the decoded image, `ms` both:
//! a phone hands the reader camera frames that need no decoding, so only
//! `read_ms` says what a scan costs. Exits 2 on a usage error, else 0 (a
//! passport that does not read is an answer, not a failure).

use std::io::Write;
use std::time::Instant;

use image::ImageDecoder;
use paspor_mrz::{Outcome, Reader};
use serde_json::json;

/// The file's image as it is meant to be seen: EXIF orientation applied (a
/// phone's gallery photo is often stored turned or mirrored, with a tag
/// saying how to show it; mirrored, the MRZ could never be read).
fn decode(file: &str) -> image::ImageResult<image::DynamicImage> {
    let mut decoder = image::ImageReader::open(file)?
        .with_guessed_format()?
        .into_decoder()?;
    let orientation = decoder.orientation()?;
    let mut img = image::DynamicImage::from_decoder(decoder)?;
    img.apply_orientation(orientation);
    Ok(img)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let files = match args.split_first() {
        Some((cmd, files)) if cmd == "read" && !files.is_empty() => files,
        _ => {
            eprintln!("usage: mrz read IMAGE...");
            std::process::exit(2);
        }
    };
    let reader = Reader::new();
    let mut out = std::io::stdout().lock();
    for file in files {
        let started = Instant::now();
        let line = match decode(file) {
            Err(e) => json!({"file": file, "error": e.to_string()}),
            Ok(img) => {
                let decoded = Instant::now();
                let outcome = reader.read_image(&img);
                let decode_ms = (decoded - started).as_secs_f64() * 1000.0;
                let read_ms = decoded.elapsed().as_secs_f64() * 1000.0;
                let (lines, valid, format) = match outcome {
                    Outcome::Read(read) => {
                        (Some(read.lines.clone()), read.valid(), Some(read.format))
                    }
                    Outcome::NotFound(_) => (None, false, None),
                };
                json!({
                    "file": file, "lines": lines, "valid": valid, "format": format,
                    "decode_ms": decode_ms, "read_ms": read_ms, "ms": decode_ms + read_ms,
                })
            }
        };
        if writeln!(out, "{line}").is_err() {
            return; // stdout closed (e.g. piped into head): nothing left to tell.
        }
    }
}
