use dioxus::prelude::*;
use paspor_domain::Sex;

use crate::components::{CameraIcon, CameraOffIcon, LangSwitch};
use crate::platform::camera::scanner::{ScanEvent, Scanner};
use crate::platform::camera::webview::{self, ChannelSource};
use crate::platform::camera::{self, CameraChoice, FrameSource};
use crate::state::i18n::{Msg, use_t};
use crate::state::scan::{Camera, Delivery, Phase, Retry, ScanTarget, use_scans};

/// The passport scan (SPEC §9 and §14, R-MRZ-1): why the camera is needed,
/// then a live preview with a guide over the MRZ, prompts while it looks, and
/// the read for the user to check before it fills the form that asked.
/// Frames are read on background threads (`platform::camera::scanner`);
/// only a read whose every check digit passed gets here.
#[component]
pub fn Scan(target: ScanTarget) -> Element {
    let t = use_t();
    let nav = use_navigator();
    let mut scans = use_scans();
    let choice = use_hook(CameraChoice::configured);
    let mut phase = use_signal(|| Phase::Explain);
    let mut preview = use_signal(|| None::<String>);
    let mut scanner = use_signal(|| None::<Scanner>);
    // Events of an earlier run (before "read again") are ignored.
    let mut run = use_signal(|| 0u32);
    // Frames the reader took in this run, shown on the result (`data-frames`)
    // for the frames-to-result benchmark.
    let mut frames_read = use_signal(|| 0u32);

    let start = {
        let choice = choice.clone();
        move || {
            let this_run = *run.peek() + 1;
            run.set(this_run);
            frames_read.set(0);
            phase.set(Phase::Opening);
            preview.set(None);
            let (s, mut events) = if choice.is_webview() {
                let (frames, rx) = std::sync::mpsc::sync_channel(1);
                spawn(webview::run_bridge(frames));
                Scanner::start(
                    move || Ok(Box::new(ChannelSource(rx)) as Box<dyn FrameSource>),
                    false,
                )
            } else {
                let choice = choice.clone();
                Scanner::start(move || camera::open(&choice), true)
            };
            // Replacing the scanner drops (stops) the previous one.
            scanner.set(Some(s));
            spawn(async move {
                while let Some(event) = events.recv().await {
                    if *run.peek() != this_run {
                        return;
                    }
                    if let ScanEvent::Preview(url) = event {
                        preview.set(Some(url));
                        continue;
                    }
                    if matches!(event, ScanEvent::Vote(_)) {
                        *frames_read.write() += 1;
                    }
                    if phase.write().apply(event, crate::state::today()) == Camera::Stop {
                        scanner.set(None);
                    }
                }
            });
        }
    };
    // The explanation was accepted earlier in this session: straight to the
    // camera.
    use_hook({
        let mut start = start.clone();
        move || {
            if *scans.explained.peek() {
                start();
            }
        }
    });
    use_drop(move || {
        if let Ok(mut s) = scanner.try_write() {
            s.take();
        }
    });

    let back = move |_: MouseEvent| {
        if nav.can_go_back() {
            nav.go_back();
        } else {
            nav.replace(crate::route::Route::Home {});
        }
    };
    let by_hand = rsx! {
        button { id: "scan-by-hand", class: "link center", r#type: "button", onclick: back, {t(Msg::ScanByHand)} }
    };

    let body = match phase() {
        Phase::Explain => {
            let mut start = start.clone();
            rsx! {
                div { class: "card scan-card", id: "scan-explain",
                    div { class: "scan-icon", "aria-hidden": true, CameraIcon {} }
                    h2 { {t(Msg::ScanExplainTitle)} }
                    p { {t(Msg::ScanExplainBody)} }
                    MrzSample {}
                    p { class: "notice info", {t(Msg::ScanPrivacy)} }
                    p { class: "muted", {t(Msg::ScanExplainNext)} }
                    button { id: "scan-allow", class: "primary", r#type: "button",
                        onclick: move |_| {
                            scans.explained.set(true);
                            start();
                        },
                        {t(Msg::ScanAllow)}
                    }
                    {by_hand}
                }
            }
        }
        p @ (Phase::Opening | Phase::Scanning(_)) => {
            let progress = match &p {
                Phase::Scanning(p) => Some(*p),
                _ => None,
            };
            let not_found = progress.is_some_and(|p| p.not_found());
            let reading = progress.and_then(|p| p.reading);
            let prompt = progress.map_or(Msg::ScanOpening, |p| p.prompt());
            rsx! {
                div { class: if reading.is_some() { "scan-view reading" } else { "scan-view" }, id: "scan-view",
                    if choice.is_webview() {
                        video { id: webview::VIDEO_ID, autoplay: true, playsinline: true, muted: true }
                    } else if let Some(url) = preview() {
                        img { id: "scan-preview", src: "{url}", alt: "" }
                    }
                    if progress.is_none() {
                        div { class: "scan-opening", div { class: "spinner big light" } }
                    }
                    div { class: "scan-guide", "aria-hidden": true,
                        div { class: "scan-mrz-band" }
                    }
                }
                div { class: "scan-status",
                    div {
                        class: "scan-progress",
                        role: "progressbar",
                        "aria-label": t(Msg::ScanProgress),
                        "aria-valuemin": 0,
                        "aria-valuemax": 100,
                        "aria-valuenow": "{(reading.unwrap_or(0.0) * 100.0).round()}",
                        div { class: "scan-progress-fill", style: "width: {reading.unwrap_or(0.0) * 100.0:.0}%" }
                    }
                    p { id: "scan-prompt", role: "status", "aria-live": "polite", {t(prompt)} }
                }
                if not_found {
                    div { class: "notice warn scan-not-found", id: "scan-not-found", role: "alert",
                        p { strong { {t(Msg::ScanNotFoundTitle)} } }
                        p { {t(Msg::ScanNotFoundBody)} }
                        div { class: "bottom-actions",
                            button { id: "scan-retry", class: "secondary", r#type: "button",
                                onclick: {
                                    let mut start = start.clone();
                                    move |_| {
                                        let retry = phase.write().retry();
                                        match retry {
                                            Retry::Restart => start(),
                                            Retry::Reset => {
                                                if let Some(s) = &*scanner.peek() {
                                                    s.reset();
                                                }
                                            }
                                        }
                                    }
                                },
                                {t(Msg::Retry)}
                            }
                        }
                    }
                }
                p { class: "scan-privacy", {t(Msg::ScanPrivacy)} }
                {by_hand}
            }
        }
        Phase::Done(read) => {
            let mut start = start.clone();
            let passport = read.clone();
            rsx! {
                // Which run read it: "read again" shows a new read, not the old one.
                div { class: "card scan-card", id: "scan-result", "data-run": "{run}", "data-frames": "{frames_read}",
                    div { class: "big-check", "aria-hidden": true, "✓" }
                    h2 { class: "center", {t(Msg::ScanDoneTitle)} }
                    p { class: "muted center", {t(Msg::ScanDoneBody)} }
                    dl { class: "summary",
                        dt { {t(Msg::PassportNumber)} } dd { id: "scan-number", "{read.number}" }
                        dt { {t(Msg::Surname)} } dd { id: "scan-surname", if read.surname.is_empty() { "–" } else { "{read.surname}" } }
                        dt { {t(Msg::GivenNames)} } dd { id: "scan-given", "{read.given_names}" }
                        dt { {t(Msg::Nationality)} } dd { "{read.nationality}" }
                        dt { {t(Msg::BirthDate)} } dd { "{read.birth_date}" }
                        dt { {t(Msg::Sex)} } dd {
                            {t(match read.sex { Some(Sex::Male) => Msg::Male, Some(Sex::Female) => Msg::Female, None => Msg::ScanUnspecified })}
                        }
                        dt { {t(Msg::PassportExpiry)} } dd { id: "scan-expiry", "{read.expiry}" }
                    }
                    button { id: "scan-use", class: "primary", r#type: "button",
                        onclick: move |e| {
                            scans.inbox.set(Some(Delivery { target, passport: passport.clone() }));
                            back(e);
                        },
                        {t(Msg::ScanUse)}
                    }
                    button { id: "scan-again", class: "secondary", r#type: "button", onclick: move |_| start(), {t(Msg::ScanReadAgain)} }
                }
            }
        }
        Phase::Denied => {
            let mut start = start.clone();
            rsx! {
                div { class: "card scan-card", id: "scan-denied",
                    div { class: "scan-icon", "aria-hidden": true, CameraOffIcon {} }
                    h2 { {t(Msg::ScanDeniedTitle)} }
                    p { {t(Msg::ScanDeniedBody)} }
                    button { id: "scan-retry", class: "secondary", r#type: "button", onclick: move |_| start(), {t(Msg::Retry)} }
                    {by_hand}
                }
            }
        }
        Phase::NoCamera => rsx! {
            div { class: "card scan-card", id: "scan-no-camera",
                div { class: "scan-icon", "aria-hidden": true, CameraOffIcon {} }
                h2 { {t(Msg::ScanNoCameraTitle)} }
                p { {t(Msg::ScanNoCameraBody)} }
                {by_hand}
            }
        },
        Phase::Failed(detail) => {
            let mut start = start.clone();
            rsx! {
                div { class: "card scan-card", id: "scan-failed",
                    div { class: "scan-icon", "aria-hidden": true, CameraOffIcon {} }
                    h2 { {t(Msg::ScanFailedTitle)} }
                    p { class: "muted", "{detail}" }
                    p { {t(Msg::ScanNoCameraBody)} }
                    button { id: "scan-retry", class: "secondary", r#type: "button", onclick: move |_| start(), {t(Msg::Retry)} }
                    {by_hand}
                }
            }
        }
    };

    rsx! {
        div { class: "screen scan", id: "scan",
            header { class: "topbar",
                button { id: "scan-back", class: "icon-button light", r#type: "button", "aria-label": t(Msg::Back), onclick: back, "←" }
                h1 { id: "screen-title", {t(Msg::ScanTitle)} }
                LangSwitch { inline: true }
            }
            main { class: "content scan-content", {body} }
        }
    }
}

/// What to look for: the two lines at the bottom of the data page.
#[component]
fn MrzSample() -> Element {
    rsx! {
        div { class: "mrz-sample", "aria-hidden": true,
            div { class: "mrz-sample-photo" }
            div { class: "mrz-sample-lines",
                span { "P<IDNSANTOSO<<BUDI<<<<<<<<<<<<" }
                span { "X1234567<0IDN9005150M30010<<<" }
            }
        }
    }
}
