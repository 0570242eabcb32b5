//! Who is signed in, and the client that talks for them.

use dioxus::prelude::*;
use paspor_client::{Client, ClientError};
use paspor_domain::api::Me;

use crate::platform::secrets::SecretStore;
use crate::state::forms::FieldErrors;
use crate::state::i18n::Msg;

/// Set once at start: how to reach the backend and where the token lives.
#[derive(Clone)]
pub struct Backend {
    pub client: Client,
    pub secrets: SecretStore,
}

#[derive(Clone, PartialEq)]
pub enum Session {
    /// Checking a stored token with the server.
    Restoring,
    SignedOut,
    SignedIn {
        me: Me,
    },
}

#[derive(Clone, Copy)]
pub struct SessionCtx {
    pub session: Signal<Session>,
    /// The client without a token, to go back to on sign-out.
    base: Signal<Client>,
    pub client: Signal<Client>,
    pub secrets: Signal<SecretStore>,
}

pub fn provide_session(backend: Backend) -> SessionCtx {
    let Backend { client, secrets } = backend;
    let stored = secrets.load();
    let ctx = use_context_provider(|| SessionCtx {
        session: Signal::new(if stored.is_some() {
            Session::Restoring
        } else {
            Session::SignedOut
        }),
        client: Signal::new(match &stored {
            Some(t) => client.with_token(t),
            None => client.clone(),
        }),
        base: Signal::new(client),
        secrets: Signal::new(secrets),
    });
    // A stored token is only as good as the server says: ask once at start.
    use_hook(move || {
        if stored.is_some() {
            spawn(async move {
                let mut ctx = ctx;
                let c = ctx.client.peek().clone();
                match c.me().await {
                    Ok(me) => ctx.session.set(Session::SignedIn { me }),
                    Err(ClientError::Api { status: 401, .. }) => ctx.sign_out_locally(),
                    // Offline: stay signed out in the UI but keep the token.
                    Err(_) => ctx.session.set(Session::SignedOut),
                }
            });
        }
    });
    ctx
}

impl SessionCtx {
    /// A store that refuses the token does not stop the login: the session
    /// then lasts as long as the app runs (R-AUTH-1 forbids a plain file).
    pub fn sign_in(&mut self, token: &str, me: Me) {
        let saved = self.secrets.peek().save(token);
        if let Err(reason) = saved {
            eprintln!("paspor: the secret store refused the session token: {reason}");
            self.secrets.set(SecretStore::SessionOnly { reason });
        }
        let c = self.client.peek().with_token(token);
        self.client.set(c);
        self.session.set(Session::SignedIn { me });
    }

    pub fn update_me(&mut self, me: Me) {
        self.session.set(Session::SignedIn { me });
    }

    fn sign_out_locally(&mut self) {
        self.secrets.peek().clear();
        let base = self.base.peek().clone();
        self.client.set(base);
        self.session.set(Session::SignedOut);
    }

    /// Revokes the token on the server (R-AUTH-1), then forgets it here even
    /// if the server could not be reached: the user asked to leave.
    pub async fn sign_out(mut self) {
        let c = self.client.peek().clone();
        let _ = c.logout().await;
        self.sign_out_locally();
    }

    pub fn me(&self) -> Option<Me> {
        match &*self.session.read() {
            Session::SignedIn { me } => Some(me.clone()),
            _ => None,
        }
    }
}

pub fn use_session() -> SessionCtx {
    use_context::<SessionCtx>()
}

/// The client to call the backend with (carrying the token when signed in).
pub fn use_api() -> impl Fn() -> Client + Copy {
    let ctx = use_session();
    move || ctx.client.peek().clone()
}

/// Turns a failed call into field errors and/or one message for the user.
pub fn explain(e: &ClientError, t: impl Fn(Msg) -> &'static str) -> (FieldErrors, Option<String>) {
    match e {
        ClientError::Api { code, fields, .. } => {
            let fields: FieldErrors = fields
                .iter()
                .filter_map(|(f, c)| Some((static_field(f)?, msg_for_code(c))))
                .collect();
            let message = if fields.is_empty() {
                Some(t(msg_for_code(code)).to_owned())
            } else {
                None
            };
            (fields, message)
        }
        ClientError::Unreachable(_) | ClientError::Timeout => {
            (vec![], Some(t(Msg::ErrOffline).to_owned()))
        }
        _ => (vec![], Some(t(Msg::ErrUnexpected).to_owned())),
    }
}

/// Field names the forms know; anything else stays out of the field list.
fn static_field(f: &str) -> Option<&'static str> {
    const FIELDS: &[&str] = &[
        "full_name",
        "nik",
        "kk",
        "birth_place",
        "birth_date",
        "sex",
        "email",
        "username",
        "phone",
        "password",
        "new_password",
        "current_password",
        "code",
        "login",
        "country",
        "city",
        "address",
        "stay_from",
        "stay_until",
    ];
    FIELDS.iter().copied().find(|x| *x == f)
}

/// The server's stable codes, in the user's language.
pub fn msg_for_code(code: &str) -> Msg {
    match code {
        "required" => Msg::Required,
        "nik_format" | "nik_province" | "nik_region" | "nik_birth_date" | "nik_serial" => {
            Msg::ErrNik
        }
        "kk_format" | "kk_province" => Msg::ErrKk,
        "email_invalid" => Msg::ErrEmail,
        "username_invalid" => Msg::ErrUsername,
        "password_too_short" | "password_too_long" | "password_blank" => Msg::ErrPasswordShort,
        "phone_invalid" => Msg::ErrPhone,
        "name_invalid" => Msg::ErrName,
        "email_taken" => Msg::ErrEmailTaken,
        "username_taken" => Msg::ErrUsernameTaken,
        "nik_taken" => Msg::ErrNikTaken,
        "device_already_registered" => Msg::ErrDeviceRegistered,
        "invalid_credentials" => Msg::ErrCredentials,
        "account_inactive" => Msg::ErrInactive,
        "rate_limited" => Msg::ErrRateLimited,
        "invalid_code" | "invalid_token" | "token_expired" => Msg::ErrCode,
        "wrong_password" => Msg::ErrWrongPassword,
        "slot_full" | "quota_exhausted" => Msg::ErrSlotFull,
        "day_not_bookable" => Msg::ErrDayNotBookable,
        "nik_already_booked" => Msg::ErrNikBooked,
        "too_soon_after_previous_booking" => Msg::ErrTooSoon,
        "cancel_deadline_passed" => Msg::ErrCancelDeadline,
        "not_same_family_card" => Msg::ErrNotSameKk,
        "unauthorized" => Msg::ErrSessionExpired,
        _ => Msg::ErrUnexpected,
    }
}
