//! Wall-clock times for display: seconds since the Unix epoch, shown in a time zone.
//!
//! The UI never reads the clock itself; whoever builds the model supplies the times and
//! the zone, so drawing stays a pure function and tests can pin every time shown. Each
//! moment gets the offset in force at that moment, so history from before a daylight
//! saving change shows the hour it was then.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// A moment, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// A calendar day in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalDate {
    pub year: i64,
    pub month: u8,
    pub day: u8,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
}

/// A time of day in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTH_NAMES: [&str; 12] = [
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

impl Timestamp {
    fn local(self, zone: &TimeZone) -> DateTime {
        let moment = jiff::Timestamp::from_second(self.0).unwrap_or(if self.0 < 0 {
            jiff::Timestamp::MIN
        } else {
            jiff::Timestamp::MAX
        });
        zone.to_datetime(moment)
    }

    /// The local calendar day this moment falls on.
    pub fn date(self, zone: &TimeZone) -> LocalDate {
        let local = self.local(zone);
        LocalDate {
            year: i64::from(local.year()),
            month: local.month().unsigned_abs(),
            day: local.day().unsigned_abs(),
            weekday: local.weekday().to_monday_zero_offset().unsigned_abs(),
        }
    }

    /// The local time of day of this moment.
    pub fn time(self, zone: &TimeZone) -> LocalTime {
        let local = self.local(zone);
        LocalTime {
            hour: local.hour().unsigned_abs(),
            minute: local.minute().unsigned_abs(),
            second: local.second().unsigned_abs(),
        }
    }
}

impl LocalTime {
    /// `HH:MM`, as in conversation lines.
    pub fn hours_minutes(self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// `HH:MM:SS`, as in the protocol pane.
    pub fn hours_minutes_seconds(self) -> String {
        format!("{:02}:{:02}:{:02}", self.hour, self.minute, self.second)
    }
}

impl LocalDate {
    /// `Monday, 4 March 2024`, as in day separators.
    pub fn long_form(self) -> String {
        let weekday = WEEKDAY_NAMES[usize::from(self.weekday % 7)];
        let month = MONTH_NAMES[usize::from(self.month.clamp(1, 12) - 1)];
        format!("{weekday}, {} {month} {}", self.day, self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Berlin's rules, written out so the tests need no time-zone database.
    fn berlin() -> TimeZone {
        TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").expect("a valid POSIX zone")
    }

    fn fixed(hours: i8) -> TimeZone {
        TimeZone::fixed(jiff::tz::offset(hours))
    }

    #[test]
    fn epoch_is_thursday_first_of_january_1970() {
        let date = Timestamp(0).date(&TimeZone::UTC);
        assert_eq!((date.year, date.month, date.day), (1970, 1, 1));
        assert_eq!(date.long_form(), "Thursday, 1 January 1970");
    }

    #[test]
    fn leap_day_and_time_of_day() {
        let leap_day_noon = Timestamp(1_709_208_000 + 3_723);
        let date = leap_day_noon.date(&TimeZone::UTC);
        assert_eq!(date.long_form(), "Thursday, 29 February 2024");
        let time = leap_day_noon.time(&TimeZone::UTC);
        assert_eq!(time.hours_minutes_seconds(), "13:02:03");
    }

    #[test]
    fn offset_moves_the_day_boundary() {
        let late_evening_utc = Timestamp(1_709_251_200 - 60);
        assert_eq!(late_evening_utc.date(&TimeZone::UTC).day, 29);
        assert_eq!(late_evening_utc.date(&fixed(1)).day, 1);
        assert_eq!(late_evening_utc.time(&fixed(1)).hours_minutes(), "00:59");
    }

    #[test]
    fn dates_before_the_epoch() {
        let date = Timestamp(-1).date(&TimeZone::UTC);
        assert_eq!((date.year, date.month, date.day), (1969, 12, 31));
        assert_eq!(date.weekday, 2);
    }

    #[test]
    fn each_moment_has_the_offset_in_force_then() {
        let zone = berlin();
        // 2026-01-15 and 2026-07-15, 12:00 UTC: 13:00 in winter, 14:00 in summer.
        assert_eq!(
            Timestamp(1_768_478_400).time(&zone).hours_minutes(),
            "13:00"
        );
        assert_eq!(
            Timestamp(1_784_116_800).time(&zone).hours_minutes(),
            "14:00"
        );
    }

    #[test]
    fn the_clock_jumps_at_the_daylight_saving_boundaries() {
        let zone = berlin();
        // Sunday 29 March 2026, 01:00 UTC: 02:00 CET does not exist; it is 03:00 CEST.
        let spring = 1_774_746_000;
        assert_eq!(
            Timestamp(spring - 1).time(&zone).hours_minutes_seconds(),
            "01:59:59"
        );
        assert_eq!(
            Timestamp(spring).time(&zone).hours_minutes_seconds(),
            "03:00:00"
        );
        // Sunday 25 October 2026, 01:00 UTC: 03:00 CEST goes back to 02:00 CET.
        let autumn = 1_792_890_000;
        assert_eq!(
            Timestamp(autumn - 1).time(&zone).hours_minutes_seconds(),
            "02:59:59"
        );
        assert_eq!(
            Timestamp(autumn).time(&zone).hours_minutes_seconds(),
            "02:00:00"
        );
        assert_eq!(
            Timestamp(autumn).date(&zone).long_form(),
            "Sunday, 25 October 2026"
        );
    }

    #[test]
    fn moments_beyond_the_calendar_are_clamped() {
        assert_eq!(Timestamp(i64::MAX).date(&TimeZone::UTC).year, 9999);
        assert_eq!(Timestamp(i64::MIN).date(&TimeZone::UTC).year, -9999);
    }
}
