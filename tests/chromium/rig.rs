//! The app in the phones' own web engine: the real app binary serves its
//! screens over dioxus-liveview (`PASPOR_LIVEVIEW`), Debian's Chromium shows
//! them as a Pixel-class Android phone would (412×915 CSS pixels at 2.625,
//! touch, an Android user agent), and chromedriver drives it over WebDriver
//! with real element lookups and touch taps. The camera is Chromium's fake
//! device playing a `.y4m` video of generated passport frames, read by the
//! app through the same `getUserMedia` bridge the phones use.
//!
//! Shared by the Chromium suite (`tests/chromium.rs`) and the scan benchmark
//! (`benches/chromium_scan.rs`).

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, PointerAction, TouchActions};
use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use serde_json::{Value, json};

#[path = "../support/outbox.rs"]
mod outbox;

pub const T: Duration = Duration::from_secs(20);
pub const LONG: Duration = Duration::from_secs(40);

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Whether Chromium and its driver are installed. Without them the suite
/// fails in CI and is skipped with a notice elsewhere (scripts/setup
/// installs both).
pub fn chromium_or_skip(test: &str) -> bool {
    let found = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{test}: chromium and chromium-driver are missing in CI"
        );
        eprintln!(
            "{test}: skipped, chromium/chromium-driver are not installed (scripts/setup installs them)"
        );
    }
    found
}

#[derive(Default)]
pub struct Options {
    /// What the fake camera films (a looping video the rig writes); none:
    /// Chromium's own test pattern.
    pub camera: Option<FakeCamera>,
    /// The camera permission is refused, as a user who taps "Don't allow".
    pub camera_denied: bool,
    /// A backend of the test's own instead of the app's embedded one.
    pub backend: Option<Backend>,
}

/// Where the app finds a backend the test runs (and can take away).
#[derive(Clone)]
pub struct Backend {
    pub url: String,
    /// The PEM the app pins.
    pub cert: PathBuf,
    /// Where that backend writes its mail (`Config::outbox_dir`).
    pub outbox: PathBuf,
}

pub struct Rig {
    app: Child,
    driver: Child,
    pub client: Client,
    data_dir: tempfile::TempDir,
    /// Where the backend the app talks to writes its mail.
    outbox: PathBuf,
    profile: tempfile::TempDir,
    shots: PathBuf,
    shot_count: usize,
    pub url: String,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A Pixel 8's screen as Chrome's device list gives it, and its browser.
const PHONE_UA: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36";

impl Rig {
    pub async fn launch(name: &str, opts: Options) -> Rig {
        let data_dir = tempfile::tempdir().unwrap();
        let profile = tempfile::tempdir().unwrap();
        let mut app = Command::new(env!("CARGO_BIN_EXE_paspor"));
        if let Some(b) = &opts.backend {
            app.env("PASPOR_API_URL", &b.url)
                .env("PASPOR_API_CERT", &b.cert);
        }
        let mut app = app
            .env("PASPOR_LIVEVIEW", "127.0.0.1:0")
            .env("PASPOR_DATA_DIR", data_dir.path())
            .env("PASPOR_SECRET_STORE", "file")
            .env("PASPOR_CAMERA", "webview")
            .stdout(Stdio::piped())
            // PASPOR_RIG_LOG=1 shows the app's log, for debugging a run.
            .stderr(if std::env::var_os("PASPOR_RIG_LOG").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start the app");
        // The app says where it listens once it does.
        let mut lines = BufReader::new(app.stdout.take().unwrap()).lines();
        let url = loop {
            let line = lines.next().expect("the app printed its address").unwrap();
            if let Some(url) = line.strip_prefix("paspor: liveview at ") {
                break url.to_owned();
            }
        };
        std::thread::spawn(move || for _ in lines {});

        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let mut args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--no-first-run".into(),
            "--hide-scrollbars".into(),
            "--disable-features=PasswordManagerOnboarding,AutofillServerCommunication,PasswordLeakDetection".into(),
            format!("--user-data-dir={}", profile.path().display()),
            "--use-fake-device-for-media-stream".into(),
        ];
        if !opts.camera_denied {
            // Grants the camera as a user tapping "Allow" would.
            args.push("--use-fake-ui-for-media-stream".into());
        }
        if let Some(scene) = opts.camera {
            let video = camera_video(profile.path(), scene);
            args.push(format!(
                "--use-file-for-fake-video-capture={}",
                video.display()
            ));
        }
        let mut chrome = json!({
            "binary": CHROMIUM,
            "args": args,
            "mobileEmulation": {
                "deviceMetrics": { "width": 412, "height": 915, "pixelRatio": 2.625, "touch": true, "mobile": true },
                "userAgent": PHONE_UA,
            },
        });
        // No password manager or autofill popups over the fields (they took
        // keystrokes meant for the username field now and then).
        let mut prefs = json!({
            "credentials_enable_service": false,
            "profile.password_manager_enabled": false,
            "autofill.profile_enabled": false,
            "autofill.credit_card_enabled": false,
        });
        if opts.camera_denied {
            prefs["profile.default_content_setting_values.media_stream_camera"] = json!(2);
        }
        chrome["prefs"] = prefs;
        let caps = json!({ "browserName": "chrome", "goog:chromeOptions": chrome });
        let webdriver = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + T;
        let client = loop {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.as_object().unwrap().clone())
                .connect(&webdriver)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("chromedriver: {e}"),
            }
        };
        let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target/screenshots/chromium")
            .join(name);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).unwrap();
        let rig = Rig {
            outbox: opts
                .backend
                .map_or_else(|| data_dir.path().join("server/outbox"), |b| b.outbox),
            app,
            driver,
            client,
            data_dir,
            profile,
            shots,
            shot_count: 0,
            url,
        };
        rig.client.goto(&rig.url).await.unwrap();
        rig.wait_for("#main > *", LONG).await;
        rig
    }

    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// Where this run's screenshots (and audit table) go.
    pub fn screenshot_dir(&self) -> &Path {
        &self.shots
    }

    /// The newest e-mail to `to` that contains `needle`, as the embedded
    /// backend's development mail writes it for testers; waits for the
    /// outbox to send it.
    pub fn mail_to(&self, to: &str, needle: &str) -> String {
        outbox::wait_for_mail(&self.outbox, &format!("to {to} with {needle:?}"), |m| {
            m.contains(to) && m.contains(needle)
        })
    }

    /// Opens the app at `path` (a fresh page: a new liveview session).
    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.url))
            .await
            .unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    pub async fn find(&self, css: &str) -> Option<Element> {
        self.client.find(Locator::Css(css)).await.ok()
    }

    pub async fn exists(&self, css: &str) -> bool {
        self.find(css).await.is_some()
    }

    pub async fn wait_for(&self, css: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(e) = self.find(css).await {
                return e;
            }
            assert!(Instant::now() < deadline, "waited {timeout:?} for {css:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn wait_gone(&self, css: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while self.exists(css).await {
            assert!(Instant::now() < deadline, "{css} stayed");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// What `css` shows, as the user reads it.
    pub async fn text(&self, css: &str) -> String {
        match self.find(css).await {
            Some(e) => e.text().await.unwrap_or_default(),
            None => String::new(),
        }
    }

    pub async fn wait_text(&self, css: &str, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let t = self.text(css).await;
            if self.exists(css).await && t.contains(needle) {
                return t;
            }
            assert!(
                Instant::now() < deadline,
                "waited {timeout:?} for {css:?} to contain {needle:?}; it says {t:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn value(&self, css: &str) -> String {
        match self.find(css).await {
            Some(e) => e.prop("value").await.ok().flatten().unwrap_or_default(),
            None => String::new(),
        }
    }

    /// A finger's tap in the middle of the element, scrolled into view
    /// first as a user would.
    pub async fn tap(&self, css: &str) {
        let element = self.wait_for(css, T).await;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'center'});",
                vec![serde_json::to_value(&element).unwrap()],
            )
            .await
            .unwrap();
        let finger = TouchActions::new("finger".into())
            .then(PointerAction::MoveToElement {
                element,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: fantoccini::actions::MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: fantoccini::actions::MOUSE_BUTTON_LEFT,
            });
        self.client
            .perform_actions(finger)
            .await
            .unwrap_or_else(|e| panic!("tap {css}: {e}"));
        self.client.release_actions().await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    /// Taps into a field, empties it with the keyboard and types like a
    /// keyboard. (WebDriver's "clear" resets the field to its default value
    /// instead, which a screen update then races.)
    pub async fn fill(&self, css: &str, text: &str) {
        use fantoccini::key::Key;
        self.tap(css).await;
        let field = self.wait_for(css, T).await;
        // Chromium's touch emulation sometimes leaves a tapped field focused
        // but without a caret when the page changed under the tap (an error
        // line going away): keys then arrive and type nothing. Focusing it
        // afresh gives it one, as the next tap would for a person.
        self.client
            .execute(
                "arguments[0].blur(); arguments[0].focus();",
                vec![serde_json::to_value(&field).unwrap()],
            )
            .await
            .unwrap();
        if !self.value(css).await.is_empty() {
            field
                .send_keys(&format!("{}{}", Key::Control + "a", Key::Backspace))
                .await
                .unwrap();
        }
        if !text.is_empty() {
            field.send_keys(text).await.unwrap();
        }
        // The field shows the text, and the app has taken every keystroke
        // in once the field's default value (what the form's state renders,
        // `initial_value`) says the same: liveview answers each key over the
        // websocket, so both come a moment after the keys.
        let deadline = Instant::now() + T;
        let script = format!(
            "const e = document.querySelector({}); return [e.value, e.defaultValue];",
            json!(css)
        );
        loop {
            let seen = self.js(&script).await;
            if seen == json!([text, text]) {
                break;
            }
            if Instant::now() >= deadline {
                panic!("typing {text:?} into {css}: the field shows {seen}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Saves a phone-shaped picture of the screen as `NN-name.png`.
    pub async fn screenshot(&mut self, name: &str) -> PathBuf {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = self.client.screenshot().await.unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a PNG of {name}");
        let path = self
            .shots
            .join(format!("{:02}-{name}.png", self.shot_count));
        self.shot_count += 1;
        std::fs::write(&path, png).unwrap();
        path
    }

    /// axe-core's verdict on the screen as it is (WCAG 2.1 A and AA and
    /// axe's best practices), loaded from the machine (tests/a11y), never a
    /// CDN.
    pub async fn audit(&self) -> Vec<Violation> {
        if self.js("return typeof window.axe;").await != "object" {
            let axe = std::fs::read_to_string(axe_js()).expect(
                "axe-core in tests/a11y/node_modules (scripts/setup: npm ci --prefix tests/a11y)",
            );
            self.client.execute(&axe, vec![]).await.unwrap();
        }
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
                    .then(r => done(r.violations.map(v => ({
                        id: v.id, impact: v.impact, help: v.help,
                        targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
                    }))))
                    .catch(e => done({ error: String(e) }));",
                vec![],
            )
            .await
            .unwrap();
        serde_json::from_value(found.clone()).unwrap_or_else(|_| panic!("axe said {found}"))
    }
}

pub fn axe_js() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/a11y/node_modules/axe-core/axe.min.js")
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    pub targets: Vec<String>,
}

impl Violation {
    pub fn blocks(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        let _ = self.app.kill();
        let _ = self.app.wait();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        // Chromium outlives a killed chromedriver; its processes are the
        // ones started with this rig's profile (each rig has its own).
        let _ = Command::new("pkill")
            .arg("-KILL")
            .arg("-f")
            // No leading dashes: pkill would take the pattern for an option.
            .arg(format!("user-data-dir={}", self.profile.path().display()))
            .status();
    }
}

/// Frames as a YUV4MPEG2 video, the format Chromium's fake camera plays:
/// the grey picture as the luma plane, no colour.
pub fn write_y4m(path: &Path, frames: &[image::RgbImage], fps: u32) {
    let (w, h) = frames[0].dimensions();
    assert!(w % 2 == 0 && h % 2 == 0, "4:2:0 needs even sizes");
    let mut out = format!("YUV4MPEG2 W{w} H{h} F{fps}:1 Ip A1:1 C420jpeg\n").into_bytes();
    let chroma = vec![128u8; (w as usize / 2) * (h as usize / 2) * 2];
    for f in frames {
        assert_eq!(f.dimensions(), (w, h));
        out.extend_from_slice(b"FRAME\n");
        out.extend(
            image::DynamicImage::ImageRgb8(f.clone())
                .to_luma8()
                .into_raw(),
        );
        out.extend_from_slice(&chroma);
    }
    std::fs::write(path, out).unwrap();
}

/// Budi Santoso's passport as the form should hold it.
pub const NUMBER: &str = "C1234567";

pub fn passport_mrz() -> [String; 2] {
    let check = |s: &str| paspor_mrz::charset::check_digit(s.as_bytes()).unwrap() as char;
    let pad = |s: &str, n: usize| format!("{s:<<n$}");
    let line1 = pad("P<IDNSANTOSO<<BUDI", 44);
    let doc = pad(NUMBER, 9);
    let optional = pad("", 14);
    let (d, b, e, o) = (
        format!("{doc}{}", check(&doc)),
        format!("900515{}", check("900515")),
        format!("310120{}", check("310120")),
        format!("{optional}{}", check(&optional)),
    );
    let line2 = format!("{d}IDN{b}M{e}{o}{}", check(&format!("{d}{b}{e}{o}")));
    paspor_mrz::parse(&format!("{line1}\n{line2}")).expect("the test passport is valid");
    [line1, line2]
}

/// What the fake camera films.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FakeCamera {
    /// Budi's passport ([`passport_mrz`]).
    Passport,
    /// A page without an MRZ on a desk.
    Desk,
}

/// A few seconds of a phone camera over the scene, as Chromium's fake
/// camera plays it.
fn camera_video(dir: &Path, scene: FakeCamera) -> PathBuf {
    let with_passport = scene == FakeCamera::Passport;
    let frames = if with_passport {
        let lines = passport_mrz();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        paspor_mrz_lab::camera_frames(&lines, 12, 7)
    } else {
        paspor_mrz_lab::empty_frames(12, 7)
    };
    let frames: Vec<_> = frames
        .into_iter()
        .map(|f| {
            let (w, h) = f.dimensions();
            image::imageops::crop_imm(&f, 0, 0, w & !1, h & !1).to_image()
        })
        .collect();
    let path = dir.join(if with_passport {
        "passport.y4m"
    } else {
        "desk.y4m"
    });
    write_y4m(&path, &frames, 10);
    path
}
