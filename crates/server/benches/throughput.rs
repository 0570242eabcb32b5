//! Booking throughput under contention, next to a trivial endpoint of the
//! same server, over HTTPS on loopback. A bench binary, not a test:
//!
//!     cargo bench -p paspor-server --bench throughput
//!
//! Each round: 1 000 signed-in accounts, 32 clients at a time, all booking
//! the same office day (so every booking takes the same slot rows' locks);
//! then 10 000 GET /health with the same concurrency. Five rounds; medians.
//! Set PASPOR_TEST_DATABASE_URL to measure on PostgreSQL instead of SQLite.

use std::sync::Arc;
use std::time::{Duration, Instant};

use paspor_client::{Client, ClientConfig};
use paspor_domain::api::*;
use paspor_server::config::Argon2Params;
use tokio::sync::Semaphore;

const ACCOUNTS: u32 = 1000;
const CONCURRENCY: usize = 32;
const HEALTH_REQUESTS: usize = 10_000;
const ROUNDS: usize = 5;

async fn database_url(dir: &std::path::Path, round: usize) -> String {
    match std::env::var("PASPOR_TEST_DATABASE_URL") {
        Ok(admin) => {
            use sqlx::Connection;
            let name = format!("paspor_bench_{}_{round}", std::process::id());
            let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
            sqlx::Executor::execute(&mut c, format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
        }
        Err(_) => format!("sqlite://{}", dir.join("bench.db").display()),
    }
}

async fn round(round: usize) -> (f64, f64) {
    let dir = tempfile::tempdir().unwrap();
    let mut config =
        paspor_server::Config::local(database_url(dir.path(), round).await, dir.path());
    config.outbox_dir = None;
    config.dev_mail = true;
    config.argon2 = Argon2Params {
        memory_kib: 256,
        iterations: 1,
    };
    let app = paspor_server::Application::build(config).await.unwrap();
    let (url, pem, state) = (
        app.base_url(),
        app.certificate_pem().unwrap().to_vec(),
        app.state().clone(),
    );
    tokio::spawn(app.run());
    let mut cc = ClientConfig::new(&url, "bench");
    cc.pinned_certificate = Some(pem);
    let base = Client::new(cc).unwrap();

    let mut people = Vec::new();
    for n in 0..ACCOUNTS {
        people.push(
            paspor_server::fixtures::signed_in_account(&state, n)
                .await
                .unwrap(),
        );
    }
    // One open day, its morning session big enough for everyone.
    let probe = base.with_token(&people[0].0);
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(paspor_domain::OfficeTimeZone::Wib.time_zone())
        .date();
    let (date, slot) = 'found: {
        for m in 0..3 {
            let d = today.saturating_add(jiff::Span::new().months(m));
            for day in probe.calendar(1, d.year(), d.month()).await.unwrap().days {
                if day.status == paspor_domain::DayStatus::Available {
                    break 'found (day.date, day.slots[0].clone());
                }
            }
        }
        panic!("no open day");
    };
    sqlx::query("UPDATE slots SET capacity = 100000 WHERE id = $1")
        .bind(slot.id)
        .execute(&state.db.pool)
        .await
        .unwrap();

    let gate = Arc::new(Semaphore::new(CONCURRENCY));
    let start = Instant::now();
    let tasks: Vec<_> = people
        .into_iter()
        .enumerate()
        .map(|(i, (token, nik))| {
            let (c, gate) = (base.with_token(token), gate.clone());
            tokio::spawn(async move {
                let _permit = gate.acquire().await.unwrap();
                let applicant: ApplicantInput = serde_json::from_value(serde_json::json!({
                    "full_name": "Budi Santoso", "nik": nik, "kk": format!("3174010101{:06}", i),
                    "birth_place": "Jakarta", "birth_date": "1990-05-15", "sex": "male", "relation": null,
                    "application_type": "new", "old_passport": null
                }))
                .unwrap();
                let req = CreateBookingRequest { office_id: 1, date, slot_id: slot.id, applicants: vec![applicant] };
                c.create_booking(&req, &Client::new_idempotency_key()).await.expect("booking")
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let bookings_per_s = f64::from(ACCOUNTS) / start.elapsed().as_secs_f64();

    let http = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(
            &std::fs::read(dir.path().join("tls/cert.pem")).unwrap(),
        )
        .unwrap()])
        .build()
        .unwrap();
    let start = Instant::now();
    let tasks: Vec<_> = (0..HEALTH_REQUESTS)
        .map(|_| {
            let (http, gate, url) = (http.clone(), gate.clone(), format!("{url}/health"));
            tokio::spawn(async move {
                let _permit = gate.acquire().await.unwrap();
                assert!(http.get(url).send().await.unwrap().status().is_success());
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let health_per_s = HEALTH_REQUESTS as f64 / start.elapsed().as_secs_f64();
    (bookings_per_s, health_per_s)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let backend = if std::env::var("PASPOR_TEST_DATABASE_URL").is_ok() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let (mut bookings, mut health) = (Vec::new(), Vec::new());
    for r in 0..ROUNDS {
        let (b, h) = round(r).await;
        println!("round {r}: {b:.0} bookings/s, {h:.0} GET /health per s");
        bookings.push(b);
        health.push(h);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (b, h) = (median(bookings), median(health));
    println!(
        "{backend}: median {b:.0} bookings/s under contention, {h:.0} GET /health per s (ratio {:.1}x)",
        h / b
    );
}
