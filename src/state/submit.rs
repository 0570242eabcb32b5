//! One way every screen sends something to the server and shows how it
//! went: busy while it runs (the button is disabled, so nothing is sent
//! twice), and a refusal kept as the client's typed error, turned into field
//! errors and a message in the language showing when it is drawn.
//!
//! When the server sheds load (429 or 503 with `Retry-After`: a release
//! stampede, the database failing over) the hook waits as told, with
//! backoff and jitter so a crowd does not come back in step, and sends the
//! same input again (a booking keeps its Idempotency-Key), saying so with a
//! countdown: never a silent spinner. After [`ATTEMPTS`] it gives up and
//! shows the refusal.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;

use dioxus::prelude::*;
use paspor_client::ClientError;

use crate::state::form::FieldErrors;
use crate::state::i18n::Msg;
use crate::state::session::explain;

#[derive(Debug, Clone, PartialEq)]
pub enum Sent<T> {
    Idle,
    Busy,
    /// The server shed attempt `attempt`; the next goes in `seconds`.
    Waiting {
        attempt: u32,
        seconds: u64,
    },
    Refused(ClientError),
    Done(T),
}

/// Tries in all before a shed request is shown as refused.
pub const ATTEMPTS: u32 = 5;

/// Retry-After beyond this is not waited for on screen (a rate limit of
/// many minutes): the refusal is shown, with its message, at once.
const LONGEST_WAIT: Duration = Duration::from_secs(60);

/// How long to wait after attempt `attempt` (1-based) was shed with
/// `hint`: the server's word, doubled per attempt from 1 s, the larger, plus
/// up to a second of jitter; `None` when not worth waiting for on screen.
pub fn backoff(hint: Option<Duration>, attempt: u32, jitter: Duration) -> Option<Duration> {
    let hint = hint.filter(|h| *h <= LONGEST_WAIT)?;
    if attempt >= ATTEMPTS {
        return None;
    }
    let doubling = Duration::from_secs(1 << (attempt - 1).min(5));
    Some(hint.max(doubling).min(LONGEST_WAIT) + jitter.min(Duration::from_secs(1)))
}

pub struct Submit<I: 'static, T: 'static> {
    state: Signal<Sent<T>>,
    run: Callback<I>,
}

impl<I, T> Clone for Submit<I, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<I, T> Copy for Submit<I, T> {}

/// `send` does the whole use case, the screen's reaction to success
/// (navigating, updating the session) included; its error is the refusal.
pub fn use_submit<I, T, F, Fut>(send: F) -> Submit<I, T>
where
    I: Clone + 'static,
    T: Clone + 'static,
    F: FnMut(I) -> Fut + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    let mut state = use_signal(|| Sent::Idle);
    // This render's `send` (it may capture this render's values), shared
    // with a retry that is already under way.
    let current: Rc<RefCell<Option<F>>> = use_hook(|| Rc::new(RefCell::new(None)));
    current.replace(Some(send));
    let run = use_callback(move |input: I| {
        if matches!(*state.peek(), Sent::Busy | Sent::Waiting { .. }) {
            return;
        }
        state.set(Sent::Busy);
        let send = current.clone();
        spawn(async move {
            let mut attempt = 1;
            let outcome = loop {
                // The borrow ends once the future is made, before it runs.
                let sending = match send.borrow_mut().as_mut() {
                    Some(send) => send(input.clone()),
                    None => return,
                };
                let e = match sending.await {
                    Ok(v) => break Sent::Done(v),
                    Err(e) => e,
                };
                let jitter = Duration::from_millis(rand_millis());
                let Some(wait) = backoff(e.wait_hint(), attempt, jitter) else {
                    break Sent::Refused(e);
                };
                // A countdown the user can read, one tick a second.
                let mut left = wait;
                while !left.is_zero() {
                    let seconds = left.as_secs_f64().ceil() as u64;
                    if state
                        .try_write()
                        .map(|mut s| *s = Sent::Waiting { attempt, seconds })
                        .is_err()
                    {
                        return; // the screen is gone
                    }
                    let tick = left.min(Duration::from_secs(1));
                    tokio::time::sleep(tick).await;
                    left -= tick;
                }
                attempt += 1;
                if state.try_write().map(|mut s| *s = Sent::Busy).is_err() {
                    return;
                }
            };
            // The screen may have gone (navigating away on success).
            if let Ok(mut s) = state.try_write() {
                *s = outcome;
            }
        });
    });
    Submit { state, run }
}

/// Up to a second, different for every phone of a crowd.
fn rand_millis() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::Instant::now()) % 1000
}

impl<I: 'static, T: Clone + 'static> Submit<I, T> {
    pub fn call(&self, input: I) {
        self.run.call(input);
    }

    pub fn busy(&self) -> bool {
        matches!(*self.state.read(), Sent::Busy | Sent::Waiting { .. })
    }

    /// While a shed request waits for its next attempt: what to tell the
    /// user, in the language of `t`.
    pub fn waiting(&self, t: impl Fn(Msg) -> &'static str) -> Option<String> {
        match *self.state.read() {
            Sent::Waiting { attempt, seconds } => Some(format!(
                "{} {} {seconds} {} ({} {}/{ATTEMPTS}).",
                t(Msg::ShedWaiting),
                t(Msg::ShedRetryIn),
                t(Msg::ShedSeconds),
                t(Msg::ShedAttempt),
                attempt + 1,
            )),
            _ => None,
        }
    }

    pub fn done(&self) -> Option<T> {
        match &*self.state.read() {
            Sent::Done(v) => Some(v.clone()),
            _ => None,
        }
    }

    pub fn refusal(&self) -> Option<ClientError> {
        match &*self.state.read() {
            Sent::Refused(e) => Some(e.clone()),
            _ => None,
        }
    }

    /// The refusal as the fields it names and one message for the rest;
    /// while a shed request waits to be sent again, that is the message, so
    /// every screen says it without code of its own.
    pub fn explained(&self, t: impl Fn(Msg) -> &'static str) -> (FieldErrors, Option<String>) {
        if let Some(waiting) = self.waiting(&t) {
            return (Vec::new(), Some(waiting));
        }
        self.refusal().map(|e| explain(&e, t)).unwrap_or_default()
    }

    /// Back to the start (e.g. the user edits after a success message).
    pub fn reset(&self) {
        let mut state = self.state;
        state.set(Sent::Idle);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_JITTER: Duration = Duration::ZERO;

    #[test]
    fn a_shed_request_waits_as_told_then_longer_each_time_then_gives_up() {
        let s = Duration::from_secs;
        // The server's word when it is the longer, doubling from 1 s otherwise.
        assert_eq!(backoff(Some(s(2)), 1, NO_JITTER), Some(s(2)));
        assert_eq!(backoff(Some(s(2)), 2, NO_JITTER), Some(s(2)));
        assert_eq!(backoff(Some(s(2)), 3, NO_JITTER), Some(s(4)));
        assert_eq!(backoff(Some(s(2)), 4, NO_JITTER), Some(s(8)));
        assert_eq!(backoff(Some(s(2)), ATTEMPTS, NO_JITTER), None);
        // Jitter spreads a crowd over at most a second more.
        assert_eq!(backoff(Some(s(2)), 1, s(5)), Some(s(3)));
    }

    #[test]
    fn refusals_without_a_hint_or_with_a_long_one_are_shown_at_once() {
        assert_eq!(backoff(None, 1, NO_JITTER), None);
        // A rate limit of fifteen minutes is not a spinner of fifteen minutes.
        assert_eq!(backoff(Some(Duration::from_secs(900)), 1, NO_JITTER), None);
    }
}
