//! Who is signed in, and the client that talks for them.

use dioxus::prelude::*;
use paspor_client::{Client, ClientError};
use paspor_domain::api::Me;
use paspor_domain::{ErrorCode, FieldId, FieldPath, Step};

use crate::platform::secrets::SecretStore;
use crate::state::form::FieldErrors;
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
    /// What the account left on this device goes too: its booking draft
    /// holds the family's NIKs.
    pub async fn sign_out(mut self) {
        let c = self.client.peek().clone();
        let _ = c.logout().await;
        if let Some(me) = self.me() {
            crate::platform::files::forget_account(me.username.as_str());
        }
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
                .filter_map(|(f, c)| Some((form_field(f)?, msg_for_code(c))))
                .collect();
            let message = fields.is_empty().then(|| t(msg_for_code(code)).to_owned());
            (fields, message)
        }
        ClientError::Unreachable(_) | ClientError::Timeout => {
            (vec![], Some(t(Msg::ErrOffline).to_owned()))
        }
        _ => (vec![], Some(t(Msg::ErrUnexpected).to_owned())),
    }
}

/// The form field a refused field is shown under; `None` for fields no form
/// has, whose refusal then shows as the message.
fn form_field(path: &FieldPath) -> Option<&'static str> {
    use FieldId::*;
    match (path.parents.as_slice(), &path.leaf) {
        ([], Step { field, index: None }) => match field {
            FullName | Nik | Kk | BirthPlace | BirthDate | Sex | Email | Username | Phone
            | Password | NewPassword | CurrentPassword | Code | Login | Country | City
            | Address | StayFrom | StayUntil => field.known(),
            _ => None,
        },
        // Lapor diri's passport part, under the names of its own form.
        (
            [
                Step {
                    field: Passport,
                    index: None,
                },
            ],
            Step { field, index: None },
        ) => match field {
            Number | GivenNames | Nationality | BirthDate | Sex => field.known(),
            ExpiryDate => Some("expiry"),
            _ => None,
        },
        _ => None,
    }
}

/// What each code the server can send means to the user. Exhaustive: a new
/// code does not compile until it has its text.
pub fn msg_for_code(code: &ErrorCode) -> Msg {
    use ErrorCode::*;
    match code {
        Validation => Msg::ErrValidation,
        BadBody | Internal | Unknown(_) => Msg::ErrUnexpected,
        EmailTaken => Msg::ErrEmailTaken,
        UsernameTaken => Msg::ErrUsernameTaken,
        NikTaken => Msg::ErrNikTaken,
        DeviceAlreadyRegistered => Msg::ErrDeviceRegistered,
        InvalidCredentials => Msg::ErrCredentials,
        AccountInactive => Msg::ErrInactive,
        Unauthorized => Msg::ErrSessionExpired,
        WrongPassword => Msg::ErrWrongPassword,
        InvalidToken => Msg::ErrCode,
        RateLimited => Msg::ErrRateLimited,
        Busy | Unavailable => Msg::ErrBusy,
        MethodNotAllowed | BodyTooLarge | BadRequest => Msg::ErrUnexpected,
        IdempotencyMismatch => Msg::ErrIdempotencyMismatch,
        NotFound => Msg::ErrNotFound,
        NoOnlineQuota => Msg::ErrNoOnlineQuota,
        SlotFull => Msg::ErrSlotFull,
        BadPhoto => Msg::ErrPhoto,
        AlreadyCancelled => Msg::ErrAlreadyCancelled,
        ApplicantCount => Msg::ErrApplicantCount,
        FirstApplicantNotOwner => Msg::ErrFirstApplicant,
        NotSameFamilyCard => Msg::ErrNotSameKk,
        RelationMissing => Msg::ErrRelationMissing,
        OwnerHasRelation => Msg::ErrOwnerRelation,
        DuplicateApplicant => Msg::ErrDuplicateApplicant,
        NikAlreadyBooked => Msg::ErrNikBooked,
        ConsentRequired => Msg::ErrConsentRequired,
        NotInRegistry => Msg::ErrNik,
        TooSoonAfterPreviousBooking => Msg::ErrTooSoon,
        DayNotBookable => Msg::ErrDayNotBookable,
        CancelDeadlinePassed => Msg::ErrCancelDeadline,
        SlotNotOnDate => Msg::ErrSlotNotOnDate,
        Required => Msg::Required,
        Invalid | UnknownValue => Msg::ErrInvalid,
        TooLong => Msg::ErrTooLong,
        DateInvalid | MonthInvalid | DateOutOfRange => Msg::ErrDate,
        NikFormat | NikProvince | NikRegion | NikBirthDate | NikSerial => Msg::ErrNik,
        KkFormat | KkProvince => Msg::ErrKk,
        EmailInvalid => Msg::ErrEmail,
        UsernameInvalid => Msg::ErrUsername,
        PasswordTooShort | PasswordBlank => Msg::ErrPasswordShort,
        PasswordTooLong => Msg::ErrPasswordLong,
        PhoneInvalid => Msg::ErrPhone,
        NameInvalid => Msg::ErrName,
        PassportNumberInvalid => Msg::ErrPassportNumber,
        NationalityInvalid => Msg::ErrNationality,
        ActivationCodeInvalid => Msg::ErrCodeFormat,
        BeforeStayFrom => Msg::ErrStayOrder,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::state::i18n::Lang;

    #[test]
    fn every_code_the_server_can_send_has_its_own_text_in_both_languages() {
        let unknown = ErrorCode::Unknown("from_a_newer_server".into());
        for code in ErrorCode::ALL.iter().chain([&unknown]) {
            let m = msg_for_code(code);
            for lang in [Lang::Id, Lang::En] {
                assert!(!m.text(lang).trim().is_empty(), "{code} in {lang:?}");
            }
            // Only what the user can do nothing about (the app's own bugs,
            // the server's) gets the generic text.
            let generic = matches!(
                code,
                ErrorCode::BadBody
                    | ErrorCode::BadRequest
                    | ErrorCode::MethodNotAllowed
                    | ErrorCode::BodyTooLarge
                    | ErrorCode::Internal
                    | ErrorCode::Unknown(_)
            );
            assert_eq!(m == Msg::ErrUnexpected, generic, "{code}");
        }
    }

    fn refusal(code: ErrorCode, fields: &[(&str, ErrorCode)]) -> ClientError {
        ClientError::Api {
            status: 422,
            code,
            message: String::new(),
            fields: fields
                .iter()
                .map(|(f, c)| (f.parse().unwrap(), c.clone()))
                .collect::<BTreeMap<_, _>>(),
            retry_after: None,
        }
    }

    #[test]
    fn the_passport_part_of_a_lapor_diri_refusal_reaches_its_form_fields() {
        let e = refusal(
            ErrorCode::Validation,
            &[
                ("passport.number", ErrorCode::PassportNumberInvalid),
                ("passport.expiry_date", ErrorCode::DateInvalid),
                ("passport.nationality", ErrorCode::NationalityInvalid),
            ],
        );
        let (fields, message) = explain(&e, |m| m.text(Lang::En));
        assert_eq!(
            fields,
            [
                ("expiry", Msg::ErrDate),
                ("nationality", Msg::ErrNationality),
                ("number", Msg::ErrPassportNumber),
            ]
        );
        assert_eq!(message, None, "the fields say it");
    }

    #[test]
    fn a_refusal_no_form_can_show_becomes_the_message() {
        let e = refusal(
            ErrorCode::Validation,
            &[("applicants[1].nik", ErrorCode::NikBirthDate)],
        );
        let (fields, message) = explain(&e, |m| m.text(Lang::En));
        assert!(fields.is_empty());
        assert_eq!(message.as_deref(), Some(Msg::ErrValidation.text(Lang::En)));
        let (_, message) = explain(&refusal(ErrorCode::AlreadyCancelled, &[]), |m| {
            m.text(Lang::Id)
        });
        assert_eq!(
            message.as_deref(),
            Some(Msg::ErrAlreadyCancelled.text(Lang::Id))
        );
    }
}
