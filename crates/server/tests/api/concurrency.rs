//! R-Q-5 under load: 200 clients, each its own account and TLS connection,
//! race for one slot of 20 places.

use paspor_client::{Client, ClientConfig, ClientError};
use paspor_domain::api::*;
use sqlx::Row;

use crate::support::*;

/// Accounts straight into the database: 200 registrations by e-mail would
/// test the mail path 200 times, not the race.
async fn accounts(app: &TestApp, n: u32) -> Vec<(Person, Client)> {
    let mut out = Vec::new();
    for i in 0..n {
        let (token, nik) = paspor_server::fixtures::signed_in_account(&app.state, 1000 + i)
            .await
            .unwrap();
        let mut p = person(1000 + i);
        p.nik = nik;
        p.kk = format!("3174010101{:06}", 1000 + i);
        // A client of its own: its own connection pool, its own TLS session.
        let mut cc = ClientConfig::new(&app.base_url, format!("device-{i}"));
        cc.pinned_certificate = Some(app.cert_pem.clone());
        out.push((p, Client::new(cc).unwrap().with_token(token)));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_clients_race_for_twenty_places() {
    let app = spawn_app().await;
    let people = accounts(&app, 200).await;
    let (date, slot) = app.open_slot(&people[0].1, 1).await;
    app.set_capacity(slot.id, 20).await;
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(people.len()));
    let tasks: Vec<_> = people
        .into_iter()
        .map(|(p, c)| {
            let barrier = barrier.clone();
            tokio::spawn(async move {
                let req = CreateBookingRequest {
                    office_id: 1,
                    date,
                    slot_id: slot.id,
                    applicants: vec![applicant(&p, None)],
                };
                barrier.wait().await;
                c.create_booking(&req, &Client::new_idempotency_key()).await
            })
        })
        .collect();
    let (mut booked, mut refused) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Ok(b) => {
                assert_eq!(b.slot.id, slot.id);
                booked += 1;
            }
            Err(ClientError::Api {
                status: 409, code, ..
            }) => {
                assert_eq!(
                    code.as_str(),
                    "slot_full",
                    "every refused client is told why"
                );
                refused += 1;
            }
            Err(e) => panic!("a client got neither a booking nor a refusal: {e:?}"),
        }
    }
    assert_eq!((booked, refused), (20, 180));
    let row = sqlx::query("SELECT taken, capacity FROM slots WHERE id = $1")
        .bind(slot.id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        (
            row.try_get::<i64, _>("taken").unwrap(),
            row.try_get::<i64, _>("capacity").unwrap()
        ),
        (20, 20)
    );
    let n = sqlx::query("SELECT COUNT(*) AS n FROM bookings WHERE slot_id = $1")
        .bind(slot.id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        n.try_get::<i64, _>("n").unwrap(),
        20,
        "no half-written booking"
    );
}
