//! Profile photos are scaled down on the device before upload (R-P-1): a
//! phone camera's 12-megapixel selfie becomes a ~50 KB JPEG.

use image::ImageReader;

/// The longest side after scaling, in pixels.
pub const MAX_SIDE: u32 = 512;

/// Any JPEG or PNG in, a JPEG of at most `MAX_SIDE` pixels a side out.
pub fn scale_for_upload(bytes: &[u8]) -> Result<Vec<u8>, image::ImageError> {
    let img = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()?
        .decode()?;
    let img = if img.width() > MAX_SIDE || img.height() > MAX_SIDE {
        img.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img.to_rgb8())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_photos_shrink_and_become_jpeg() {
        let big = image::RgbImage::from_fn(2000, 1000, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(big)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let jpeg = scale_for_upload(&png).unwrap();
        let back = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (512, 256));
        assert!(jpeg.starts_with(&[0xFF, 0xD8]));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(scale_for_upload(b"not an image").is_err());
        assert!(scale_for_upload(&[]).is_err());
    }
}
