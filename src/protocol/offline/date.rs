//! The two time formats of offline messages: `RT` in `Mail-Data` (ISO 8601 UTC) and the
//! stored message's `Date:` header (RFC 2822, `29 Nov 2026 22:25:04 -0800`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `2026-11-30T06:33:28Z`.
pub fn parse_iso(text: &str) -> Option<SystemTime> {
    humantime::parse_rfc3339_weak(text.trim().trim_end_matches('Z')).ok()
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// `[Sun, ]29 Nov 2026 22:25:04 -0800`; the zone may also be `GMT`/`UT`/`UTC`.
pub fn parse_rfc2822(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let text = text.split_once(',').map_or(text, |(_, rest)| rest.trim());
    let mut parts = text.split_whitespace();
    let day: u32 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| month_name.starts_with(m))? as u32 + 1;
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let hour: i64 = clock.next()?.parse().ok()?;
    let minute: i64 = clock.next()?.parse().ok()?;
    let second: i64 = clock.next().map_or(Some(0), |s| s.parse().ok())?;
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let offset = zone_offset(parts.next().unwrap_or("+0000"))?;
    let seconds =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    u64::try_from(seconds)
        .ok()
        .map(|seconds| UNIX_EPOCH + Duration::from_secs(seconds))
}

/// Seconds east of UTC.
fn zone_offset(zone: &str) -> Option<i64> {
    if ["gmt", "ut", "utc", "z"].contains(&zone.to_ascii_lowercase().as_str()) {
        return Some(0);
    }
    let (sign, digits) = match zone.split_at_checked(1)? {
        ("+", digits) => (1, digits),
        ("-", digits) => (-1, digits),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = digits.parse().ok()?;
    Some(sign * ((value / 100) * 3600 + (value % 100) * 60))
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The dates a stored message carries, written as Escargot writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailDates {
    /// `29 Nov 2026 22:25:04 -0800`: the fixed US/Pacific offset Escargot uses.
    pub pacific: String,
    /// `Sun`: the weekday of the Pacific date.
    pub pacific_weekday: &'static str,
    /// `30 Nov 2026 06:25:04.0000`: UTC, for `X-OriginalArrivalTime`.
    pub arrival: String,
}

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

pub fn mail_dates(time: SystemTime) -> MailDates {
    let utc = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64);
    let pacific = utc - 8 * 3600;
    MailDates {
        pacific: format!("{} -0800", day_and_clock(pacific)),
        pacific_weekday: WEEKDAYS[pacific.div_euclid(86_400).rem_euclid(7) as usize],
        arrival: format!("{}.0000", day_and_clock(utc)),
    }
}

/// `29 Nov 2026 22:25:04` for seconds since the epoch.
fn day_and_clock(seconds: i64) -> String {
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{day} {} {year} {:02}:{:02}:{:02}",
        capitalised(MONTHS[(month - 1) as usize]),
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

fn capitalised(month: &str) -> String {
    let mut chars = month.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_recorded_formats() {
        let rt = parse_iso("2026-11-30T06:33:28Z").unwrap();
        assert_eq!(parse_rfc2822("29 Nov 2026 22:33:28 -0800"), Some(rt));
        assert_eq!(parse_rfc2822("Mon, 30 Nov 2026 06:33:28 GMT"), Some(rt));
        let dates = mail_dates(rt);
        assert_eq!(dates.pacific, "29 Nov 2026 22:33:28 -0800");
        assert_eq!(dates.pacific_weekday, "Sun");
        assert_eq!(dates.arrival, "30 Nov 2026 06:33:28.0000");
    }

    #[test]
    fn refuses_nonsense() {
        for text in [
            "",
            "99 Nov 2026 1:2:3 +0000",
            "1 Foo 2026 1:2:3",
            "1 Jan 1900 0:0:0 +0000",
            "1 Jan 2026 0:0:0 +08",
        ] {
            assert_eq!(parse_rfc2822(text), None, "{text}");
        }
        assert_eq!(parse_iso("yesterday"), None);
    }
}
