//! Faults in the middle of load: the server process killed with SIGKILL
//! while phones book, and PostgreSQL stopped for a few seconds under a
//! running server. Each is bounded (a few hundred requests, well under a
//! minute) and runs in CI.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use paspor_client::{Client, ClientConfig, ClientError};
use paspor_domain::ErrorCode;
use paspor_domain::api::*;
use paspor_server::fixtures::{self, Postgres, ServerProcess};
use paspor_server::{AppState, Application, Config};
use sqlx::Row;

use crate::support::*;

/// The database made ready (migrated, seeded, accounts signed in) by a
/// server built in this process and never run: the server under test is
/// another process.
async fn prepared(dir: &Path, accounts: u32) -> (String, AppState, Vec<(String, String)>) {
    let url = database_url(dir).await;
    let mut config = Config::local(&url, dir.join("setup"));
    config.dev_mail = true;
    config.outbox_dir = None;
    let state = Application::build(config).await.unwrap().state().clone();
    let people = fixtures::signed_in_accounts(&state, 0..accounts)
        .await
        .unwrap();
    (url, state, people)
}

/// A released session of office 1 a few days ahead, given `capacity` places.
async fn slot_with(state: &AppState, capacity: i64) -> (jiff::civil::Date, i64) {
    let soon = jiff::Timestamp::now()
        .to_zoned_datetime(paspor_domain::OfficeTimeZone::Wib.time_zone())
        .date()
        .saturating_add(jiff::Span::new().days(3));
    let row = sqlx::query(
        "SELECT id, date FROM slots WHERE office_id = 1 AND date >= $1 AND release_at <= $2 ORDER BY date, id LIMIT 1",
    )
    .bind(soon.to_string())
    .bind(jiff::Timestamp::now().as_second())
    .fetch_one(&state.db.pool)
    .await
    .unwrap();
    let id: i64 = row.get("id");
    sqlx::query("UPDATE slots SET capacity = $1 WHERE id = $2")
        .bind(capacity)
        .bind(id)
        .execute(&state.db.pool)
        .await
        .unwrap();
    (row.get::<String, _>("date").parse().unwrap(), id)
}

/// Account `n` books for itself and a child on its family card.
fn family_request(
    n: u32,
    nik: &str,
    date: jiff::civil::Date,
    slot_id: i64,
) -> CreateBookingRequest {
    let person = |name: &str, nik: &str, born: &str, relation: Option<&str>| -> ApplicantInput {
        serde_json::from_value(serde_json::json!({
            "full_name": name, "nik": nik, "kk": fixtures::kk(n), "birth_place": "Jakarta",
            "birth_date": born, "sex": "male", "relation": relation,
            "application_type": "new", "old_passport": null,
        }))
        .unwrap()
    };
    CreateBookingRequest {
        office_id: 1,
        date,
        slot_id,
        applicants: vec![
            person("Budi Santoso", nik, "1990-05-15", None),
            person(
                "Adi Santoso",
                &format!("317401150510{:04}", n + 1),
                "2010-05-15",
                Some("child"),
            ),
        ],
    }
}

fn client_of(server: &ServerProcess) -> Client {
    let mut cc = ClientConfig::new(&server.base_url, "fault-test");
    cc.pinned_certificate = Some(server.cert_pem.clone());
    Client::new(cc).unwrap()
}

/// What the database holds for the slot: (places taken, applicants of its
/// active bookings, bookings whose applicants are not exactly two, NIK
/// holds of its active bookings).
async fn ledger(state: &AppState, slot_id: i64) -> (i64, i64, i64, i64) {
    let r = sqlx::query(
        "SELECT taken,
            (SELECT COUNT(*) FROM booking_applicants a JOIN bookings b ON b.id = a.booking_id
             WHERE b.slot_id = $1 AND b.status = 'active') AS applicants,
            (SELECT COUNT(*) FROM bookings b WHERE b.slot_id = $1 AND
             (SELECT COUNT(*) FROM booking_applicants a WHERE a.booking_id = b.id) <> 2) AS partial,
            (SELECT COUNT(*) FROM active_niks n JOIN bookings b ON b.id = n.booking_id
             WHERE b.slot_id = $1 AND b.status = 'active') AS holds
         FROM slots WHERE id = $1",
    )
    .bind(slot_id)
    .fetch_one(&state.db.pool)
    .await
    .unwrap();
    (
        r.get("taken"),
        r.get("applicants"),
        r.get("partial"),
        r.get("holds"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_mid_stampede_keeps_every_booking_it_confirmed() {
    const PHONES: u32 = 200;
    let dir = tempfile::tempdir().unwrap();
    let (url, state, people) = prepared(dir.path(), PHONES).await;
    // 150 places for 200 families of two: it sells out if nothing is lost.
    let (date, slot_id) = slot_with(&state, 150).await;
    let binary = Path::new(env!("CARGO_BIN_EXE_paspor-server"));
    let data = dir.path().join("server");
    let server = ServerProcess::start(binary, &url, &data, "127.0.0.1:0").unwrap();
    let client = client_of(&server);

    // Every phone books once with its own key; the server is killed once
    // 20 bookings are confirmed, with the rest in flight or still to come.
    let confirmed = Arc::new(AtomicUsize::new(0));
    let server = Arc::new(std::sync::Mutex::new(server));
    let tasks: Vec<_> = people
        .iter()
        .enumerate()
        .map(|(n, (token, nik))| {
            let c = client.with_token(token);
            let req = family_request(n as u32, nik, date, slot_id);
            let key = Client::new_idempotency_key();
            let (confirmed, server) = (confirmed.clone(), server.clone());
            tokio::spawn(async move {
                let r = c.create_booking(&req, &key).await;
                if r.is_ok() && confirmed.fetch_add(1, Ordering::SeqCst) + 1 == 20 {
                    server.lock().unwrap().kill();
                }
                (req, key, r)
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap());
    }
    let answered: Vec<&Booking> = outcomes
        .iter()
        .filter_map(|(_, _, r)| r.as_ref().ok())
        .collect();
    let cut_off = outcomes
        .iter()
        .filter(|(_, _, r)| matches!(r, Err(e) if e.is_retryable()))
        .count();
    assert!(
        answered.len() >= 20,
        "{} confirmed before the kill",
        answered.len()
    );
    assert!(
        cut_off > 0,
        "the kill came after every request had its answer"
    );

    // Every booking answered 201 is there with both applicants and their
    // NIK holds; nothing is half-written; places equal bookings.
    for b in &answered {
        let r = sqlx::query("SELECT COUNT(*) AS n FROM booking_applicants a JOIN bookings b ON b.id = a.booking_id WHERE b.code = $1")
            .bind(&b.code)
            .fetch_one(&state.db.pool)
            .await
            .unwrap();
        assert_eq!(
            r.get::<i64, _>("n"),
            2,
            "booking {} lost applicants",
            b.code
        );
    }
    let (taken, applicants, partial, holds) = ledger(&state, slot_id).await;
    assert_eq!((taken, partial), (applicants, 0));
    assert_eq!(holds, applicants);
    assert!(taken >= 2 * answered.len() as i64);

    // Restarted on the same database, the cut-off phones retry with their
    // own keys: a booking made before the kill whose reply was lost comes
    // back (200, same code), the others are made or refused for lack of
    // places, and nobody holds two.
    let server = ServerProcess::start(binary, &url, &data, "127.0.0.1:0").unwrap();
    let client = client_of(&server);
    let mut booked = answered.len() as i64;
    for (n, (req, key, r)) in outcomes.iter().enumerate() {
        if r.is_ok() {
            continue;
        }
        match client
            .with_token(&people[n].0)
            .create_booking(req, key)
            .await
        {
            Ok(_) => booked += 1,
            Err(e) => assert_eq!(e.code(), "slot_full", "{e:?}"),
        }
    }
    let (taken, applicants, partial, holds) = ledger(&state, slot_id).await;
    assert_eq!(
        (taken, applicants, partial, holds),
        (2 * booked, 2 * booked, 0, 2 * booked)
    );
    assert_eq!(taken, 150, "every place is sold once the phones are done");
    drop(server);
}

/// How each request of the load went.
#[derive(Default)]
struct Seen {
    ok: AtomicUsize,
    unavailable: AtomicUsize,
    other: std::sync::Mutex<Vec<String>>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_stopped_mid_load_is_503_unavailable_and_the_server_recovers_alone() {
    let pg = Postgres::launch();
    let url = pg.url();
    let app = spawn_app_with(|c| c.database_url = url).await;
    let people = fixtures::signed_in_accounts(&app.state, 0..40)
        .await
        .unwrap();
    let (date, slot_id) = slot_with(&app.state, 100).await;

    // 40 phones read their bookings and the calendar until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Seen::default());
    let load: Vec<_> = people
        .iter()
        .map(|(token, _)| {
            let c = app.client.with_token(token);
            let (stop, seen) = (stop.clone(), seen.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::SeqCst) {
                    let r = c.bookings().await.map(drop);
                    match r {
                        Ok(()) => _ = seen.ok.fetch_add(1, Ordering::SeqCst),
                        Err(ClientError::Api {
                            status: 503,
                            code: ErrorCode::Unavailable,
                            retry_after: Some(after),
                            ..
                        }) if after >= Duration::from_secs(1) => {
                            seen.unavailable.fetch_add(1, Ordering::SeqCst);
                        }
                        Err(e) => seen.other.lock().unwrap().push(format!("{e:?}")),
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        })
        .collect();
    let settle = || tokio::time::sleep(Duration::from_millis(1500));
    settle().await;
    assert!(seen.ok.load(Ordering::SeqCst) > 0);

    pg.stop();
    let ok_before = seen.ok.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(4)).await;
    let unavailable = seen.unavailable.load(Ordering::SeqCst);
    assert!(
        unavailable > 0,
        "no 503 unavailable while the database was down"
    );
    // A booking tried while it is down is refused the same way, writing nothing.
    let (token, nik) = &people[0];
    let req = family_request(0, nik, date, slot_id);
    let key = Client::new_idempotency_key();
    let phone = app.client.with_token(token);
    let down = phone.create_booking(&req, &key).await.unwrap_err();
    assert_eq!(
        (down.code(), down.wait_hint().is_some()),
        ("unavailable", true),
        "{down:?}"
    );

    // Back, without touching the server: within seconds requests pass again.
    pg.start();
    let mut recovered = false;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if seen.ok.load(Ordering::SeqCst) > ok_before + 40 {
            recovered = true;
            break;
        }
    }
    stop.store(true, Ordering::SeqCst);
    for t in load {
        t.await.unwrap();
    }
    assert!(recovered, "the server did not recover by itself");
    let other = seen.other.lock().unwrap().clone();
    assert!(
        other.is_empty(),
        "failures other than 503 unavailable: {other:?}"
    );

    // The booking tried during the outage, retried with its key, is made once.
    let booked = phone.create_booking(&req, &key).await.unwrap();
    let again = phone.create_booking(&req, &key).await.unwrap();
    assert_eq!(again.code, booked.code);
    let (taken, applicants, partial, _) = ledger(&app.state, slot_id).await;
    assert_eq!((taken, applicants, partial), (2, 2, 0));
}
