//! The quota-release stampede: what each request costs next to a trivial
//! one, and the release moment itself, against real `paspor-server`
//! processes over HTTPS on loopback. A bench binary, not a test: bounded
//! (every phase has a fixed number of requests) and loopback only.
//!
//!     cargo bench -p paspor-server --bench stampede                 # SQLite
//!     eval "$(scripts/postgres-test start)"                         # PostgreSQL:
//!     cargo bench -p paspor-server --bench stampede
//!     PASPOR_STAMPEDE_SERVERS=2 cargo bench -p paspor-server --bench stampede
//!
//! 1. The database is migrated and seeded by a server built in this
//!    process (never run); the accounts are written straight into it, each
//!    signed in, so the figures are about quota, not argon2 or mail.
//! 2. `PASPOR_STAMPEDE_SERVERS` (1) server processes on it, each with its
//!    own port and certificate; clients are split between them.
//! 3. Costs, each with 32 requests in flight: `GET /health` (before and
//!    after the others, the ratios to their mean); a month's
//!    calendar with its body and with `If-None-Match` (304); `_HOT` (4 000)
//!    accounts booking one hot slot; attempts on a full slot.
//! 4. The release: `_PLACES` (2 000) places over the sessions of one day
//!    of `_OFFICES` (5) offices open at one instant; `_ACCOUNTS` (5 000)
//!    phones poll the calendar as the app does (`If-None-Match`, every
//!    250 ms before the release) and book a session with places left,
//!    moving on when refused, until they have a booking, every office shows
//!    the day full, or `_ATTEMPTS` (20 000) booking attempts are spent;
//!    `_IN_FLIGHT` (64) requests at a time.
//! 5. The check: for every slot of the release, places taken = applicants
//!    of its active bookings <= capacity, and one booking per 201. Exits
//!    non-zero when anything is oversold or lost.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use paspor_client::{Changed, Client, ClientConfig, ClientError};
use paspor_domain::DayStatus;
use paspor_domain::api::*;
use paspor_server::config::Argon2Params;
use paspor_server::fixtures::{self, ServerProcess};
use rand::Rng;
use sqlx::Row;
use tokio::sync::Semaphore;

const COST_IN_FLIGHT: usize = 32;
const HEALTH_REQUESTS: usize = 10_000;
const CALENDAR_REQUESTS: usize = 10_000;
const REFUSED_ATTEMPTS: usize = 10_000;
const POLL: Duration = Duration::from_millis(250);

struct Knobs {
    servers: usize,
    hot: u32,
    accounts: u32,
    places: i64,
    attempts: u64,
    offices: usize,
    in_flight: usize,
}

impl Knobs {
    fn from_env() -> Knobs {
        fn knob<T: std::str::FromStr>(name: &str, default: T) -> T {
            std::env::var(format!("PASPOR_STAMPEDE_{name}"))
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        }
        Knobs {
            servers: knob("SERVERS", 1),
            hot: knob("HOT", 4_000),
            accounts: knob("ACCOUNTS", 5_000),
            places: knob("PLACES", 2_000),
            attempts: knob("ATTEMPTS", 20_000),
            offices: knob("OFFICES", 5),
            in_flight: knob("IN_FLIGHT", 64),
        }
    }
}

/// Latencies per endpoint and replies per endpoint and code.
#[derive(Default)]
struct Tally {
    latencies: Mutex<BTreeMap<&'static str, Vec<Duration>>>,
    replies: Mutex<BTreeMap<String, u64>>,
}

impl Tally {
    fn record(&self, endpoint: &'static str, took: Duration, reply: &str) {
        let mut l = self.latencies.lock().unwrap();
        l.entry(endpoint).or_default().push(took);
        drop(l);
        let mut r = self.replies.lock().unwrap();
        *r.entry(format!("{endpoint} {reply}")).or_default() += 1;
    }

    fn print(&self) {
        println!("| endpoint | requests | p50 | p95 | p99 |\n| --- | --- | --- | --- | --- |");
        for (endpoint, v) in self.latencies.lock().unwrap().iter_mut() {
            v.sort();
            let p = |q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)];
            println!(
                "| {endpoint} | {} | {:.1} ms | {:.1} ms | {:.1} ms |",
                v.len(),
                ms(p(0.5)),
                ms(p(0.95)),
                ms(p(0.99))
            );
        }
        println!("\n| reply | count |\n| --- | --- |");
        for (reply, n) in self.replies.lock().unwrap().iter() {
            println!("| {reply} | {n} |");
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn reply_code(r: &Result<impl Sized, ClientError>, ok: &str) -> String {
    match r {
        Ok(_) => ok.to_owned(),
        Err(ClientError::Api { status, code, .. }) => format!("{status} {code}"),
        Err(e) => e.code().to_owned(),
    }
}

async fn database_url(dir: &std::path::Path) -> String {
    match std::env::var("PASPOR_TEST_DATABASE_URL") {
        Ok(admin) => {
            use sqlx::Connection;
            let name = format!("paspor_stampede_{}", std::process::id());
            let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
            sqlx::Executor::execute(&mut c, format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
        }
        Err(_) => format!("sqlite://{}", dir.join("stampede.db").display()),
    }
}

/// CPU time the server processes have used so far (user + system), from
/// /proc: what a request costs the server alone, apart from this tool.
fn server_cpu(servers: &[ServerProcess]) -> Duration {
    let tick = 100.0; // USER_HZ on Linux
    servers
        .iter()
        .map(|s| {
            let stat = std::fs::read_to_string(format!("/proc/{}/stat", s.child.id())).unwrap();
            // Fields after the parenthesised name: state is 3rd, utime 14th, stime 15th.
            let after = &stat[stat.rfind(')').unwrap() + 2..];
            let f: Vec<&str> = after.split_whitespace().collect();
            let ticks: f64 = f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap();
            Duration::from_secs_f64(ticks / tick)
        })
        .sum()
}

/// A phase's figures: requests per second, and server CPU per request.
#[derive(Clone, Copy)]
struct Cost {
    rate: f64,
    cpu: Duration,
}

/// [`rate`], with the server CPU it took.
async fn cost<F, Fut>(servers: &[ServerProcess], n: usize, one: F) -> Cost
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let before = server_cpu(servers);
    let rate = rate(n, COST_IN_FLIGHT, one).await;
    Cost {
        rate,
        cpu: (server_cpu(servers) - before) / n as u32,
    }
}

/// `n` requests, `in_flight` at a time, each made by `one(i)`; requests per second.
async fn rate<F, Fut>(n: usize, in_flight: usize, one: F) -> f64
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let gate = Arc::new(Semaphore::new(in_flight));
    let start = Instant::now();
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let (gate, work) = (gate.clone(), one(i));
            tokio::spawn(async move {
                let _permit = gate.acquire().await.unwrap();
                work.await
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn applicant(nik: &str, n: u32) -> ApplicantInput {
    serde_json::from_value(serde_json::json!({
        "full_name": "Budi Santoso", "nik": nik, "kk": fixtures::kk(n),
        "birth_place": "Jakarta", "birth_date": "1990-05-15", "sex": "male", "relation": null,
        "application_type": "new", "old_passport": null
    }))
    .unwrap()
}

/// A slot of `office` on `date`, with `capacity` places, none taken,
/// released `release_at` (Unix seconds).
async fn set_slot(db: &sqlx::AnyPool, slot: i64, capacity: i64, release_at: i64) {
    sqlx::query("UPDATE slots SET capacity = $1, taken = 0, release_at = $2 WHERE id = $3")
        .bind(capacity)
        .bind(release_at)
        .bind(slot)
        .execute(db)
        .await
        .unwrap();
}

#[tokio::main]
async fn main() {
    let k = Knobs::from_env();
    let backend = if std::env::var("PASPOR_TEST_DATABASE_URL").is_ok() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let dir = tempfile::tempdir().unwrap();
    let db_url = database_url(dir.path()).await;

    // 1. The database and the accounts.
    let mut config = paspor_server::Config::local(&db_url, dir.path().join("setup"));
    config.dev_mail = true;
    config.outbox_dir = None;
    config.argon2 = Argon2Params {
        memory_kib: 256,
        iterations: 1,
    };
    let setup = paspor_server::Application::build(config).await.unwrap();
    let state = setup.state().clone();
    drop(setup);
    let made = Instant::now();
    assert!(
        k.hot + k.accounts <= 9_998,
        "PASPOR_STAMPEDE_HOT + _ACCOUNTS: at most 9 998 people have distinct NIKs"
    );
    let people = fixtures::signed_in_accounts(&state, 0..k.hot + k.accounts)
        .await
        .unwrap();
    println!(
        "{backend}, {} server process(es): {} accounts written in {:.1} s",
        k.servers,
        people.len(),
        made.elapsed().as_secs_f64()
    );
    let db = state.db.pool.clone();

    // 2. The servers.
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_paspor-server"));
    let servers: Vec<ServerProcess> = (0..k.servers)
        .map(|i| {
            let data = dir.path().join(format!("server{i}"));
            ServerProcess::start(binary, &db_url, &data, "127.0.0.1:0").unwrap()
        })
        .collect();
    let clients: Vec<Client> = servers
        .iter()
        .map(|s| {
            let mut cc = ClientConfig::new(&s.base_url, "stampede");
            cc.pinned_certificate = Some(s.cert_pem.clone());
            Client::new(cc).unwrap()
        })
        .collect();
    let client_of = |i: usize, token: &str| clients[i % clients.len()].with_token(token);

    // The hot slot: office 1's first open day, morning session.
    let probe = client_of(0, &people[0].0);
    let (hot_date, hot_slot) = first_open_day(&probe, 1).await;
    let month = format!("{:04}-{:02}", hot_date.year(), hot_date.month());
    set_slot(&db, hot_slot.id, 1_000_000, 0).await;
    // The month was read above, before the slot was written behind the
    // server's back: its calendar is believed for a moment more. Without
    // the wait, a calendar phase shorter than that took its ETag from the
    // old month and the 304 phase then saw the new one.
    tokio::time::sleep(paspor_server::calendars::FRESH_FOR).await;

    // 3. Costs.
    let health_urls: Vec<(reqwest::Client, String)> = servers
        .iter()
        .map(|s| {
            let cert = reqwest::Certificate::from_pem(&s.cert_pem).unwrap();
            let http = reqwest::Client::builder()
                .tls_certs_only([cert])
                .build()
                .unwrap();
            (http, format!("{}/health", s.base_url))
        })
        .collect();
    // Measured before and after the other costs: this VM's speed moves
    // within a run too, and each ratio is to the mean of the two.
    let health = || {
        cost(&servers, HEALTH_REQUESTS, |i| {
            let (http, url) = health_urls[i % health_urls.len()].clone();
            async move {
                assert!(http.get(url).send().await.unwrap().status().is_success());
            }
        })
    };
    let health_before = health().await;
    let path = format!("/offices/1/calendar?month={month}");
    let calendar = cost(&servers, CALENDAR_REQUESTS, |i| {
        let (c, path) = (client_of(i, &people[i % people.len()].0), path.clone());
        async move {
            let r = c.calendar_if_changed(&path, None).await.unwrap();
            assert!(matches!(r, Changed::Yes { .. }));
        }
    })
    .await;
    let (etag, month_read) = match probe.calendar_if_changed(&path, None).await.unwrap() {
        Changed::Yes { etag, value } => (etag.expect("the calendar has an ETag"), Arc::new(value)),
        Changed::No => unreachable!(),
    };
    let calendar_304 = cost(&servers, CALENDAR_REQUESTS, |i| {
        let c = client_of(i, &people[i % people.len()].0);
        let (path, etag, before) = (path.clone(), etag.clone(), month_read.clone());
        async move {
            // The hot slot is not touched meanwhile, so nothing changes.
            if let Changed::Yes { value, .. } =
                c.calendar_if_changed(&path, Some(&etag)).await.unwrap()
            {
                let changed: Vec<_> = before
                    .days
                    .iter()
                    .zip(&value.days)
                    .filter(|(a, b)| a != b)
                    .collect();
                panic!("the calendar changed while nothing was booked: {changed:#?}");
            }
        }
    })
    .await;
    let hot = cost(&servers, k.hot as usize, |i| {
        let (token, nik) = &people[i];
        let c = client_of(i, token);
        let req = CreateBookingRequest {
            office_id: 1,
            date: hot_date,
            slot_id: hot_slot.id,
            applicants: vec![applicant(nik, i as u32)],
        };
        async move {
            c.create_booking(&req, &Client::new_idempotency_key())
                .await
                .expect("a booking on the hot slot");
        }
    })
    .await;
    // The hot slot's other session, full.
    let full_slot = other_session(&db, hot_slot.id).await;
    set_slot(&db, full_slot, 0, 0).await;
    let refused = cost(&servers, REFUSED_ATTEMPTS, |i| {
        let n = i % k.hot as usize;
        let (token, nik) = &people[n];
        let c = client_of(i, token);
        let req = CreateBookingRequest {
            office_id: 1,
            date: hot_date,
            slot_id: full_slot,
            applicants: vec![applicant(nik, n as u32)],
        };
        async move {
            let r = c.create_booking(&req, &Client::new_idempotency_key()).await;
            assert_eq!(reply_code(&r, "201"), "409 slot_full");
        }
    })
    .await;
    let health_after = health().await;
    let health = Cost {
        rate: (health_before.rate + health_after.rate) / 2.0,
        cpu: (health_before.cpu + health_after.cpu) / 2,
    };
    println!(
        "\n`GET /health` before {:.0}/s, after {:.0}/s",
        health_before.rate, health_after.rate
    );
    println!(
        "\n| request, {COST_IN_FLIGHT} in flight | per second | ÷ `GET /health` | server CPU per request |"
    );
    println!("| --- | --- | --- | --- |");
    for (what, c) in [
        ("`GET /health`", health),
        ("calendar, 200 with body", calendar),
        ("calendar, 304 (`If-None-Match`)", calendar_304),
        ("booking, one hot slot (201)", hot),
        ("booking, full slot (409)", refused),
    ] {
        println!(
            "| {what} | {:.0} | {:.1} % | {:.0} µs |",
            c.rate,
            100.0 * c.rate / health.rate,
            c.cpu.as_secs_f64() * 1e6
        );
    }

    // 4. The release.
    let release = Release::prepare(&db, &k).await;
    let stampede_people: Vec<(usize, (String, String))> = people
        .into_iter()
        .enumerate()
        .skip(k.hot as usize)
        .collect();
    let tally = Arc::new(Tally::default());
    let attempts = Arc::new(AtomicU64::new(0));
    let last_booked = Arc::new(Mutex::new(None::<Instant>));
    let gate = Arc::new(Semaphore::new(k.in_flight));
    let release = Arc::new(release);
    let tasks: Vec<_> = stampede_people
        .into_iter()
        .map(|(n, (token, nik))| {
            let phone = Phone {
                client: client_of(n, &token),
                applicant: applicant(&nik, n as u32),
                first_office: n,
            };
            let (tally, attempts, gate) = (tally.clone(), attempts.clone(), gate.clone());
            let (release, last_booked, budget) = (release.clone(), last_booked.clone(), k.attempts);
            tokio::spawn(async move {
                phone
                    .run(&release, &tally, &gate, (&attempts, budget), &last_booked)
                    .await
            })
        })
        .collect();
    let mut booked = 0u64;
    for t in tasks {
        booked += u64::from(t.await.unwrap());
    }
    let sold_out = last_booked
        .lock()
        .unwrap()
        .map(|t| t.saturating_duration_since(release.opens));
    println!(
        "\nrelease: {} places over {} sessions of {} offices, {} phones, {} booking attempts; {booked} booked",
        k.places,
        release.slots.len(),
        k.offices,
        k.accounts,
        attempts.load(Ordering::SeqCst).min(k.attempts),
    );
    if let Some(t) = sold_out {
        println!(
            "last place taken {:.2} s after the release",
            t.as_secs_f64()
        );
    }
    println!();
    tally.print();

    // 5. The check.
    let oversold = release.check(&db, booked).await;
    println!("\noversold or lost: {oversold}");
    drop(servers);
    assert_eq!(oversold, 0, "the release was oversold or lost bookings");
}

async fn first_open_day(c: &Client, office: i64) -> (jiff::civil::Date, Slot) {
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(paspor_domain::OfficeTimeZone::Wib.time_zone())
        .date();
    for m in 0..3 {
        let d = today.saturating_add(jiff::Span::new().months(m));
        for day in c.calendar(office, d.year(), d.month()).await.unwrap().days {
            if day.status == DayStatus::Available {
                return (day.date, day.slots[0].clone());
            }
        }
    }
    panic!("no open day at office {office}");
}

/// Another session of the same office and day.
async fn other_session(db: &sqlx::AnyPool, slot: i64) -> i64 {
    sqlx::query(
        "SELECT o.id FROM slots o JOIN slots s ON s.office_id = o.office_id AND s.date = o.date
         WHERE s.id = $1 AND o.id <> $1",
    )
    .bind(slot)
    .fetch_one(db)
    .await
    .expect("a day has two sessions")
    .get("id")
}

/// The sessions whose places open at one instant.
struct Release {
    date: jiff::civil::Date,
    offices: Vec<i64>,
    slots: Vec<i64>,
    opens: Instant,
}

impl Release {
    /// `k.places` places on one day of `k.offices` offices other than the
    /// hot slot's, opening three seconds from now.
    async fn prepare(db: &sqlx::AnyPool, k: &Knobs) -> Release {
        let row = sqlx::query(
            "SELECT date FROM slots WHERE office_id <> 1 GROUP BY date
             HAVING COUNT(DISTINCT office_id) >= $1 ORDER BY date DESC LIMIT 1",
        )
        .bind(k.offices as i64)
        .fetch_one(db)
        .await
        .expect("a day with enough offices");
        let date: String = row.get("date");
        let offices: Vec<i64> = sqlx::query(
            "SELECT DISTINCT office_id FROM slots WHERE date = $1 AND office_id <> 1 ORDER BY office_id LIMIT $2",
        )
        .bind(&date)
        .bind(k.offices as i64)
        .fetch_all(db)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("office_id"))
        .collect();
        let mut slots = Vec::new();
        for &o in &offices {
            for r in sqlx::query("SELECT id FROM slots WHERE date = $1 AND office_id = $2")
                .bind(&date)
                .bind(o)
                .fetch_all(db)
                .await
                .unwrap()
            {
                slots.push(r.get::<i64, _>("id"));
            }
        }
        let opens_at = jiff::Timestamp::now().as_second() + 3;
        let each = k.places / slots.len() as i64;
        for (i, &s) in slots.iter().enumerate() {
            let extra = i64::from((i as i64) < k.places % slots.len() as i64);
            set_slot(db, s, each + extra, opens_at).await;
        }
        let wait = opens_at as f64 - jiff::Timestamp::now().as_millisecond() as f64 / 1000.0;
        Release {
            date: date.parse().unwrap(),
            offices,
            slots,
            opens: Instant::now() + Duration::from_secs_f64(wait.max(0.0)),
        }
    }

    /// Slots whose places taken differ from their active bookings'
    /// applicants or exceed their capacity, plus bookings answered 201 that
    /// are not there.
    async fn check(&self, db: &sqlx::AnyPool, booked: u64) -> u64 {
        let mut bad = 0;
        let mut applicants = 0;
        for &s in &self.slots {
            let r = sqlx::query(
                "SELECT capacity, taken,
                    (SELECT COUNT(*) FROM booking_applicants a JOIN bookings b ON b.id = a.booking_id
                     WHERE b.slot_id = $1 AND b.status = 'active') AS applicants
                 FROM slots WHERE id = $1",
            )
            .bind(s)
            .fetch_one(db)
            .await
            .unwrap();
            let (capacity, taken, held): (i64, i64, i64) =
                (r.get("capacity"), r.get("taken"), r.get("applicants"));
            if taken != held || taken > capacity {
                println!("slot {s}: capacity {capacity}, taken {taken}, applicants {held}");
                bad += 1;
            }
            applicants += held as u64;
        }
        bad + booked.abs_diff(applicants)
    }
}

/// One phone of the stampede.
struct Phone {
    client: Client,
    applicant: ApplicantInput,
    first_office: usize,
}

impl Phone {
    /// Whether it got a booking.
    async fn run(
        &self,
        r: &Release,
        tally: &Tally,
        gate: &Semaphore,
        (attempts, budget): (&AtomicU64, u64),
        last_booked: &Mutex<Option<Instant>>,
    ) -> bool {
        let mut seen: HashMap<i64, (String, MonthCalendar)> = HashMap::new();
        let mut full = vec![false; r.offices.len()];
        let mut at = self.first_office % r.offices.len();
        let path_of = |o: i64| {
            format!(
                "/offices/{o}/calendar?month={:04}-{:02}",
                r.date.year(),
                r.date.month()
            )
        };
        loop {
            if full.iter().all(|f| *f) || attempts.load(Ordering::SeqCst) >= budget {
                return false;
            }
            let office = r.offices[at];
            let path = path_of(office);
            let etag = seen.get(&office).map(|(e, _)| e.clone());
            let started = Instant::now();
            let answer = {
                let _p = gate.acquire().await.unwrap();
                self.client
                    .calendar_if_changed(&path, etag.as_deref())
                    .await
            };
            let calendar = match answer {
                Ok(Changed::No) => {
                    tally.record("calendar", started.elapsed(), "304");
                    seen[&office].1.clone()
                }
                Ok(Changed::Yes { value, etag }) => {
                    tally.record("calendar", started.elapsed(), "200");
                    if let Some(e) = etag {
                        seen.insert(office, (e, value.clone()));
                    }
                    value
                }
                Err(e) => {
                    tally.record(
                        "calendar",
                        started.elapsed(),
                        &reply_code(&Err::<(), _>(e), ""),
                    );
                    tokio::time::sleep(POLL).await;
                    continue;
                }
            };
            let Some(day) = calendar.days.iter().find(|d| d.date == r.date) else {
                unreachable!("the release day is in its month");
            };
            match day.status {
                DayStatus::NotReleased => {
                    let jitter = rand::rng().random_range(0..50);
                    tokio::time::sleep(POLL + Duration::from_millis(jitter)).await;
                    continue;
                }
                DayStatus::Available => {}
                _ => {
                    full[at] = true;
                    at = (at + 1) % r.offices.len();
                    continue;
                }
            }
            let open: Vec<&Slot> = day.slots.iter().filter(|s| s.places_left > 0).collect();
            let slot = open[rand::rng().random_range(0..open.len())];
            if attempts.fetch_add(1, Ordering::SeqCst) >= budget {
                return false;
            }
            let req = CreateBookingRequest {
                office_id: office,
                date: r.date,
                slot_id: slot.id,
                applicants: vec![self.applicant.clone()],
            };
            let started = Instant::now();
            let booked = {
                let _p = gate.acquire().await.unwrap();
                self.client
                    .create_booking(&req, &Client::new_idempotency_key())
                    .await
            };
            tally.record("booking", started.elapsed(), &reply_code(&booked, "201"));
            if booked.is_ok() {
                let mut last = last_booked.lock().unwrap();
                *last = Some(last.map_or(Instant::now(), |t| t.max(Instant::now())));
                return true;
            }
            // Refused: the calendar is asked again before the next try;
            // after a refusal on this office, the next office first.
            at = (at + 1) % r.offices.len();
        }
    }
}
