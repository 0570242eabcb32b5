use dioxus::prelude::*;
use jiff::civil::{Date, Weekday};
use paspor_domain::DayStatus;

use crate::state::i18n::{Lang, Msg, use_lang, use_t};

/// The month view of R-Q-4. Colour alone would fail the one man in twelve
/// who is colour-blind, so each status also has its own mark and pattern
/// (✓ available, ✕ full, … not yet released, – closed) and a spoken label.
#[component]
pub fn Calendar(
    year: i16,
    month: i8,
    days: Vec<(Date, DayStatus)>,
    selected: Option<Date>,
    on_select: EventHandler<Date>,
    on_month: EventHandler<(i16, i8)>,
    /// The earliest month the user may page back to.
    first_month: (i16, i8),
) -> Element {
    let t = use_t();
    let lang = use_lang();
    let Ok(first) = Date::new(year, month, 1) else {
        return rsx! {};
    };
    let lead = first.weekday().to_monday_zero_offset() as usize;
    let prev = first.saturating_sub(jiff::Span::new().months(1));
    let next = first.saturating_add(jiff::Span::new().months(1));
    let can_go_back = (year, month) > first_month;
    let status_of = |d: Date| {
        days.iter()
            .find(|(x, _)| *x == d)
            .map(|(_, s)| *s)
            .unwrap_or(DayStatus::Closed)
    };

    rsx! {
        div { class: "calendar",
            div { class: "calendar-head",
                button {
                    class: "icon-button",
                    r#type: "button",
                    disabled: !can_go_back,
                    "aria-label": t(Msg::PrevMonth),
                    onclick: move |_| on_month.call((prev.year(), prev.month())),
                    "‹"
                }
                h3 { id: "calendar-month", "{month_name(lang(), month)} {year}" }
                button {
                    class: "icon-button",
                    r#type: "button",
                    "aria-label": t(Msg::NextMonth),
                    onclick: move |_| on_month.call((next.year(), next.month())),
                    "›"
                }
            }
            // A group of day buttons, not an ARIA grid (which needs rows and
            // cells): each button names its own weekday, day and status.
            div { class: "calendar-grid", role: "group", "aria-label": "{month_name(lang(), month)} {year}",
                for wd in WEEKDAYS {
                    div { class: "calendar-dow", "aria-hidden": "true", {weekday_name(lang(), wd)} }
                }
                for _ in 0..lead {
                    div { class: "calendar-pad" }
                }
                for d in paspor_domain::calendar::days_of_month(year, month).unwrap_or_default() {
                    {
                        let status = status_of(d);
                        let chosen = selected == Some(d);
                        rsx! {
                            button {
                                key: "{d}",
                                class: "day {status.colour()}",
                                class: if chosen { "selected" },
                                "data-date": "{d}",
                                "data-status": status.as_str(),
                                r#type: "button",
                                disabled: !status.is_bookable(),
                                "aria-pressed": chosen,
                                "aria-label": "{weekday_name(lang(), d.weekday())} {d.day()} {month_name(lang(), month)}: {t(status_msg(status))}",
                                onclick: move |_| on_select.call(d),
                                span { class: "day-number", "{d.day()}" }
                                span { class: "day-mark", "aria-hidden": "true", {status_mark(status)} }
                            }
                        }
                    }
                }
            }
            ul { class: "legend",
                for s in DayStatus::ALL {
                    li { class: "legend-item",
                        span { class: "swatch {s.colour()}", {status_mark(*s)} }
                        {t(status_msg(*s))}
                    }
                }
            }
        }
    }
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

pub fn status_msg(s: DayStatus) -> Msg {
    match s {
        DayStatus::Available => Msg::DayAvailable,
        DayStatus::Full => Msg::DayFull,
        DayStatus::NotReleased => Msg::DayNotReleased,
        DayStatus::Closed => Msg::DayClosed,
    }
}

fn status_mark(s: DayStatus) -> &'static str {
    match s {
        DayStatus::Available => "✓",
        DayStatus::Full => "✕",
        DayStatus::NotReleased => "…",
        DayStatus::Closed => "–",
    }
}

pub fn month_name(lang: Lang, month: i8) -> &'static str {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Id => paspor_domain::calendar::MONTHS_ID[i],
        Lang::En => EN[i],
    }
}

fn weekday_name(lang: Lang, wd: Weekday) -> &'static str {
    let i = wd.to_monday_zero_offset() as usize;
    match lang {
        Lang::Id => ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"][i],
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
    }
}

/// "Rabu, 2 Desember 2026" / "Wednesday, 2 December 2026".
pub fn long_date(lang: Lang, d: Date) -> String {
    match lang {
        Lang::Id => paspor_domain::calendar::long_date_id(d),
        Lang::En => {
            const DAYS: [&str; 7] = [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ];
            let day = DAYS[d.weekday().to_monday_zero_offset() as usize];
            format!(
                "{day}, {} {} {}",
                d.day(),
                month_name(lang, d.month()),
                d.year()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_read_naturally_in_both_languages() {
        assert_eq!(
            long_date(Lang::Id, date(2026, 12, 2)),
            "Rabu, 2 Desember 2026"
        );
        assert_eq!(
            long_date(Lang::En, date(2026, 12, 2)),
            "Wednesday, 2 December 2026"
        );
    }

    #[test]
    fn every_status_has_its_own_mark() {
        let mut marks: Vec<_> = DayStatus::ALL.iter().map(|s| status_mark(*s)).collect();
        marks.dedup();
        assert_eq!(marks.len(), 4);
    }
}
