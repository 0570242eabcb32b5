//! The booking rules, as pure functions over explicit dates, zones and facts,
//! so the server enforces and the app previews exactly the same thing.

use jiff::{Timestamp, ToSpan, civil::Date};

use crate::{DomainError, KkNumber, Nik, OfficeTimeZone, Relation};

/// R-Q-2: one booking holds 1 to 5 applicants.
pub const MAX_APPLICANTS: usize = 5;

/// R-S-1: cancelling is possible until this many days before the appointment.
pub const CANCEL_DAYS_BEFORE: i32 = 2;

/// What the rules need to know about one applicant of a booking.
#[derive(Debug, Clone, Copy)]
pub struct ApplicantFacts<'a> {
    pub nik: &'a Nik,
    pub kk: &'a KkNumber,
    /// `None` for the owner, who is the first applicant.
    pub relation: Option<Relation>,
}

/// R-Q-2 and R-Q-7: 1..=5 applicants, the owner first and without a relation,
/// every other one on the owner's family card with a relation, nobody twice.
/// Indexes in errors count from 0, the position in the request's list.
pub fn check_applicants(
    owner_nik: &Nik,
    owner_kk: &KkNumber,
    applicants: &[ApplicantFacts<'_>],
) -> Result<(), DomainError> {
    let count = applicants.len();
    if !(1..=MAX_APPLICANTS).contains(&count) {
        return Err(DomainError::ApplicantCount { count });
    }
    let first = &applicants[0];
    if first.nik != owner_nik {
        return Err(DomainError::FirstApplicantNotOwner);
    }
    if first.relation.is_some() {
        return Err(DomainError::OwnerHasRelation);
    }
    for (index, a) in applicants.iter().enumerate().skip(1) {
        if applicants[..index].iter().any(|b| b.nik == a.nik) {
            return Err(DomainError::DuplicateApplicant { index });
        }
        if a.kk != owner_kk {
            return Err(DomainError::NotSameFamilyCard { index });
        }
        if a.relation.is_none() {
            return Err(DomainError::RelationMissing { index });
        }
    }
    Ok(())
}

/// R-Q-3: the first date the account may book after a booking scheduled on
/// `previous`: the same day one month later (31 January gives the last day of
/// February).
pub fn next_booking_allowed_from(previous: Date) -> Date {
    previous.saturating_add(1.month())
}

/// R-Q-3 over the account's most recent non-cancelled booking date, if any.
pub fn check_one_month_rule(previous: Option<Date>, requested: Date) -> Result<(), DomainError> {
    match previous.map(next_booking_allowed_from) {
        Some(allowed_from) if requested < allowed_from => {
            Err(DomainError::TooSoonAfterPreviousBooking { allowed_from })
        }
        _ => Ok(()),
    }
}

/// Whether a booking still holds its applicants (R-Q-8): not cancelled and its
/// day has not passed at the office.
pub fn is_active(cancelled: bool, date: Date, office_today: Date) -> bool {
    !cancelled && date >= office_today
}

/// R-Q-8: no applicant may already hold an active booking. `has_active` asks
/// the caller's store.
pub fn check_no_active_booking<'a>(
    applicants: impl IntoIterator<Item = &'a Nik>,
    mut has_active: impl FnMut(&Nik) -> bool,
) -> Result<(), DomainError> {
    match applicants.into_iter().find(|nik| has_active(nik)) {
        Some(nik) => Err(DomainError::NikAlreadyBooked {
            nik: nik.to_string(),
        }),
        None => Ok(()),
    }
}

/// R-S-1: the first instant at which a booking on `date` can no longer be
/// cancelled: midnight at the office, two days before. A Friday booking can be
/// cancelled until Tuesday 23:59:59 office time.
pub fn cancel_deadline(date: Date, tz: OfficeTimeZone) -> Result<Timestamp, DomainError> {
    date.checked_sub(CANCEL_DAYS_BEFORE.days())
        .and_then(|d| d.to_zoned_datetime(tz.time_zone()))
        .map(|z| z.timestamp())
        .map_err(|_| DomainError::DateOutOfRange)
}

/// Whether the cancel button shows and the server accepts a cancel (R-S-1).
pub fn can_cancel(date: Date, tz: OfficeTimeZone, now: Timestamp) -> bool {
    cancel_deadline(date, tz).is_ok_and(|deadline| now < deadline)
}

pub fn check_cancel(date: Date, tz: OfficeTimeZone, now: Timestamp) -> Result<(), DomainError> {
    if can_cancel(date, tz, now) {
        Ok(())
    } else {
        Err(DomainError::CancelDeadlinePassed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn nik(s: &str) -> Nik {
        Nik::parse(s).unwrap()
    }
    fn kk(s: &str) -> KkNumber {
        KkNumber::parse(s).unwrap()
    }

    struct Family {
        owner: Nik,
        kk: KkNumber,
        members: Vec<Nik>,
    }

    fn family() -> Family {
        Family {
            owner: nik("3174011505900001"),
            kk: kk("3174010101090001"),
            members: [
                "3174015505920002",
                "3174010101150003",
                "3174014202180004",
                "3174010303200005",
                "3174010404220006",
            ]
            .into_iter()
            .map(nik)
            .collect(),
        }
    }

    fn with_members(f: &Family, n: usize) -> Vec<ApplicantFacts<'_>> {
        let mut v = vec![ApplicantFacts {
            nik: &f.owner,
            kk: &f.kk,
            relation: None,
        }];
        v.extend(f.members.iter().take(n).map(|m| ApplicantFacts {
            nik: m,
            kk: &f.kk,
            relation: Some(Relation::Child),
        }));
        v
    }

    #[test]
    fn one_to_five_applicants() {
        let f = family();
        for n in 0..=4 {
            assert_eq!(
                check_applicants(&f.owner, &f.kk, &with_members(&f, n)),
                Ok(()),
                "{n}"
            );
        }
        assert_eq!(
            check_applicants(&f.owner, &f.kk, &[]),
            Err(DomainError::ApplicantCount { count: 0 })
        );
        assert_eq!(
            check_applicants(&f.owner, &f.kk, &with_members(&f, 5)),
            Err(DomainError::ApplicantCount { count: 6 })
        );
    }

    #[test]
    fn every_relation_is_accepted_for_family_members() {
        let f = family();
        for r in Relation::ALL {
            let mut v = with_members(&f, 1);
            v[1].relation = Some(*r);
            assert_eq!(check_applicants(&f.owner, &f.kk, &v), Ok(()), "{r}");
        }
    }

    #[test]
    fn owner_first_without_relation() {
        let f = family();
        let mut v = with_members(&f, 1);
        v.swap(0, 1);
        v[0].relation = None;
        v[1].relation = Some(Relation::Father);
        assert_eq!(
            check_applicants(&f.owner, &f.kk, &v),
            Err(DomainError::FirstApplicantNotOwner)
        );
        let mut v = with_members(&f, 0);
        v[0].relation = Some(Relation::Child);
        assert_eq!(
            check_applicants(&f.owner, &f.kk, &v),
            Err(DomainError::OwnerHasRelation)
        );
    }

    #[test]
    fn others_share_the_family_card_and_have_a_relation() {
        let f = family();
        let other_kk = kk("3273010101090009");
        let mut v = with_members(&f, 2);
        v[2].kk = &other_kk;
        assert_eq!(
            check_applicants(&f.owner, &f.kk, &v),
            Err(DomainError::NotSameFamilyCard { index: 2 })
        );
        let mut v = with_members(&f, 2);
        v[1].relation = None;
        assert_eq!(
            check_applicants(&f.owner, &f.kk, &v),
            Err(DomainError::RelationMissing { index: 1 })
        );
        let mut v = with_members(&f, 2);
        v[2].nik = v[1].nik;
        assert_eq!(
            check_applicants(&f.owner, &f.kk, &v),
            Err(DomainError::DuplicateApplicant { index: 2 })
        );
        let mut v = with_members(&f, 1);
        v[1].nik = &f.owner;
        assert_eq!(
            check_applicants(&f.owner, &f.kk, &v),
            Err(DomainError::DuplicateApplicant { index: 1 })
        );
    }

    #[test]
    fn one_month_rule_edges() {
        let prev = date(2026, 3, 10);
        assert_eq!(next_booking_allowed_from(prev), date(2026, 4, 10));
        assert_eq!(check_one_month_rule(Some(prev), date(2026, 4, 10)), Ok(()));
        assert_eq!(
            check_one_month_rule(Some(prev), date(2026, 4, 9)),
            Err(DomainError::TooSoonAfterPreviousBooking {
                allowed_from: date(2026, 4, 10)
            })
        );
        assert_eq!(check_one_month_rule(None, date(2026, 4, 9)), Ok(()));
        // Month ends clamp rather than spill into the month after.
        assert_eq!(
            next_booking_allowed_from(date(2026, 1, 31)),
            date(2026, 2, 28)
        );
        assert_eq!(
            next_booking_allowed_from(date(2028, 1, 31)),
            date(2028, 2, 29)
        );
        assert_eq!(
            next_booking_allowed_from(date(2028, 2, 29)),
            date(2028, 3, 29)
        );
        assert_eq!(
            next_booking_allowed_from(date(2026, 12, 15)),
            date(2027, 1, 15)
        );
    }

    #[test]
    fn a_cancelled_booking_does_not_block() {
        // The caller passes only non-cancelled bookings as `previous`.
        assert_eq!(check_one_month_rule(None, date(2026, 3, 11)), Ok(()));
        assert_eq!(
            check_one_month_rule(Some(date(2026, 3, 10)), date(2026, 3, 10))
                .unwrap_err()
                .code()
                .as_str(),
            "too_soon_after_previous_booking"
        );
    }

    #[test]
    fn active_bookings_block_the_same_nik() {
        let f = family();
        assert!(is_active(false, date(2026, 5, 4), date(2026, 5, 4)));
        assert!(!is_active(false, date(2026, 5, 3), date(2026, 5, 4)));
        assert!(!is_active(true, date(2026, 5, 9), date(2026, 5, 4)));
        let busy = f.members[1].clone();
        let all: Vec<&Nik> = std::iter::once(&f.owner).chain(&f.members).collect();
        assert_eq!(
            check_no_active_booking(all.iter().copied(), |n| *n == busy),
            Err(DomainError::NikAlreadyBooked {
                nik: busy.to_string()
            })
        );
        assert_eq!(check_no_active_booking(all, |_| false), Ok(()));
    }

    #[test]
    fn cancel_deadline_is_midnight_two_days_before_in_the_office_zone() {
        let day = date(2026, 6, 12); // a Friday
        let deadline = cancel_deadline(day, OfficeTimeZone::Wib).unwrap();
        assert_eq!(
            deadline,
            "2026-06-09T17:00:00Z".parse::<Timestamp>().unwrap()
        );
        let minute = 1.minute();
        assert!(can_cancel(day, OfficeTimeZone::Wib, deadline - minute));
        assert!(can_cancel(
            day,
            OfficeTimeZone::Wib,
            deadline - 1.nanosecond()
        ));
        assert!(!can_cancel(day, OfficeTimeZone::Wib, deadline));
        assert_eq!(
            check_cancel(day, OfficeTimeZone::Wib, deadline + minute),
            Err(DomainError::CancelDeadlinePassed)
        );
        // The same instant is past the deadline in Jayapura but not in Jakarta.
        let t = "2026-06-09T16:30:00Z".parse::<Timestamp>().unwrap();
        assert!(can_cancel(day, OfficeTimeZone::Wib, t));
        assert!(!can_cancel(day, OfficeTimeZone::Wita, t));
        assert!(!can_cancel(day, OfficeTimeZone::Wit, t));
    }

    #[test]
    fn cancel_deadline_across_month_and_leap_day() {
        let d = cancel_deadline(date(2028, 3, 1), OfficeTimeZone::Wita).unwrap();
        assert_eq!(d, "2028-02-27T16:00:00Z".parse::<Timestamp>().unwrap());
        assert!(cancel_deadline(jiff::civil::Date::MIN, OfficeTimeZone::Wib).is_err());
        assert!(!can_cancel(
            jiff::civil::Date::MIN,
            OfficeTimeZone::Wib,
            Timestamp::MIN
        ));
    }
}
