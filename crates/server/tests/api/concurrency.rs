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

/// Every person books `request_of` them at the same instant (a barrier),
/// each with a fresh key; the outcomes in the people's order.
async fn race(
    people: Vec<(Person, Client)>,
    request_of: impl Fn(&Person) -> CreateBookingRequest,
) -> Vec<Result<Booking, ClientError>> {
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(people.len()));
    let tasks: Vec<_> = people
        .into_iter()
        .map(|(p, c)| {
            let (barrier, req) = (barrier.clone(), request_of(&p));
            tokio::spawn(async move {
                barrier.wait().await;
                c.create_booking(&req, &Client::new_idempotency_key()).await
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap());
    }
    outcomes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_clients_race_for_twenty_places() {
    let app = spawn_app().await;
    let people = accounts(&app, 200).await;
    let (date, slot) = app.open_slot(&people[0].1, 1).await;
    app.set_capacity(slot.id, 20).await;
    let outcomes = race(people, |p| CreateBookingRequest {
        office_id: 1,
        date,
        slot_id: slot.id,
        applicants: vec![applicant(p, None)],
    })
    .await;
    let (mut booked, mut refused) = (0, 0);
    for outcome in outcomes {
        match outcome {
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

/// R-Q-8 under load: thirty families book at once, each with the same child
/// (a NIK without an account, so no consent is needed), so several land in
/// one batch of the booking desk: exactly one holds the child, every other
/// is refused with nik_already_booked and takes no place.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_parallel_bookings_of_one_child_leave_exactly_one() {
    let app = spawn_app().await;
    let people = accounts(&app, 30).await;
    let (date, slot) = app.open_slot(&people[0].1, 1).await;
    app.set_capacity(slot.id, 500).await;
    let outcomes = race(people, |p| {
        let mut child = applicant(p, Some("child"));
        child.nik = "3174011505100077".parse().unwrap();
        child.birth_date = "2010-05-15".parse().unwrap();
        CreateBookingRequest {
            office_id: 1,
            date,
            slot_id: slot.id,
            applicants: vec![applicant(p, None), child],
        }
    })
    .await;
    let mut booked = 0;
    for outcome in outcomes {
        match outcome {
            Ok(b) => {
                assert_eq!(b.applicants.len(), 2);
                booked += 1;
            }
            Err(e) => assert_eq!(refusal(&e), (409, "nik_already_booked")),
        }
    }
    assert_eq!(booked, 1);
    let row = sqlx::query(
        "SELECT taken, (SELECT COUNT(*) FROM bookings WHERE slot_id = $1) AS bookings,
            (SELECT COUNT(*) FROM booking_applicants) AS applicants,
            (SELECT COUNT(*) FROM active_niks) AS holds
         FROM slots WHERE id = $1",
    )
    .bind(slot.id)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let got: (i64, i64, i64, i64) = (
        row.try_get("taken").unwrap(),
        row.try_get("bookings").unwrap(),
        row.try_get("applicants").unwrap(),
        row.try_get("holds").unwrap(),
    );
    assert_eq!(got, (2, 1, 2, 2), "(taken, bookings, applicants, holds)");
}
