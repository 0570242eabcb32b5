//! Passwords, tokens and sessions.
//!
//! Passwords are argon2id hashes, computed off the async threads. Unknown
//! logins are checked against a dummy hash so they take as long as known ones
//! (no enumeration by timing). Session tokens, activation codes and reset
//! links are random, single-use where they should be, expiring, and stored
//! only as SHA-256 hashes: a database leak yields no usable token.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use argon2::{Algorithm, Argon2, Params, Version};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use base64::Engine;
use paspor_domain::ActivationCode;
use rand::RngCore;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::AppState;
use crate::config::Argon2Params;
use crate::db;
use crate::error::ServerError;
use crate::fresh::Fresh;

fn argon2(p: Argon2Params) -> Argon2<'static> {
    let params =
        Params::new(p.memory_kib, p.iterations, 1, None).expect("argon2 parameters in range");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Runs argon2 for the whole server, at most `permits` at a time: each run
/// holds `memory_kib` of memory, so the permits bound the memory that
/// password checks can take, however many requests arrive. A request that
/// waits longer than `wait` for a permit is refused with 503 and
/// `Retry-After` ([`ServerError::Busy`]) instead of queueing without end.
#[derive(Clone)]
pub struct Hasher {
    params: Argon2Params,
    permits: Arc<Semaphore>,
    wait: Duration,
    peak: Arc<AtomicUsize>,
    running: Arc<AtomicUsize>,
}

impl Hasher {
    pub fn new(params: Argon2Params, permits: usize, wait: Duration) -> Hasher {
        Hasher {
            params,
            permits: Arc::new(Semaphore::new(permits.max(1))),
            wait,
            peak: Arc::new(AtomicUsize::new(0)),
            running: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The most argon2 runs that were ever in progress at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(Argon2<'static>) -> T + Send + 'static,
    ) -> Result<T, ServerError> {
        let permit = tokio::time::timeout(self.wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| ServerError::Busy { retry_after: 1 })?
            .map_err(|e| ServerError::Internal(e.into()))?;
        let (running, peak, params) = (self.running.clone(), self.peak.clone(), self.params);
        tokio::task::spawn_blocking(move || {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            let out = work(argon2(params));
            running.fetch_sub(1, Ordering::SeqCst);
            drop(permit);
            out
        })
        .await
        .map_err(|e| ServerError::Internal(e.into()))
    }

    pub async fn hash(&self, password: String) -> Result<String, ServerError> {
        self.run(move |a| {
            let salt = SaltString::encode_b64(&random_bytes::<16>()).expect("16-byte salt");
            a.hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
        })
        .await?
        .map_err(|e| ServerError::Internal(anyhow::anyhow!("argon2: {e}")))
    }

    /// Checks `password` against `hash`, or against a dummy hash when there
    /// is no account, so both cases cost the same.
    pub async fn verify(
        &self,
        password: String,
        hash: Option<String>,
    ) -> Result<bool, ServerError> {
        static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let known = hash.is_some();
        let hash = match hash {
            Some(h) => h,
            None => match DUMMY.get() {
                Some(d) => d.clone(),
                None => {
                    let d = self.hash("dummy password for timing".into()).await?;
                    DUMMY.get_or_init(|| d).clone()
                }
            },
        };
        let ok = self
            .run(move |a| {
                PasswordHash::new(&hash)
                    .is_ok_and(|parsed| a.verify_password(password.as_bytes(), &parsed).is_ok())
            })
            .await?;
        Ok(known && ok)
    }
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    rand::rng().fill_bytes(&mut b);
    b
}

/// 256 random bits, URL-safe.
pub fn new_token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// Six digits, uniformly drawn, for typing from an e-mail.
pub fn new_code() -> ActivationCode {
    ActivationCode::from_number(u32::from_le_bytes(random_bytes::<4>()) % 1_000_000)
}

pub fn sha256(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// Codes are few, so each is hashed with its account: the same six digits
/// of another account's mail match nothing.
pub fn code_hash(account_id: i64, code: &ActivationCode) -> String {
    sha256(&format!("{account_id}:{code}"))
}

/// How long a process believes a session it looked up, at most. Every
/// request of the app is signed in, so at a release this lookup is most of
/// a calendar poll's cost. A logout or password change forgets the
/// account's sessions at once in the process that served it; another
/// process behind the same database lets a revoked token pass for at most
/// this long.
pub const SESSION_TRUST: Duration = Duration::from_secs(5);

/// Sessions looked up a moment ago, by token hash: (session, account).
pub struct Sessions {
    known: Fresh<String, (i64, i64)>,
}

impl Default for Sessions {
    fn default() -> Sessions {
        Sessions {
            known: Fresh::new(100_000),
        }
    }
}

impl Sessions {
    fn get(&self, token_hash: &str) -> Option<(i64, i64)> {
        self.known.get(token_hash)
    }

    /// Believed for [`SESSION_TRUST`], never past the session's expiry.
    fn put(&self, token_hash: String, ids: (i64, i64), expires_at: i64) {
        let left = (expires_at - db::now()).max(0) as u64;
        let until = std::time::Instant::now() + SESSION_TRUST.min(Duration::from_secs(left));
        self.known.put(token_hash, ids, until);
    }

    /// A logout: this session is no longer believed here.
    pub fn forget_session(&self, session: i64) {
        self.known.retain(|_, (s, _)| *s != session);
    }

    /// A password changed or reset: none of the account's sessions is.
    pub fn forget_account(&self, account: i64) {
        self.known.retain(|_, (_, a)| *a != account);
    }
}

/// The signed-in account, from `Authorization: Bearer <token>`.
pub struct Account {
    pub id: i64,
    pub session_id: i64,
}

impl FromRequestParts<AppState> for Account {
    type Rejection = ServerError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(ServerError::Unauthorized)?;
        let token_hash = sha256(token);
        if let Some((session_id, id)) = state.sessions.get(&token_hash) {
            return Ok(Account { id, session_id });
        }
        let mut conn = state.db.conn().await?;
        let (session_id, id, expires_at) = db::accounts::session(&mut conn, &token_hash)
            .await?
            .ok_or(ServerError::Unauthorized)?;
        state.sessions.put(token_hash, (session_id, id), expires_at);
        Ok(Account { id, session_id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_believed_for_a_moment_and_forgotten_when_revoked_here() {
        let s = Sessions::default();
        let far = db::now() + 3600;
        s.put("a".into(), (1, 10), far);
        s.put("b".into(), (2, 10), far);
        s.put("c".into(), (3, 11), far);
        assert_eq!(s.get("a"), Some((1, 10)));
        s.forget_session(1);
        assert_eq!(s.get("a"), None);
        s.forget_account(10);
        assert_eq!((s.get("b"), s.get("c")), (None, Some((3, 11))));
        // A session about to expire is not believed past its expiry.
        s.put("d".into(), (4, 12), db::now());
        assert_eq!(s.get("d"), None);
    }

    const CHEAP: Argon2Params = Argon2Params {
        memory_kib: 256,
        iterations: 1,
    };

    #[tokio::test]
    async fn hashes_are_argon2id_salted_and_verify() {
        let h = Hasher::new(CHEAP, 2, Duration::from_secs(5));
        let a = h.hash("rahasia123".into()).await.unwrap();
        let b = h.hash("rahasia123".into()).await.unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "salted");
        assert!(
            h.verify("rahasia123".into(), Some(a.clone()))
                .await
                .unwrap()
        );
        assert!(!h.verify("rahasia124".into(), Some(a)).await.unwrap());
        assert!(!h.verify("rahasia123".into(), None).await.unwrap());
    }

    #[tokio::test]
    async fn a_full_hasher_refuses_instead_of_queueing() {
        let slow = Argon2Params {
            memory_kib: 8 * 1024,
            iterations: 8,
        };
        let h = Hasher::new(slow, 1, Duration::from_millis(1));
        let runs: Vec<_> = (0..4)
            .map(|_| {
                let h = h.clone();
                tokio::spawn(async move { h.hash("rahasia123".into()).await })
            })
            .collect();
        let mut busy = 0;
        for r in runs {
            if let Err(ServerError::Busy { .. }) = r.await.unwrap() {
                busy += 1;
            }
        }
        assert!(busy >= 1, "one permit, four runs at once");
        assert_eq!(h.peak(), 1);
    }

    #[test]
    fn tokens_and_codes_look_right() {
        assert_eq!(new_token().len(), 43);
        assert_ne!(new_token(), new_token());
        let c = new_code();
        assert_eq!(c.as_str().len(), 6);
        assert!(c.as_str().bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(sha256("abc").len(), 64);
    }
}
