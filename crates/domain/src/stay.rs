use jiff::civil::Date;

use crate::DomainError;

/// How long someone stays abroad for a lapor diri (R-LD-1): from one day up
/// to another, never ending before it starts. A stay of one day has
/// `from == until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StayPeriod {
    from: Date,
    until: Date,
}

impl StayPeriod {
    pub fn new(from: Date, until: Date) -> Result<Self, DomainError> {
        if until < from {
            Err(DomainError::StayOrder)
        } else {
            Ok(StayPeriod { from, until })
        }
    }

    pub fn from(&self) -> Date {
        self.from
    }

    pub fn until(&self) -> Date {
        self.until
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldId;
    use jiff::civil::date;

    #[test]
    fn a_stay_may_last_one_day_but_not_end_before_it_starts() {
        let p = StayPeriod::new(date(2026, 1, 1), date(2026, 1, 1)).unwrap();
        assert_eq!((p.from(), p.until()), (date(2026, 1, 1), date(2026, 1, 1)));
        let e = StayPeriod::new(date(2026, 1, 2), date(2026, 1, 1)).unwrap_err();
        assert_eq!(e, DomainError::StayOrder);
        assert_eq!(
            e.field(),
            Some(FieldId::StayUntil),
            "shown under the end date"
        );
    }
}
