//! Frames-to-result and time-to-result of the phones' camera path, measured
//! in Chromium (the engine of Android's WebView): its fake camera plays
//! generated passport frames at 10 frames a second, `getUserMedia` → canvas →
//! grey bytes → Rust over the liveview channel → the reader and its voter.
//!
//! Each run taps "read again" on the result and times it until the next
//! result is on the screen; the result says how many frames the reader took
//! (`data-frames`). The baseline, measured in the same runs, is the same tap
//! until the camera screen shows it is opening: the cost of the tap, the
//! round trip and a render, without the camera or the reader.
//!
//! `cargo bench --bench chromium_scan` (`-- RUNS` for another count).

#[path = "../tests/chromium/rig.rs"]
mod rig;

use std::time::{Duration, Instant};

use rig::{FakeCamera, NUMBER, Options, Rig, T, chromium_or_skip};

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(15);
    if !chromium_or_skip("chromium_scan") {
        return;
    }
    let rig = Rig::launch(
        "bench-scan",
        Options {
            camera: Some(FakeCamera::Passport),
            ..Default::default()
        },
    )
    .await;
    rig.goto("/pindai-paspor/lapor-diri").await;
    rig.tap("#scan-allow").await;
    rig.wait_text("#scan-number", NUMBER, T * 3).await;

    let (mut to_result, mut frames, mut to_opening) = (vec![], vec![], vec![]);
    for run in 0..runs {
        let started = Instant::now();
        rig.tap("#scan-again").await;
        rig.wait_for("#scan-view", T).await;
        to_opening.push(started.elapsed().as_secs_f64() * 1e3);
        let result = rig
            .wait_for(&format!("#scan-result[data-run='{}']", run + 2), T * 3)
            .await;
        to_result.push(started.elapsed().as_secs_f64() * 1e3);
        assert_eq!(rig.text("#scan-number").await, NUMBER, "run {run}");
        let n: f64 = result
            .attr("data-frames")
            .await
            .unwrap()
            .and_then(|f| f.parse().ok())
            .expect("the result says how many frames it took");
        frames.push(n);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (result_ms, frames_n, opening_ms) = (
        median(&mut to_result),
        median(&mut frames),
        median(&mut to_opening),
    );
    println!("chromium_scan: {runs} runs, fake camera at 10 frames/s (1280×720)");
    println!("  frames to result, median:  {frames_n:.0}");
    println!("  time to result, median:    {result_ms:.0} ms");
    println!("  baseline (tap → camera screen), median: {opening_ms:.0} ms");
    println!(
        "  time to result / baseline: {:.1}×",
        result_ms / opening_ms
    );
}
