//! One way every screen sends something to the server and shows how it
//! went: busy while it runs (the button is disabled, so nothing is sent
//! twice), and a refusal kept as the client's typed error, turned into field
//! errors and a message in the language showing when it is drawn.

use std::future::Future;

use dioxus::prelude::*;
use paspor_client::ClientError;

use crate::state::form::FieldErrors;
use crate::state::i18n::Msg;
use crate::state::session::explain;

#[derive(Debug, Clone, PartialEq)]
pub enum Sent<T> {
    Idle,
    Busy,
    Refused(ClientError),
    Done(T),
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
pub fn use_submit<I, T, F, Fut>(mut send: F) -> Submit<I, T>
where
    I: 'static,
    T: Clone + 'static,
    F: FnMut(I) -> Fut + 'static,
    Fut: Future<Output = Result<T, ClientError>> + 'static,
{
    let mut state = use_signal(|| Sent::Idle);
    let run = use_callback(move |input: I| {
        if matches!(*state.peek(), Sent::Busy) {
            return;
        }
        state.set(Sent::Busy);
        let sending = send(input);
        spawn(async move {
            let outcome = match sending.await {
                Ok(v) => Sent::Done(v),
                Err(e) => Sent::Refused(e),
            };
            // The screen may have gone (navigating away on success).
            if let Ok(mut s) = state.try_write() {
                *s = outcome;
            }
        });
    });
    Submit { state, run }
}

impl<I: 'static, T: Clone + 'static> Submit<I, T> {
    pub fn call(&self, input: I) {
        self.run.call(input);
    }

    pub fn busy(&self) -> bool {
        matches!(*self.state.read(), Sent::Busy)
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

    /// The refusal as the fields it names and one message for the rest.
    pub fn explained(&self, t: impl Fn(Msg) -> &'static str) -> (FieldErrors, Option<String>) {
        self.refusal().map(|e| explain(&e, t)).unwrap_or_default()
    }

    /// Back to the start (e.g. the user edits after a success message).
    pub fn reset(&self) {
        let mut state = self.state;
        state.set(Sent::Idle);
    }
}
