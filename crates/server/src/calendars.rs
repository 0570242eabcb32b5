//! Month calendars as sent, kept for a moment in each server process.
//!
//! At a quota release every phone asks for the same few months of the same
//! few offices several times a second. The reply is the same for everyone
//! (it holds no account's data), so each process computes it at most once
//! per [`FRESH_FOR`] and per change it made itself: a booking or a cancel in
//! this process forgets the office's months at once; one made by another
//! process behind the same database shows here within [`FRESH_FOR`]. A
//! calendar is advice, never the quota: the booking's conditional update is
//! what decides, so a moment's staleness costs at most a refused attempt.
//!
//! Each reply carries an `ETag` (a hash of its bytes, the same in every
//! process of one build), so a phone polling with `If-None-Match` gets an
//! empty 304 while nothing changed.

use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use crate::fresh::Fresh;

/// How long a computed month is served as is, at most.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// Past this many months (offices × months asked for), expired ones are
/// dropped, and all if none had expired: a client asking for every month
/// of ten thousand years cannot grow it without bound.
const MAX_MONTHS: usize = 4096;

/// A computed month: its JSON and the version that names it.
#[derive(Clone)]
pub struct Month {
    pub body: Bytes,
    pub etag: String,
}

impl Month {
    pub fn new(body: Vec<u8>) -> Month {
        // SipHash with fixed keys: every process of one build names the same
        // bytes alike; a different build merely answers 200 once.
        let mut h = std::hash::DefaultHasher::new();
        body.hash(&mut h);
        Month {
            etag: format!("\"{:016x}\"", h.finish()),
            body: body.into(),
        }
    }

    /// Whether an `If-None-Match` value names this version (`*`, or a list
    /// of tags, weak ones compared as strong as RFC 9110 allows for GET).
    pub fn matches(&self, if_none_match: &str) -> bool {
        if_none_match.trim() == "*"
            || if_none_match
                .split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == self.etag)
    }
}

pub struct Calendars {
    months: Fresh<(i64, i16, i8), Month>,
}

impl Default for Calendars {
    fn default() -> Calendars {
        Calendars {
            months: Fresh::new(MAX_MONTHS),
        }
    }
}

impl Calendars {
    pub fn get(&self, office_id: i64, year: i16, month: i8) -> Option<Month> {
        self.months.get(&(office_id, year, month))
    }

    /// Keeps `m` until `until` (at most [`FRESH_FOR`] from now; sooner when
    /// a release falls in between, so a release shows on its second).
    pub fn put(&self, office_id: i64, year: i16, month: i8, until: Instant, m: Month) {
        let until = until.min(Instant::now() + FRESH_FOR);
        self.months.put((office_id, year, month), m, until);
    }

    /// The quota was changed behind the server's back (an operator, a test).
    pub fn clear(&self) {
        self.months.clear();
    }

    /// A booking or cancel changed the office's places.
    pub fn forget_office(&self, office_id: i64) {
        self.months.retain(|(o, _, _), _| *o != office_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_served_until_it_expires_or_its_office_changes() {
        let c = Calendars::default();
        let m = Month::new(b"{\"days\":[]}".to_vec());
        c.put(1, 2026, 12, Instant::now() + FRESH_FOR, m.clone());
        assert_eq!(c.get(1, 2026, 12).unwrap().etag, m.etag);
        assert!(c.get(1, 2027, 1).is_none() && c.get(2, 2026, 12).is_none());
        c.forget_office(1);
        assert!(c.get(1, 2026, 12).is_none());
        // A release one moment from now ends the month's freshness then.
        c.put(1, 2026, 12, Instant::now(), m);
        assert!(c.get(1, 2026, 12).is_none());
    }

    #[test]
    fn if_none_match_names_the_version_or_not() {
        let m = Month::new(b"a".to_vec());
        let other = Month::new(b"b".to_vec());
        assert_ne!(m.etag, other.etag);
        assert!(m.matches(&m.etag));
        assert!(m.matches(&format!("W/{}, \"x\"", m.etag)));
        assert!(m.matches("*"));
        assert!(!m.matches(&other.etag) && !m.matches(""));
    }

    #[test]
    fn asking_for_every_month_cannot_grow_it_without_bound() {
        let c = Calendars::default();
        let far = Instant::now() + FRESH_FOR;
        for y in 0..(MAX_MONTHS as i16 + 10) {
            c.put(1, y, 1, far, Month::new(vec![]));
        }
        assert!(c.months.len() <= MAX_MONTHS);
    }
}
