//! The seam for the population registry (Dukcapil). This service has no
//! access to it, so nothing here pretends to verify anyone: the default
//! [`NoRegistry`] answers [`Verdict::Unverifiable`] to every question, and
//! the server then goes on with what the citizen typed, as it always has.
//! A production deployment with a Dukcapil agreement fills the trait (over
//! its API) and sets it in [`crate::Config::registry`]; a `Refuted` answer
//! then refuses a registration whose NIK, name and birth date do not belong
//! together, and a family member who is not on the owner's family card.
//!
//! What stays unverifiable without it (docs/security.md): that the person
//! registering a NIK is its holder, and that a KK number typed for a family
//! member is theirs. Consent links (R-Q-9) and purging unactivated accounts
//! limit what a stranger can do with that; they do not prove identity.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use jiff::civil::Date;
use paspor_domain::{KkNumber, Nik, PersonName};

/// What the registry says about a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Confirmed,
    Refuted,
    /// No registry, or it could not answer: nothing is known either way.
    Unverifiable,
}

pub type Answer<'a> = Pin<Box<dyn Future<Output = Verdict> + Send + 'a>>;

pub trait PopulationRegistry: Send + Sync {
    /// Whether `nik` is a resident with this name and birth date.
    fn person<'a>(&'a self, nik: &'a Nik, name: &'a PersonName, birth_date: Date) -> Answer<'a>;
    /// Whether `nik` is on family card `kk`.
    fn on_family_card<'a>(&'a self, nik: &'a Nik, kk: &'a KkNumber) -> Answer<'a>;
}

/// No registry: every claim is unverifiable.
pub struct NoRegistry;

impl PopulationRegistry for NoRegistry {
    fn person<'a>(&'a self, _: &'a Nik, _: &'a PersonName, _: Date) -> Answer<'a> {
        Box::pin(std::future::ready(Verdict::Unverifiable))
    }

    fn on_family_card<'a>(&'a self, _: &'a Nik, _: &'a KkNumber) -> Answer<'a> {
        Box::pin(std::future::ready(Verdict::Unverifiable))
    }
}

/// The registry a server asks, shareable and printable in a config.
#[derive(Clone)]
pub struct Registry(pub Arc<dyn PopulationRegistry>);

impl Default for Registry {
    fn default() -> Registry {
        Registry(Arc::new(NoRegistry))
    }
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Registry(..)")
    }
}

impl std::ops::Deref for Registry {
    type Target = dyn PopulationRegistry;

    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}
