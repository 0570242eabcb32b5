//! The booking desk: two tasks per server process do the database work of
//! its bookings, in batches of whatever arrived while the previous batch
//! was at the database ([`Batcher`]): writing them, and looking up the
//! booking an Idempotency-Key made for an attempt that was refused (at a
//! sold-out release, nearly every attempt).
//!
//! At a release, the cost of a booking is its statements: each one through
//! the driver costs several times a whole `GET /health` (on SQLite most of
//! it the hand-over to the connection's thread and back), and a booking
//! written alone took eleven. The lookups are one statement per batch
//! (measured: a refusal's server CPU 58 µs → 35 µs). A booking reads
//! nothing of its own before it reaches the desk: its slot and office come
//! from [`crate::quota::KnownSlots`], and who books is read here with the
//! batch (measured: a booking's server CPU on SQLite 200 µs → 108 µs). A
//! batch of bookings is written in one transaction with a fixed number of
//! statements, however many bookings it holds: the accounts that book
//! (R-Q-2, R-Q-3, R-Q-7 checked against them), the attempts counted for the
//! rate limit, the slots read (and on PostgreSQL locked, so two processes'
//! batches queue on the hot row once per batch, not once per booking), the
//! bookings, the NIK holds, the applicants, and one conditional update per
//! slot. Which bookings fit is decided in arrival order with the slot rows
//! read under that lock, so the places taken are exactly those of the
//! bookings written (R-Q-5), and the conditional update refuses to oversell
//! even if that reasoning were wrong. On SQLite the accounts are read under
//! the one write lock, so the one-month rule sees every booking written
//! before the batch; on PostgreSQL two processes' batches may read one
//! account at once. Either way the owner's NIK hold (R-Q-8; the owner is
//! always the first applicant) lets only one of an account's bookings in
//! flight stand, so the rule needs no more.
//!
//! A booking refused inside a batch (no places left, a NIK held, the rate
//! limit) gets its own refusal; the others go on. A statement that fails
//! fails the batch: nothing of it is written and each of its bookings is
//! told so, as it would have been alone.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::Date;
use paspor_domain::DomainError;
use paspor_domain::api::CreateBookingRequest;
use paspor_domain::rules::{self, ApplicantFacts};
use sqlx::Row;

use crate::batch::Batcher;
use crate::db::{self, Backend, Conn, Db, list, values};
use crate::error::{Result, ServerError};

/// The most bookings written in one transaction.
pub const MAX_BATCH: usize = 64;

/// A booking that passed every check that needs no write.
pub struct Pending {
    pub account_id: i64,
    /// The Idempotency-Key and the hash of its request.
    pub key: Option<(String, String)>,
    pub req: CreateBookingRequest,
    /// Today at the office: holds of past bookings are let go.
    pub today: Date,
    /// The account's booking-attempt limit, counted in the batch.
    pub limit: (u32, Duration),
}

/// What was written for one booking, for its reply.
#[derive(Debug)]
pub struct Written {
    pub code: String,
    pub created_at: Timestamp,
    pub places_left: u32,
}

/// An account and an Idempotency-Key it sent.
pub type Key = (i64, String);

/// The two batched tasks of this process's bookings.
#[derive(Clone)]
pub struct Desk {
    keys: Batcher<Key, Option<(i64, Option<String>)>>,
    writes: Batcher<Pending, Written>,
}

impl Desk {
    pub fn start(db: Db) -> Desk {
        let reader = db.clone();
        Desk {
            keys: Batcher::start("reading idempotency keys", MAX_BATCH, move |asked| {
                let db = reader.clone();
                async move {
                    let found =
                        db::bookings::by_idempotency_keys(&mut *db.conn().await?, &asked).await?;
                    Ok(found.into_iter().map(Ok).collect())
                }
            }),
            writes: Batcher::start("writing a batch of bookings", MAX_BATCH, move |batch| {
                let db = db.clone();
                async move { write(&db, &batch).await }
            }),
        }
    }

    /// The booking this key of this account made, and its request's hash.
    pub async fn made_with(&self, key: Key) -> Result<Option<(i64, Option<String>)>> {
        self.keys.ask(key).await
    }

    /// Writes the booking with whatever else is waiting.
    pub async fn book(&self, p: Pending) -> Result<Written> {
        self.writes.ask(p).await
    }
}

/// One outcome per booking, or the failure of the whole batch.
async fn write(db: &Db, batch: &[Pending]) -> Result<Vec<Result<Written>>> {
    let mut tx = db.begin().await?;
    let mut outcome: Vec<Option<Result<Written>>> = batch.iter().map(|_| None).collect();
    check_owners(&mut tx, batch, &mut outcome).await?;
    count_attempts(&mut tx, batch, &mut outcome).await?;
    // R-Q-9: another account's NIK needs its owner's consent (a read per
    // family member; most bookings have none).
    for (i, p) in batch.iter().enumerate() {
        if outcome[i].is_some() {
            continue;
        }
        for (k, a) in p.req.applicants.iter().enumerate().skip(1) {
            if !db::family::may_book(&mut tx, p.account_id, &a.nik).await? {
                outcome[i] = Some(Err(ServerError::ConsentRequired { index: k }));
                break;
            }
        }
    }
    let mut left = places_left(&mut tx, db.backend, batch).await?;
    // Places and people, in arrival order: a NIK twice in one batch is the
    // second booking's conflict, as it would be one after the other. A
    // booking refused further on (its NIK held elsewhere) gives its places
    // back only to the next batch: a later one in this batch may be told
    // the slot is full while it is not, never the other way round.
    let mut niks: HashSet<&str> = HashSet::new();
    let mut places_after = vec![0u32; batch.len()];
    for (i, p) in batch.iter().enumerate() {
        if outcome[i].is_some() {
            continue;
        }
        if let Some(a) = p
            .req
            .applicants
            .iter()
            .find(|a| niks.contains(a.nik.as_str()))
        {
            outcome[i] = Some(Err(DomainError::NikAlreadyBooked {
                nik: a.nik.to_string(),
            }
            .into()));
            continue;
        }
        let n = p.req.applicants.len() as i64;
        let slot = left.entry(p.req.slot_id).or_default();
        if *slot < n {
            outcome[i] = Some(Err(ServerError::SlotFull));
            continue;
        }
        *slot -= n;
        places_after[i] = *slot as u32;
        niks.extend(p.req.applicants.iter().map(|a| a.nik.as_str()));
    }
    let ids = insert_bookings(&mut tx, batch, &mut outcome).await?;
    hold_niks(&mut tx, batch, &ids, &mut outcome).await?;
    // Bookings written above and refused since (a NIK held) go again.
    let undone: Vec<i64> = ids
        .iter()
        .filter(|(i, _)| outcome[**i].is_some())
        .map(|(_, (id, _))| *id)
        .collect();
    if !undone.is_empty() {
        let l = list(1, undone.len());
        for table in ["active_niks WHERE booking_id", "bookings WHERE id"] {
            let sql = format!("DELETE FROM {table} IN ({l})");
            let mut q = sqlx::query(&sql);
            for id in &undone {
                q = q.bind(id);
            }
            q.execute(&mut *tx).await?;
        }
    }
    let written: Vec<(usize, i64)> = ids
        .iter()
        .filter(|(i, _)| outcome[**i].is_none())
        .map(|(i, (id, _))| (*i, *id))
        .collect();
    // At most 64 bookings of 5 applicants of 13 columns: 4 160 parameters,
    // under SQLite's 32 766 and PostgreSQL's 65 535.
    let rows: Vec<_> = written
        .iter()
        .map(|(i, id)| (*id, batch[*i].req.applicants.as_slice()))
        .collect();
    db::bookings::insert_applicants(&mut tx, &rows).await?;
    take_places(&mut tx, batch, &written).await?;
    tx.commit().await?;
    Ok(outcome
        .into_iter()
        .enumerate()
        .map(|(i, o)| match o {
            Some(refused) => refused,
            None => {
                let (code, created_at) = ids[&i].1.clone();
                Ok(Written {
                    code,
                    created_at: Timestamp::from_second(created_at).unwrap_or(Timestamp::UNIX_EPOCH),
                    places_left: places_after[i],
                })
            }
        })
        .collect())
}

/// R-Q-2, R-Q-3, R-Q-7 against each account's own record, read with the
/// batch: who may be booked for, and not within a month of the account's
/// latest booking. A refusal here is not an attempt that could book, so it
/// is not counted.
async fn check_owners(
    tx: &mut Conn,
    batch: &[Pending],
    outcome: &mut [Option<Result<Written>>],
) -> Result<()> {
    let accounts: Vec<i64> = batch
        .iter()
        .map(|p| p.account_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let owners = db::accounts::owners(tx, &accounts).await?;
    for (i, p) in batch.iter().enumerate() {
        // Signed in a moment ago and gone since.
        let Some(owner) = owners.get(&p.account_id) else {
            outcome[i] = Some(Err(ServerError::Unauthorized));
            continue;
        };
        let people: Vec<ApplicantFacts<'_>> = p
            .req
            .applicants
            .iter()
            .map(|a| ApplicantFacts {
                nik: &a.nik,
                kk: &a.kk,
                relation: a.relation,
            })
            .collect();
        let checked = rules::check_applicants(&owner.nik, &owner.kk, &people)
            .and_then(|()| rules::check_one_month_rule(owner.latest, p.req.date));
        if let Err(e) = checked {
            outcome[i] = Some(Err(e.into()));
        }
    }
    Ok(())
}

/// The rate limit: each account's attempts in the window, the batch's own
/// included; an attempt over the limit is refused and not counted (as
/// [`crate::rate_limit::acquire`] does), the others are.
async fn count_attempts(
    tx: &mut Conn,
    batch: &[Pending],
    outcome: &mut [Option<Result<Written>>],
) -> Result<()> {
    let now = db::now();
    let buckets: Vec<String> = batch
        .iter()
        .map(|p| format!("book:{}", p.account_id))
        .collect();
    let window = batch.iter().map(|p| p.limit.1).max().unwrap_or_default();
    let distinct: Vec<&String> = buckets.iter().collect::<HashSet<_>>().into_iter().collect();
    let sql = format!(
        "SELECT bucket, COUNT(*) AS n, MIN(at) AS oldest FROM rate_events
         WHERE at > $1 AND bucket IN ({}) GROUP BY bucket",
        list(2, distinct.len())
    );
    let mut q = sqlx::query(&sql).bind(now - window.as_secs() as i64);
    for b in &distinct {
        q = q.bind(*b);
    }
    let mut seen: HashMap<String, (i64, i64)> = HashMap::new();
    for r in q.fetch_all(&mut *tx).await? {
        seen.insert(
            r.try_get("bucket")?,
            (r.try_get("n")?, r.try_get("oldest")?),
        );
    }
    let mut counted = Vec::new();
    for (i, p) in batch.iter().enumerate() {
        if outcome[i].is_some() {
            continue;
        }
        let (max, window) = p.limit;
        let (n, oldest) = seen.entry(buckets[i].clone()).or_insert((0, now));
        if *n >= i64::from(max) {
            let since = now - window.as_secs() as i64;
            outcome[i] = Some(Err(ServerError::RateLimited {
                retry_after: (*oldest - since).max(1) as u64,
            }));
        } else {
            *n += 1;
            counted.push(&buckets[i]);
        }
    }
    if !counted.is_empty() {
        let sql = format!(
            "INSERT INTO rate_events (bucket, at) VALUES {}",
            values(counted.len(), 2)
        );
        let mut q = sqlx::query(&sql);
        for b in counted {
            q = q.bind(b).bind(now);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Places left in each slot of the batch, read under the slots' row locks
/// on PostgreSQL (SQLite's transaction holds the one write lock already).
async fn places_left(
    tx: &mut Conn,
    backend: Backend,
    batch: &[Pending],
) -> Result<HashMap<i64, i64>> {
    let slots: Vec<i64> = batch
        .iter()
        .map(|p| p.req.slot_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let lock = if backend == Backend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    let sql = format!(
        "SELECT id, capacity - taken AS left FROM slots WHERE id IN ({}) ORDER BY id{lock}",
        list(1, slots.len())
    );
    let mut q = sqlx::query(&sql);
    for s in &slots {
        q = q.bind(s);
    }
    let mut left = HashMap::new();
    for r in q.fetch_all(&mut *tx).await? {
        left.insert(r.try_get("id")?, r.try_get::<i64, _>("left")?.max(0));
    }
    Ok(left)
}

/// The bookings still standing, in one statement: batch index → (id,
/// (code, created_at)). A key the account used already is a replay (or
/// a parallel request with it): refused here, answered by the caller with
/// the booking that key made.
async fn insert_bookings(
    tx: &mut Conn,
    batch: &[Pending],
    outcome: &mut [Option<Result<Written>>],
) -> Result<HashMap<usize, (i64, (String, i64))>> {
    let live: Vec<usize> = (0..batch.len()).filter(|i| outcome[*i].is_none()).collect();
    let mut ids = HashMap::new();
    if live.is_empty() {
        return Ok(ids);
    }
    let now = db::now();
    let codes: HashMap<String, usize> = live.iter().map(|&i| (new_code(), i)).collect();
    let sql = format!(
        "INSERT INTO bookings (code, account_id, slot_id, date, status, idempotency_key, request_hash, created_at)
         VALUES {} ON CONFLICT (account_id, idempotency_key) DO NOTHING RETURNING id, code",
        values(codes.len(), 8)
    );
    let mut q = sqlx::query(&sql);
    for (code, &i) in &codes {
        let p = &batch[i];
        q = q
            .bind(code)
            .bind(p.account_id)
            .bind(p.req.slot_id)
            .bind(p.req.date.to_string())
            .bind("active")
            .bind(p.key.as_ref().map(|(k, _)| k.as_str()))
            .bind(p.key.as_ref().map(|(_, h)| h.as_str()))
            .bind(now);
    }
    for r in q.fetch_all(&mut *tx).await? {
        let code: String = r.try_get("code")?;
        ids.insert(codes[&code], (r.try_get("id")?, (code, now)));
    }
    for &i in &live {
        if !ids.contains_key(&i) {
            outcome[i] = Some(Err(ServerError::Internal(anyhow::anyhow!(
                "Idempotency-Key already used by this account"
            ))));
        }
    }
    Ok(ids)
}

/// Crockford-style alphabet without 0/O, 1/I/L: read aloud or typed from
/// paper without mistakes.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// `XXXX-XXXX`, 8 characters of 31: about 40 random bits.
fn new_code() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    let chars: String = (0..8)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// Every applicant's NIK held by its booking (R-Q-8) in one upsert; a NIK
/// held by a live booking refuses its booking. A NIK the upsert found held
/// is tried once more alone with the booking's own office day and, for the
/// owner's own NIK, R-Q-9 (a hold made by another account without consent
/// is taken from it): one statement for each such rare case.
async fn hold_niks(
    tx: &mut Conn,
    batch: &[Pending],
    ids: &HashMap<usize, (i64, (String, i64))>,
    outcome: &mut [Option<Result<Written>>],
) -> Result<()> {
    let mut rows: Vec<(usize, i64, &paspor_domain::Nik)> = ids
        .iter()
        .flat_map(|(&i, (id, _))| {
            batch[i]
                .req
                .applicants
                .iter()
                .map(move |a| (i, *id, &a.nik))
        })
        .collect();
    // One order for every batch of every process: two batches holding the
    // same NIKs wait for each other in turn, never in a circle.
    rows.sort_by(|a, b| a.2.as_str().cmp(b.2.as_str()));
    if rows.is_empty() {
        return Ok(());
    }
    let today = batch.iter().map(|p| p.today).min().expect("a batch");
    let sql = format!(
        "INSERT INTO active_niks (nik, booking_id, date) VALUES {}
         ON CONFLICT (nik) DO UPDATE SET booking_id = excluded.booking_id, date = excluded.date
         WHERE active_niks.date < ${}
            OR active_niks.booking_id IN (SELECT id FROM bookings WHERE status = 'cancelled')
         RETURNING nik",
        values(rows.len(), 3),
        rows.len() * 3 + 1
    );
    let mut q = sqlx::query(&sql);
    for (i, id, nik) in &rows {
        q = q
            .bind(nik.as_str())
            .bind(id)
            .bind(batch[*i].req.date.to_string());
    }
    let held: HashSet<String> = q
        .bind(today.to_string())
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get("nik"))
        .collect::<Result<_, _>>()?;
    for (i, id, nik) in rows {
        if held.contains(nik.as_str()) || outcome[i].is_some() {
            continue;
        }
        let p = &batch[i];
        let own = p.req.applicants.first().is_some_and(|a| &a.nik == nik);
        let owner = own.then_some(p.account_id);
        let held = db::bookings::hold_nik(tx, nik, id, (p.req.date, p.today), owner).await;
        if let Err(ServerError::Rule(DomainError::NikAlreadyBooked { .. })) = held {
            outcome[i] = Some(Err(DomainError::NikAlreadyBooked {
                nik: nik.to_string(),
            }
            .into()));
        } else {
            held?;
        }
    }
    Ok(())
}

/// The places of the bookings written, one conditional update per slot.
async fn take_places(tx: &mut Conn, batch: &[Pending], written: &[(usize, i64)]) -> Result<()> {
    let mut per_slot: HashMap<i64, usize> = HashMap::new();
    for (i, _) in written {
        *per_slot.entry(batch[*i].req.slot_id).or_default() += batch[*i].req.applicants.len();
    }
    for (slot, n) in per_slot {
        if db::bookings::take_places(tx, slot, n).await?.is_none() {
            // The slot rows were read under the lock: this is our bug.
            return Err(ServerError::Internal(anyhow::anyhow!(
                "slot {slot} had fewer places than read"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_rows() {
        assert_eq!(values(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(list(3, 2), "$3, $4");
    }

    #[test]
    fn booking_codes_are_unambiguous() {
        for _ in 0..1000 {
            let c = new_code();
            assert_eq!(c.len(), 9);
            assert_eq!(&c[4..5], "-");
            assert!(
                c.bytes()
                    .filter(|b| *b != b'-')
                    .all(|b| CODE_ALPHABET.contains(&b))
            );
            assert!(!c.contains(['0', 'O', '1', 'I', 'L']));
        }
    }
}
