//! The passport scan end to end (R-MRZ-1, R-LD-1, R-Q-6): the real app in a
//! real webview on Xvfb, its camera replaying generated camera frames of a
//! passport (`PASPOR_CAMERA=replay:<folder>`), the real MRZ reader on its
//! background threads, real clicks, and the forms checked field by field.

mod support;

use std::path::Path;
use std::time::Duration;

use support::{App, display_or_skip};

const T: Duration = Duration::from_secs(20);
const LONG: Duration = Duration::from_secs(40);
/// Reading takes a few frames at 10 a second, on a busy 2-core CI machine.
const SCAN: Duration = Duration::from_secs(120);

/// Budi Santoso's passport as the form should hold it.
const NUMBER: &str = "C1234567";
const BIRTH: &str = "900515";
const EXPIRY: &str = "310120";

/// A TD3 (passport) MRZ with every check digit computed, so the test data
/// cannot be silently invalid.
fn td3(number: &str, birth: &str, sex: char, expiry: &str) -> [String; 2] {
    let check = |s: &str| paspor_mrz::charset::check_digit(s.as_bytes()).unwrap() as char;
    let pad = |s: &str, n: usize| format!("{s:<<n$}");
    let line1 = pad("P<IDNSANTOSO<<BUDI", 44);
    let doc = pad(number, 9);
    let optional = pad("", 14);
    let (d, b, e, o) = (
        format!("{doc}{}", check(&doc)),
        format!("{birth}{}", check(birth)),
        format!("{expiry}{}", check(expiry)),
        format!("{optional}{}", check(&optional)),
    );
    let composite = check(&format!("{d}{b}{e}{o}"));
    let line2 = format!("{d}IDN{b}{sex}{e}{o}{composite}");
    assert_eq!(line2.len(), 44);
    paspor_mrz::parse(&format!("{line1}\n{line2}")).expect("the test passport is valid");
    [line1, line2]
}

fn passport() -> [String; 2] {
    td3(NUMBER, BIRTH, 'M', EXPIRY)
}

/// Writes frames as `<prefix>-NNN.png`; the replay plays them in name order.
fn write_frames(dir: &Path, prefix: &str, frames: Vec<image::RgbImage>) {
    for (i, f) in frames.into_iter().enumerate() {
        f.save(dir.join(format!("{prefix}-{i:03}.png"))).unwrap();
    }
}

fn passport_frames(lines: &[String], count: usize, seed: u64) -> Vec<image::RgbImage> {
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    paspor_mrz_lab::camera_frames(&lines, count, seed)
}

fn clear(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }
}

fn launch(name: &str, camera: &str) -> App {
    let mut app = App::launch(
        name,
        &[("PASPOR_SECRET_STORE", "file"), ("PASPOR_CAMERA", camera)],
    );
    sign_up_and_in(&mut app);
    app
}

/// Registers Budi through the screens, activates with the e-mailed code, and
/// logs in: the scan is for signed-in users.
fn sign_up_and_in(app: &mut App) {
    app.wait_text("h1", "Layanan Paspor Online", LONG);
    app.click("#register-link");
    app.wait_for("#full_name", T);
    app.fill_registration();
    app.click("#register-submit");
    app.wait_text(".card", "Periksa e-mail Anda", LONG);
    let mail = app.mail_with("Anda: ");
    let at = mail.find("Anda: ").expect("the code in the e-mail") + 6;
    let code = mail[at..at + 6].to_owned();
    app.fill("#code", &code);
    app.click("#activate-submit");
    app.wait_text("#activated", "Akun aktif", LONG);
    app.click("#activated a");
    app.wait_for("#login-id", T);
    app.fill("#login-id", "budi90");
    app.fill("#password", "rahasia123");
    app.click("#login-submit");
    app.wait_text("#home-name", "Budi Santoso", LONG);
}

fn open_lapor_diri(app: &mut App) {
    app.click("#menu-button");
    app.wait_for(".drawer.open", T);
    app.click("#menu-lapor");
    app.wait_for("#lapor-scan", LONG);
}

fn value(app: &mut App, selector: &str) -> String {
    let v = app.eval(&format!(
        "const e = document.querySelector({}); return e ? e.value : null;",
        serde_json::to_string(selector).unwrap()
    ));
    v.as_str()
        .unwrap_or_else(|| panic!("no input {selector}"))
        .to_owned()
}

/// Waits for the read, checks what the screen shows, and uses it.
fn expect_read(app: &mut App, shot: &str) {
    app.wait_for("#scan-result", SCAN);
    assert_eq!(app.text("#scan-number"), NUMBER);
    assert_eq!(app.text("#scan-surname"), "SANTOSO");
    assert_eq!(app.text("#scan-given"), "BUDI");
    assert_eq!(app.text("#scan-expiry"), "20/01/2031");
    app.screenshot(shot);
}

/// SPEC §14 and §9: the camera reads the passport, the user checks the read,
/// and it fills lapor diri (which then goes to the backend) and a renewal
/// applicant's old passport.
#[test]
fn a_scanned_passport_fills_lapor_diri_and_the_renewal_form() {
    if !display_or_skip("scan_fills_forms") {
        return;
    }
    let frames = tempfile::tempdir().unwrap();
    // Two seconds of a page without an MRZ first (fewer frames than the
    // "not found" help waits for), so the camera view is there to be seen
    // before the passport comes into the frame.
    write_frames(frames.path(), "a", paspor_mrz_lab::empty_frames(20, 5));
    write_frames(frames.path(), "p", passport_frames(&passport(), 12, 7));
    let camera = format!("replay:{}", frames.path().display());
    let mut app = launch("scan-fills-forms", &camera);

    open_lapor_diri(&mut app);
    app.click("#lapor-scan");
    // The camera is asked for only after saying why.
    app.wait_text("#scan-explain", "dua baris kode", T);
    assert!(
        !app.exists("#scan-view"),
        "no camera before the user agrees"
    );
    app.screenshot("scan-explain");
    app.click("#scan-allow");
    app.wait_for("#scan-preview", T);
    app.screenshot("scan-camera");
    assert!(
        !app.exists("#scan-not-found"),
        "{}",
        app.text("#scan-prompt")
    );
    expect_read(&mut app, "scan-result");
    app.click("#scan-use");

    app.wait_for("#lapor-scanned", LONG);
    for (field, want) in [
        ("#number", NUMBER),
        ("#surname", "SANTOSO"),
        ("#given_names", "BUDI"),
        ("#nationality", "IDN"),
        ("#birth_date", "15/05/1990"),
        ("#expiry", "20/01/2031"),
    ] {
        assert_eq!(value(&mut app, field), want, "{field}");
    }
    assert_eq!(app.text("#sex [aria-checked=true]"), "Laki-laki");
    app.screenshot("lapor-diri-filled");
    // Then where the user stays abroad, and off to the backend (R-LD-1).
    for (id, v) in [
        ("#country", "Jepang"),
        ("#city", "Tokyo"),
        ("#address", "2-1-1 Shibuya"),
    ] {
        app.fill(id, v);
    }
    app.set_date("#stay_from", "01/01/2026");
    app.set_date("#stay_until", "31/12/2027");
    app.click("#confirm");
    app.click("#lapor-submit");
    app.wait_text("#home-name", "Budi Santoso", LONG);

    // A renewal in the booking wizard: the old passport from the camera.
    app.click("#menu-button");
    app.wait_for(".drawer.open", T);
    app.click("#menu-queue");
    app.wait_for("#office-list button:not([disabled])", LONG);
    app.click("#office-list button:not([disabled])");
    app.click("#wizard-next");
    app.wait_for(".calendar-grid", LONG);
    loop {
        app.wait_for(".calendar-grid", LONG);
        if app.exists("button.day[data-status=available]") {
            break;
        }
        app.click(".calendar-head button:last-child");
    }
    app.click("button.day[data-status=available]");
    app.wait_for("#slot-list button:not([disabled])", LONG);
    app.click("#slot-list button:not([disabled])");
    app.click("#wizard-next");
    app.wait_for("#a0-save", LONG);
    app.click("#a0-type button[data-index='1']");
    app.wait_for("#a0-scan", T);
    // SIMPAN without the old passport marks both fields; typing one clears
    // its error at once and leaves the other's.
    app.click("#a0-save");
    app.wait_for("#a0-old_number-error", T);
    assert!(app.exists("#a0-old_expiry-error"));
    app.fill("#a0-old_number", "X7777777");
    wait_gone(&mut app, "#a0-old_number-error");
    assert!(app.exists("#a0-old_expiry-error"), "still missing");
    app.click("#a0-scan");
    // Explained once already: straight to the camera (which may have read
    // the passport already when the test first looks).
    app.wait_for("#scan-view, #scan-result", T);
    assert!(!app.exists("#scan-explain"));
    expect_read(&mut app, "scan-result-renewal");
    app.click("#scan-use");
    app.wait_for("#a0-scanned", LONG);
    assert_eq!(value(&mut app, "#a0-old_number"), NUMBER);
    assert_eq!(value(&mut app, "#a0-old_expiry"), "20/01/2031");
    app.screenshot("renewal-filled");
    app.click("#a0-save");
    app.wait_text("#applicant-0", "Tersimpan", T);
}

/// A frame with a wrong digit, a frame of another valid passport and a frame
/// without any passport, between good frames, do not change the result; and
/// frames without a passport end in the "not found" help.
#[test]
fn bad_frames_do_not_change_the_read_and_no_passport_is_not_found() {
    if !display_or_skip("scan_bad_frames") {
        return;
    }
    let frames = tempfile::tempdir().unwrap();
    write_frames(frames.path(), "a", paspor_mrz_lab::empty_frames(30, 3));
    let camera = format!("replay:{}", frames.path().display());
    let mut app = launch("scan-bad-frames", &camera);

    open_lapor_diri(&mut app);
    app.click("#lapor-scan");
    app.wait_for("#scan-allow", T);
    app.click("#scan-allow");
    app.wait_text("#scan-not-found", "tidak ditemukan", SCAN);
    assert!(!app.exists("#scan-result"));
    app.screenshot("scan-not-found");
    app.click("#scan-by-hand");
    app.wait_for("#lapor-form", T);
    assert_eq!(value(&mut app, "#number"), "", "nothing was filled");

    // Now a passport, with bad frames in the middle of the good ones.
    clear(frames.path());
    let good = passport();
    let mut wrong = good.clone();
    wrong[1].replace_range(5..6, "8"); // C1234867, check digit unchanged
    let other = td3("C7654321", BIRTH, 'M', "330101");
    // One good frame first, so the bad ones fall in the middle of the vote
    // (the voter needs several frames to agree before it is done).
    write_frames(frames.path(), "a", passport_frames(&good, 1, 11));
    write_frames(frames.path(), "b", passport_frames(&wrong, 2, 12));
    write_frames(frames.path(), "c", paspor_mrz_lab::empty_frames(1, 13));
    write_frames(frames.path(), "d", passport_frames(&other, 1, 14));
    write_frames(frames.path(), "e", passport_frames(&good, 12, 15));
    app.click("#lapor-scan");
    // The explanation was accepted: the camera opens at once (and may have
    // read the passport already when the test first looks).
    app.wait_for("#scan-view, #scan-result", T);
    assert!(!app.exists("#scan-explain"));
    expect_read(&mut app, "scan-result-after-bad-frames");
    // "Read again" reads anew, through the bad frames again: the result on
    // the screen must come from the new run, not be the old one left over.
    let run = |app: &mut App| {
        app.eval("return document.querySelector('#scan-result').dataset.run;")
            .as_str()
            .expect("the run that read it")
            .parse::<u32>()
            .unwrap()
    };
    let first = run(&mut app);
    app.click("#scan-again");
    app.wait_for(&format!("#scan-result[data-run='{}']", first + 1), SCAN);
    expect_read(&mut app, "scan-read-again");
    app.click("#scan-use");
    app.wait_for("#lapor-scanned", LONG);
    assert_eq!(value(&mut app, "#number"), NUMBER);
}

/// R-MRZ-1's way out: without a camera the screen says so and leads back to
/// the form to type.
#[test]
fn without_a_camera_the_scan_leads_back_to_typing() {
    if !display_or_skip("scan_no_camera") {
        return;
    }
    let mut app = launch("scan-no-camera", "none");
    open_lapor_diri(&mut app);
    app.click("#lapor-scan");
    app.click("#scan-allow");
    app.wait_text("#scan-no-camera", "Kamera tidak tersedia", T);
    app.screenshot("scan-no-camera");
    app.click("#scan-by-hand");
    app.wait_for("#lapor-form", T);
    // A submit with nothing typed marks every missing field; each error
    // goes as soon as its own field is put right, the others stay.
    app.click("#lapor-submit");
    app.wait_for("#number-error", T);
    for e in ["#country-error", "#stay_from-error", "#confirm-error"] {
        assert!(app.exists(e), "{e}");
    }
    app.fill("#number", "X1234567");
    wait_gone(&mut app, "#number-error");
    app.fill("#country", "Jepang");
    wait_gone(&mut app, "#country-error");
    app.click("#confirm");
    wait_gone(&mut app, "#confirm-error");
    assert!(app.exists("#stay_from-error"), "still empty");
    assert!(!app.exists("#lapor-scanned"));
    app.screenshot("lapor-diri-errors-clear-as-fixed");
}

fn wait_gone(app: &mut App, selector: &str) {
    let deadline = std::time::Instant::now() + T;
    while app.exists(selector) {
        assert!(std::time::Instant::now() < deadline, "{selector} stayed");
        std::thread::sleep(Duration::from_millis(100));
    }
}
