//! What a process remembers for a moment: the month calendars, sessions and
//! full slots it looked up a second ago. One bounded map with an expiry per
//! entry, so each of them only says what it keeps and for how long.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

pub struct Fresh<K, V> {
    entries: Mutex<HashMap<K, (Instant, V)>>,
    /// Past this many entries the expired ones go, and all if none had.
    max: usize,
}

impl<K: Eq + Hash, V: Clone> Fresh<K, V> {
    pub fn new(max: usize) -> Fresh<K, V> {
        Fresh {
            entries: Mutex::new(HashMap::new()),
            max,
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<K, (Instant, V)>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The value, while it has not expired.
    pub fn get<Q: Eq + Hash + ?Sized>(&self, k: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let entries = self.lock();
        let (until, v) = entries.get(k)?;
        (*until > Instant::now()).then(|| v.clone())
    }

    /// Keeps `v` until `until`.
    pub fn put(&self, k: K, v: V, until: Instant) {
        let now = Instant::now();
        let mut entries = self.lock();
        if entries.len() >= self.max {
            entries.retain(|_, (u, _)| *u > now);
            if entries.len() >= self.max {
                entries.clear();
            }
        }
        entries.insert(k, (until, v));
    }

    /// Forgets every entry `keep` says no to.
    pub fn retain(&self, mut keep: impl FnMut(&K, &V) -> bool) {
        self.lock().retain(|k, (_, v)| keep(k, v));
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn an_entry_lives_until_it_expires_and_the_map_stays_bounded() {
        let f = Fresh::new(3);
        let later = Instant::now() + Duration::from_secs(60);
        f.put(1, "a", later);
        f.put(2, "b", Instant::now());
        assert_eq!((f.get(&1), f.get(&2)), (Some("a"), None));
        f.put(3, "c", later);
        // Full: the expired entry goes, the live ones stay.
        f.put(4, "d", later);
        assert_eq!((f.len(), f.get(&1), f.get(&4)), (3, Some("a"), Some("d")));
        // Full of live entries: all go but the new one.
        f.put(5, "e", later);
        assert_eq!((f.len(), f.get(&1), f.get(&5)), (1, None, Some("e")));
        f.retain(|k, _| *k != 5);
        assert_eq!(f.get(&5), None);
    }
}
