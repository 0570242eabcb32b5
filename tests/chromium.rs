//! The app in Chromium as an Android phone (see `chromium/rig.rs`): the
//! main path through WebDriver element lookups and touch taps, phone-shaped
//! screenshots of every screen, an axe-core audit of each in both languages,
//! text at 200 %, and the camera through `getUserMedia` with Chromium's fake
//! device: a passport fills lapor diri and a renewal, a video without one
//! ends in the "not found" help, a refused permission in the refusal screen.
//!
//! `PASPOR_DOCS=1 cargo test --test chromium -- --test-threads=1` also
//! copies the screenshots into `docs/screens/` and the audits' table into
//! `docs/accessibility.md` (how the README's pictures and that page are
//! made; one test at a time, so each adds its part to the table).

#[path = "chromium/rig.rs"]
mod rig;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rig::{Backend, FakeCamera, LONG, NUMBER, Options, Rig, T, Violation, chromium_or_skip};

/// Registers Budi through the screens, activates with the e-mailed code, and
/// logs in.
/// Someone who signs up through the screens.
struct Person {
    name: &'static str,
    nik: &'static str,
    kk: &'static str,
    birth_date: &'static str,
    female: bool,
    email: &'static str,
    username: &'static str,
}

const BUDI: Person = Person {
    name: "Budi Santoso",
    nik: "3174011505900001",
    kk: "3174010101090001",
    birth_date: "15/05/1990",
    female: false,
    email: "budi@example.com",
    username: "budi90",
};

/// Budi's sister, with an account of her own.
const SITI: Person = Person {
    name: "Siti Santoso",
    nik: "3174015208920002",
    kk: "3174010101090001",
    birth_date: "12/08/1992",
    female: true,
    email: "siti@example.com",
    username: "siti92",
};

async fn sign_up_and_in(rig: &Rig, who: &Person) {
    rig.wait_text("h1", "Layanan Paspor Online", LONG).await;
    rig.tap("#register-link").await;
    fill_registration(rig, who).await;
    rig.tap("#register-submit").await;
    rig.wait_text(".card", "Periksa e-mail Anda", LONG).await;
    rig.fill("#code", &activation_code(rig, who)).await;
    rig.tap("#activate-submit").await;
    rig.wait_text("#activated", "Akun aktif", LONG).await;
    rig.tap("#activated a").await;
    log_in(rig, who, "rahasia123").await;
}

async fn fill_registration(rig: &Rig, who: &Person) {
    for (id, value) in [
        ("#full_name", who.name),
        ("#nik", who.nik),
        ("#kk", who.kk),
        ("#birth_place", "Jakarta"),
        ("#birth_date", who.birth_date),
        ("#email", who.email),
        ("#username", who.username),
        ("#phone", "081234567890"),
        ("#password", "rahasia123"),
        ("#password_confirm", "rahasia123"),
    ] {
        rig.fill(id, value).await;
    }
    rig.tap(if who.female {
        "label[for=sex-female]"
    } else {
        "label[for=sex-male]"
    })
    .await;
}

/// The activation code of the newest mail to `who` (the outbox sends it a
/// moment after the reply).
fn activation_code(rig: &Rig, who: &Person) -> String {
    let mail = rig.mail_to(who.email, "Anda: ");
    let at = mail.find("Anda: ").expect("the code in the e-mail") + 6;
    mail[at..at + 6].to_owned()
}

async fn log_in(rig: &Rig, who: &Person, password: &str) {
    rig.wait_for("#login-id", T).await;
    rig.fill("#login-id", who.username).await;
    rig.fill("#password", password).await;
    rig.tap("#login-submit").await;
    rig.wait_text("#home-name", who.name, LONG).await;
}

/// The wizard's calendar at its first green day at least four days ahead
/// (so it can still be cancelled, R-S-1), turning months as needed.
async fn green_day(rig: &Rig) -> jiff::civil::Date {
    let earliest = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
        .saturating_add(jiff::Span::new().days(4));
    loop {
        rig.wait_for(".calendar-grid", LONG).await;
        let dates = rig
            .js("return [...document.querySelectorAll('button.day[data-status=available]')].map(b => b.dataset.date);")
            .await;
        let found = dates
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d.as_str()?.parse::<jiff::civil::Date>().ok())
            .find(|d| *d >= earliest);
        match found {
            Some(d) => return d,
            None => rig.tap(".calendar-head button:last-child").await,
        }
    }
}

/// The wizard from the office list to the review: the first office with
/// quota, a green day at least four days ahead (so it can still be
/// cancelled, R-S-1), its first session, the owner alone, new passport.
/// With an audit, each step is screenshotted and audited on the way.
async fn to_review(rig: &mut Rig, mut audit: Option<&mut Audit>) {
    async fn step(rig: &mut Rig, audit: &mut Option<&mut Audit>, shot: &str, screen: &str) {
        if let Some(audit) = audit {
            rig.screenshot(shot).await;
            audit.screen(rig, screen).await;
        }
    }
    rig.wait_for("#office-list button:not([disabled])", LONG)
        .await;
    step(rig, &mut audit, "booking-office", "booking: office").await;
    rig.tap("#office-list button:not([disabled])").await;
    rig.tap("#wizard-next").await;
    let day = green_day(rig).await;
    rig.tap(&format!("button.day[data-date='{day}']")).await;
    rig.tap("#slot-list button:not([disabled])").await;
    step(rig, &mut audit, "booking-calendar", "booking: calendar").await;
    rig.tap("#wizard-next").await;
    rig.wait_for("#a0-save", LONG).await;
    rig.tap("#a0-type button[data-index='0']").await;
    step(rig, &mut audit, "booking-applicant", "booking: applicant").await;
    rig.tap("#a0-save").await;
    rig.wait_text("#applicant-0", "Tersimpan", T).await;
    rig.tap("#wizard-next").await;
    rig.wait_for("#review", T).await;
}

async fn menu(rig: &Rig, item: &str) {
    rig.tap("#menu-button").await;
    rig.wait_for(".drawer.open", T).await;
    rig.tap(item).await;
}

/// Every screen's audit, in both languages, for the table.
#[derive(Default)]
struct Audit {
    rows: Vec<(String, &'static str, Vec<Violation>)>,
}

impl Audit {
    /// axe on the screen as shown, then in the other language (the switch
    /// at the top), then back.
    async fn screen(&mut self, rig: &Rig, name: &str) {
        self.rows.push((name.to_owned(), "id", rig.audit().await));
        rig.tap(".lang-switch").await;
        rig.wait_for("html[lang=en]", T).await;
        self.rows.push((name.to_owned(), "en", rig.audit().await));
        rig.tap(".lang-switch").await;
        rig.wait_for("html[lang=id]", T).await;
    }

    fn table(&self) -> String {
        let mut t = String::from(
            "| screen | language | serious or critical | moderate or minor |\n| --- | --- | --- | --- |\n",
        );
        for (screen, lang, found) in &self.rows {
            let list = |blocking: bool| {
                let ids: Vec<_> = found
                    .iter()
                    .filter(|v| v.blocks() == blocking)
                    .map(|v| format!("`{}` ({})", v.id, v.impact.as_deref().unwrap_or("?")))
                    .collect();
                if ids.is_empty() {
                    "0".to_owned()
                } else {
                    ids.join(", ")
                }
            };
            let _ = writeln!(
                t,
                "| {screen} | {lang} | {} | {} |",
                list(true),
                list(false)
            );
        }
        t
    }

    /// Writes this run's table beside its screenshots, publishes them when
    /// asked, and fails on any serious or critical violation.
    fn finish(&self, rig: &Rig) {
        std::fs::write(rig.screenshot_dir().join("accessibility.md"), self.table()).unwrap();
        publish(rig);
        let blocking = self.blocking();
        assert!(
            blocking.is_empty(),
            "serious or critical violations:\n{}",
            blocking.join("\n")
        );
    }

    fn blocking(&self) -> Vec<String> {
        self.rows
            .iter()
            .flat_map(|(screen, lang, found)| {
                found.iter().filter(|v| v.blocks()).map(move |v| {
                    format!(
                        "{screen} ({lang}): {} [{}] {} at {:?}",
                        v.id,
                        v.impact.as_deref().unwrap_or("?"),
                        v.help,
                        v.targets
                    )
                })
            })
            .collect()
    }
}

/// Text at 200 %, as a phone set to its largest font size: the screen
/// reflows (nothing needs scrolling sideways) and stays usable.
async fn at_double_size(rig: &mut Rig, name: &str) {
    rig.js("document.documentElement.style.zoom = '2';").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let overflow = rig
        .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        .await;
    let wide = rig
        .js("const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')).slice(0, 8);")
        .await;
    rig.screenshot(&format!("{name}-200pct")).await;
    rig.js("document.documentElement.style.zoom = '';").await;
    assert!(
        overflow.as_i64().is_some_and(|px| px <= 1) && wide == serde_json::json!([]),
        "{name} at 200 % reaches past the screen's edge ({overflow} px to scroll): {wide}"
    );
}

/// The product's main path as a phone user walks it: register → activate →
/// log in → book → proof → cancel → profile → lapor diri → log out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn main_path_on_a_phone() {
    if !chromium_or_skip("main_path_on_a_phone") {
        return;
    }
    let mut rig = Rig::launch("main-path", Options::default()).await;
    let mut audit = Audit::default();
    let ua = rig.js("return [navigator.userAgent, window.innerWidth, window.devicePixelRatio, navigator.maxTouchPoints];").await;
    assert!(ua[0].as_str().unwrap().contains("Android"), "{ua}");
    assert_eq!(
        (ua[1].as_i64(), ua[2].as_f64()),
        (Some(412), Some(2.625)),
        "{ua}"
    );
    assert!(ua[3].as_i64().unwrap() > 0, "touch: {ua}");

    rig.wait_text("h1", "Layanan Paspor Online", LONG).await;
    rig.screenshot("login").await;
    audit.screen(&rig, "login").await;
    at_double_size(&mut rig, "login").await;

    rig.tap("#register-link").await;
    rig.wait_for("#full_name", T).await;
    rig.tap("#register-submit").await;
    rig.wait_text(".card", "Wajib diisi", T).await;
    rig.screenshot("register-errors").await;
    audit.screen(&rig, "register (errors)").await;
    fill_registration(&rig, &BUDI).await;
    let filled = rig.text(".card").await;
    assert!(!filled.contains("Wajib diisi"), "{filled}");
    rig.screenshot("register").await;
    at_double_size(&mut rig, "register").await;
    rig.tap("#register-submit").await;

    rig.wait_text(".card", "Periksa e-mail Anda", LONG).await;
    rig.screenshot("activate").await;
    audit.screen(&rig, "activate").await;
    rig.fill("#code", &activation_code(&rig, &BUDI)).await;
    rig.tap("#activate-submit").await;
    rig.wait_text("#activated", "Akun aktif", LONG).await;
    rig.tap("#activated a").await;
    log_in(&rig, &BUDI, "rahasia123").await;
    rig.screenshot("home").await;
    audit.screen(&rig, "home").await;
    at_double_size(&mut rig, "home").await;
    rig.tap("#menu-button").await;
    rig.wait_for(".drawer.open", T).await;
    rig.screenshot("side-menu").await;
    rig.tap("#menu-queue").await;

    to_review(&mut rig, Some(&mut audit)).await;
    rig.screenshot("booking-review").await;
    audit.screen(&rig, "booking: review").await;
    rig.tap("#booking-submit").await;

    let code = rig
        .wait_text("#booking-code", "-", LONG)
        .await
        .trim()
        .to_owned();
    assert_eq!(code.len(), 9, "{code}");
    rig.screenshot("booking").await;
    audit.screen(&rig, "booking detail").await;
    // The proof (R-S-2): where the screen says, a PDF of this booking.
    rig.tap("#save-pdf").await;
    let shown = PathBuf::from(rig.wait_text("#proof-path", ".pdf", LONG).await.trim());
    assert_eq!(
        shown.parent(),
        Some(rig.data_dir().join("documents").as_path())
    );
    assert!(std::fs::read(&shown).unwrap().starts_with(b"%PDF-"));
    assert!(shown.to_string_lossy().contains(&code));
    rig.screenshot("booking-proof").await;
    rig.tap("#cancel-booking").await;
    rig.wait_for("#cancel-confirm", T).await;
    rig.screenshot("booking-cancel-confirm").await;
    rig.tap("#cancel-yes").await;
    rig.wait_text("#booking-detail", "Dibatalkan", LONG).await;
    assert!(
        !rig.exists("#cancel-booking").await,
        "cancelled: no cancel button"
    );

    menu(&rig, "#menu-schedules").await;
    rig.wait_text("#booking-list", &code, LONG).await;
    rig.screenshot("schedules").await;
    audit.screen(&rig, "schedules").await;

    menu(&rig, "#menu-account").await;
    rig.wait_text("#profile-name", "Budi Santoso", LONG).await;
    rig.screenshot("profile").await;
    audit.screen(&rig, "profile").await;
    rig.tap("#edit-profile").await;
    rig.wait_for("#nik-readonly", T).await;
    assert_eq!(rig.value("#birth_date").await, "15/05/1990", "day first");
    rig.fill("#birth_place", "Bogor").await;
    rig.screenshot("profile-edit").await;
    audit.screen(&rig, "profile: edit").await;
    rig.tap("#save-profile").await;
    rig.wait_text("#profile", "Bogor", LONG).await;

    menu(&rig, "#menu-lapor").await;
    rig.wait_for("#lapor-form", LONG).await;
    rig.tap("#lapor-submit").await;
    rig.wait_text("#lapor-form", "Wajib diisi", T).await;
    rig.screenshot("lapor-diri-errors").await;
    audit.screen(&rig, "lapor diri (errors)").await;
    for (id, value) in [
        ("#number", "X1234567"),
        ("#expiry", "01/01/2030"),
        ("#country", "Jepang"),
        ("#city", "Tokyo"),
        ("#address", "2-1-1 Shibuya"),
        ("#stay_from", "01/01/2026"),
        ("#stay_until", "31/12/2027"),
    ] {
        rig.fill(id, value).await;
    }
    rig.tap("#confirm").await;
    rig.screenshot("lapor-diri").await;
    at_double_size(&mut rig, "lapor-diri").await;
    rig.tap("#lapor-submit").await;
    rig.wait_text("#home-name", "Budi Santoso", LONG).await;

    for (item, name) in [("#menu-info", "information"), ("#menu-guide", "guide")] {
        menu(&rig, item).await;
        rig.wait_for("#content-title", LONG).await;
        rig.screenshot(name).await;
        audit.screen(&rig, name).await;
    }

    menu(&rig, "#menu-logout").await;
    rig.wait_for("#login-id", LONG).await;
    rig.tap("#forgot-link").await;
    rig.wait_for("#forgot-login", T).await;
    rig.screenshot("forgot").await;
    audit.screen(&rig, "forgot password").await;

    audit.finish(&rig);
}

/// R-Q-9 in the app: Budi asks to put his sister's NIK in his bookings; she
/// has her own account, sees the request in her app and agrees; Budi then
/// sees it agreed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relative_agrees_to_a_family_link_in_her_own_app() {
    if !chromium_or_skip("family_link") {
        return;
    }
    let mut rig = Rig::launch("family", Options::default()).await;
    let mut audit = Audit::default();
    sign_up_and_in(&rig, &SITI).await;
    menu(&rig, "#menu-logout").await;
    sign_up_and_in(&rig, &BUDI).await;

    menu(&rig, "#menu-account").await;
    rig.tap("#family-links").await;
    rig.wait_for("#family-outgoing", LONG).await;
    rig.screenshot("family-empty").await;
    rig.fill("#family-nik", "12345").await;
    rig.tap("#family-ask").await;
    rig.wait_for("#family-nik-error", T).await;
    rig.fill("#family-nik", SITI.nik).await;
    rig.tap("#family-ask").await;
    rig.wait_for("#family-sent", LONG).await;
    rig.wait_text("#family-outgoing", &format!("NIK {}", SITI.nik), LONG)
        .await;
    rig.wait_text("#family-outgoing", "Belum disetujui", T)
        .await;
    rig.screenshot("family-asked").await;
    audit.screen(&rig, "family links: asked").await;
    menu(&rig, "#menu-logout").await;

    log_in(&rig, &SITI, "rahasia123").await;
    menu(&rig, "#menu-account").await;
    rig.tap("#family-links").await;
    rig.wait_text("#family-incoming", "Budi Santoso", LONG)
        .await;
    rig.wait_text("#family-incoming", "menunggu persetujuan Anda", T)
        .await;
    rig.screenshot("family-request").await;
    audit.screen(&rig, "family links: a request").await;
    rig.tap("#family-incoming button.primary").await;
    rig.wait_text("#family-incoming", "Disetujui", LONG).await;
    assert!(!rig.exists("#family-incoming button.primary").await);
    rig.screenshot("family-agreed").await;
    menu(&rig, "#menu-logout").await;

    log_in(&rig, &BUDI, "rahasia123").await;
    menu(&rig, "#menu-account").await;
    rig.tap("#family-links").await;
    rig.wait_text("#family-outgoing", "Disetujui", LONG).await;
    audit.finish(&rig);
}

/// `PASPOR_DOCS=1`: the screenshots become the docs' pictures
/// (`docs/screens/<run>-NN-<screen>.png`) and every run's table so far the
/// accessibility page's.
fn publish(rig: &Rig) {
    if std::env::var("PASPOR_DOCS").as_deref() != Ok("1") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let screens = root.join("docs/screens");
    std::fs::create_dir_all(&screens).unwrap();
    let run = rig
        .screenshot_dir()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    // At 480 pixels wide (the phone's 412 CSS pixels, a little sharper):
    // enough to see a screen in the docs without megabytes of pictures.
    for e in std::fs::read_dir(rig.screenshot_dir()).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "png") {
            let shot = image::open(&p).unwrap();
            let small = shot.resize(480, u32::MAX, image::imageops::FilterType::Lanczos3);
            let name = format!("{run}-{}", p.file_name().unwrap().to_string_lossy());
            small.save(screens.join(name)).unwrap();
        }
    }
    let mut runs: Vec<_> = std::fs::read_dir(rig.screenshot_dir().parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.path().join("accessibility.md"))
        .filter(|p| p.exists())
        .collect();
    runs.sort();
    let mut table = String::new();
    for p in runs {
        let rows = std::fs::read_to_string(&p).unwrap();
        let body: Vec<_> = rows
            .lines()
            .skip(if table.is_empty() { 0 } else { 2 })
            .collect();
        table.push_str(&body.join("\n"));
        table.push('\n');
    }
    let page = root.join("docs/accessibility.md");
    let text = std::fs::read_to_string(&page).unwrap_or_default();
    let (head, _) = text.split_once("<!-- TABLE -->").unwrap_or((&text, ""));
    std::fs::write(&page, format!("{head}<!-- TABLE -->\n{table}")).unwrap();
}

/// R-MRZ-1 through the phones' camera path: `getUserMedia` on Chromium's
/// fake device playing the passport, the frames sent to the app's reader,
/// and the read filling lapor diri and then a renewal's old passport.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_camera_reads_a_passport_through_get_user_media() {
    if !chromium_or_skip("camera_reads_a_passport") {
        return;
    }
    let mut rig = Rig::launch(
        "camera",
        Options {
            camera: Some(FakeCamera::Passport),
            ..Default::default()
        },
    )
    .await;
    sign_up_and_in(&rig, &BUDI).await;
    menu(&rig, "#menu-lapor").await;
    rig.tap("#lapor-scan").await;
    rig.wait_for("#scan-explain", T).await;
    rig.screenshot("scan-explain").await;
    let mut audit = Audit::default();
    audit.screen(&rig, "scan: explanation").await;
    rig.tap("#scan-allow").await;
    rig.wait_for("#scan-video", T).await;
    rig.wait_text("#scan-number", NUMBER, LONG * 3).await;
    rig.screenshot("scan-result").await;
    assert_eq!(rig.text("#scan-expiry").await, "20/01/2031");
    audit.screen(&rig, "scan: result").await;
    rig.tap("#scan-use").await;
    rig.wait_for("#lapor-scanned", LONG).await;
    for (field, want) in [
        ("#number", NUMBER),
        ("#surname", "SANTOSO"),
        ("#given_names", "BUDI"),
        ("#birth_date", "15/05/1990"),
        ("#expiry", "20/01/2031"),
    ] {
        assert_eq!(rig.value(field).await, want, "{field}");
    }
    rig.screenshot("lapor-diri-scanned").await;

    // A renewal's old passport, from the same camera.
    menu(&rig, "#menu-queue").await;
    rig.wait_for("#office-list button:not([disabled])", LONG)
        .await;
    rig.tap("#office-list button:not([disabled])").await;
    rig.tap("#wizard-next").await;
    loop {
        rig.wait_for(".calendar-grid", LONG).await;
        if rig.exists("button.day[data-status=available]").await {
            break;
        }
        rig.tap(".calendar-head button:last-child").await;
    }
    rig.tap("button.day[data-status=available]").await;
    rig.tap("#slot-list button:not([disabled])").await;
    rig.tap("#wizard-next").await;
    rig.tap("#a0-type button[data-index='1']").await;
    rig.tap("#a0-scan").await;
    rig.wait_text("#scan-number", NUMBER, LONG * 3).await;
    rig.tap("#scan-use").await;
    rig.wait_for("#a0-scanned", LONG).await;
    assert_eq!(rig.value("#a0-old_number").await, NUMBER);
    assert_eq!(rig.value("#a0-old_expiry").await, "20/01/2031");
    rig.screenshot("renewal-scanned").await;
    audit.finish(&rig);
}

/// A camera that sees no passport: after a few seconds, the help.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_video_without_a_passport_ends_in_the_not_found_help() {
    if !chromium_or_skip("no_passport_not_found") {
        return;
    }
    let mut rig = Rig::launch(
        "camera-no-passport",
        Options {
            camera: Some(FakeCamera::Desk),
            ..Default::default()
        },
    )
    .await;
    sign_up_and_in(&rig, &BUDI).await;
    menu(&rig, "#menu-lapor").await;
    rig.tap("#lapor-scan").await;
    rig.tap("#scan-allow").await;
    rig.wait_for("#scan-not-found", LONG * 3).await;
    assert!(!rig.exists("#scan-result").await);
    rig.screenshot("scan-not-found").await;
    let mut audit = Audit::default();
    audit.screen(&rig, "scan: not found").await;
    rig.tap("#scan-by-hand").await;
    rig.wait_for("#lapor-form", T).await;
    assert_eq!(rig.value("#number").await, "", "nothing was filled");
    audit.finish(&rig);
}

/// The user refuses the camera: the refusal screen, with "try again" and
/// "enter it by hand".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_camera_shows_the_refusal_screen() {
    if !chromium_or_skip("camera_refused") {
        return;
    }
    let mut rig = Rig::launch(
        "camera-refused",
        Options {
            camera_denied: true,
            ..Default::default()
        },
    )
    .await;
    sign_up_and_in(&rig, &BUDI).await;
    menu(&rig, "#menu-lapor").await;
    rig.tap("#lapor-scan").await;
    rig.tap("#scan-allow").await;
    rig.wait_for("#scan-denied", LONG).await;
    assert!(rig.exists("#scan-denied #scan-retry").await, "try again");
    rig.screenshot("scan-denied").await;
    let mut audit = Audit::default();
    audit.screen(&rig, "scan: camera refused").await;
    rig.tap("#scan-retry").await;
    rig.wait_for("#scan-denied", LONG).await;
    rig.tap("#scan-by-hand").await;
    rig.wait_for("#lapor-form", T).await;
    audit.finish(&rig);
}

/// Carries the app's connections to its backend byte for byte (TLS end to
/// end) until [`Network::cut`], which closes them and refuses new ones, as
/// a phone that loses its signal; [`Network::restore`] brings it back.
struct Network {
    addr: std::net::SocketAddr,
    up: tokio::sync::watch::Sender<bool>,
}

impl Network {
    async fn start(backend: std::net::SocketAddr) -> Network {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (up, watch) = tokio::sync::watch::channel(true);
        tokio::spawn(async move {
            while let Ok((mut phone, _)) = listener.accept().await {
                let mut watch = watch.clone();
                if !*watch.borrow() {
                    continue; // dropped: the connection ends at once
                }
                tokio::spawn(async move {
                    let Ok(mut server) = tokio::net::TcpStream::connect(backend).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut phone, &mut server) => {}
                        _ = watch.wait_for(|up| !*up) => {}
                    }
                });
            }
        });
        Network { addr, up }
    }

    fn cut(&self) {
        self.up.send_replace(false);
    }

    fn restore(&self) {
        self.up.send_replace(true);
    }
}

/// Issue 14's promise to a user at a release: with the backend unreachable
/// the app says so and keeps the booking; while the server sheds load (its
/// database away: 503 with Retry-After) it says so, counts down and tries
/// again by itself; when the backend is back exactly one booking is made,
/// under the Idempotency-Key the draft kept from the first try.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_sent_while_the_backend_is_away_is_made_once_when_it_is_back() {
    if !chromium_or_skip("a_booking_sent_while_the_backend_is_away_is_made_once_when_it_is_back") {
        return;
    }
    let pg = paspor_server::fixtures::Postgres::launch();
    let dir = tempfile::tempdir().unwrap();
    let mut config = paspor_server::Config::local(pg.url(), dir.path());
    config.dev_mail = true;
    config.one_account_per_device = false;
    config.argon2 = paspor_server::config::Argon2Params {
        memory_kib: 512,
        iterations: 1,
    };
    let server = paspor_server::Application::build(config).await.unwrap();
    let (backend, db) = (server.addr(), server.state().db.pool.clone());
    tokio::spawn(server.run());
    let net = Network::start(backend).await;
    let mut rig = Rig::launch(
        "backend-away",
        Options {
            backend: Some(Backend {
                url: format!("https://{}", net.addr),
                cert: dir.path().join("tls/cert.pem"),
                outbox: dir.path().join("outbox"),
            }),
            ..Options::default()
        },
    )
    .await;
    sign_up_and_in(&rig, &BUDI).await;
    rig.tap("#menu-button").await;
    rig.wait_for(".drawer.open", T).await;
    rig.tap("#menu-queue").await;
    to_review(&mut rig, None).await;

    // No signal: told so, the review stays, the draft keeps its key.
    net.cut();
    rig.tap("#booking-submit").await;
    rig.wait_text("#booking-error", "tidak dapat dihubungi", LONG)
        .await;
    assert!(rig.exists("#review").await && rig.exists("#booking-submit").await);
    rig.screenshot("booking-offline").await;
    let mut audit = Audit::default();
    audit.screen(&rig, "booking: server unreachable").await;
    let draft = rig
        .data_dir()
        .join("accounts")
        .join(BUDI.username)
        .join("booking.json");
    let draft: serde_json::Value = serde_json::from_slice(&std::fs::read(&draft).unwrap()).unwrap();
    let key = draft["idempotency_key"]
        .as_str()
        .expect("the draft keeps its key")
        .to_owned();

    // Signal back, database away: the server sheds the booking (503,
    // Retry-After); the app counts down and sends it again by itself.
    net.restore();
    pg.stop();
    rig.tap("#booking-submit").await;
    let waiting = rig
        .wait_text("#booking-wait", "dikirim ulang otomatis", LONG)
        .await;
    assert!(waiting.contains("detik"), "{waiting}");
    rig.screenshot("booking-server-busy").await;
    audit.screen(&rig, "booking: server busy, retrying").await;
    rig.tap(".lang-switch").await;
    rig.wait_text("#booking-wait", "sent again by itself", T)
        .await;
    rig.screenshot("booking-server-busy-en").await;
    pg.start();
    let code = rig
        .wait_text("#booking-code", "-", LONG)
        .await
        .trim()
        .to_owned();

    // One booking, under the key of the first try.
    let rows = sqlx::query("SELECT code, idempotency_key FROM bookings")
        .fetch_all(&db)
        .await
        .unwrap();
    let made: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            use sqlx::Row;
            (r.get("code"), r.get("idempotency_key"))
        })
        .collect();
    assert_eq!(made, vec![(code, key)]);
    audit.finish(&rig);
}
