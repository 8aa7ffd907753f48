//! `text/x-msmsgsprofile`: the account profile "Hotmail" sends right after sign-in.

use std::net::IpAddr;

use super::mime::{Headers, MimeMessage};
use super::secret::Secret;

pub(super) const PROFILE: &str = "text/x-msmsgsprofile";

/// The profile headers we use, read leniently: a missing, empty or unreadable value is
/// `None`. Every header stays available through [`Profile::headers`], and rebuilding
/// gives back the payload as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// Unix time of the sign-in (`LoginTime`).
    pub login_time: Option<u64>,
    pub email_enabled: Option<bool>,
    /// Passport unique id, from `MemberIdHigh` and `MemberIdLow`.
    pub member_id: Option<u64>,
    /// Windows language id (`lang_preference`, e.g. 1033).
    pub language: Option<u32>,
    pub preferred_email: Option<String>,
    pub country: Option<String>,
    pub flags: Option<u32>,
    pub sid: Option<u32>,
    /// Passport cookie for Hotmail and offline-message web services.
    pub mspauth: Option<Secret>,
    /// Our address as the server sees it.
    pub client_ip: Option<IpAddr>,
    /// Our port as the server sees it; official servers byte-swap it, Escargot does not.
    pub client_port: Option<u16>,
    pub abch_migrated: Option<bool>,
    pub mpop_enabled: Option<bool>,
    pub(super) received: MimeMessage,
}

impl Profile {
    pub(super) fn from_mime(mime: &MimeMessage) -> Self {
        let headers = &mime.headers;
        let member_id = match (
            headers.parsed::<u64>("MemberIdHigh"),
            headers.parsed::<u64>("MemberIdLow"),
        ) {
            (Some(high), Some(low)) => Some((high << 32) | low),
            _ => None,
        };
        Self {
            login_time: headers.parsed("LoginTime"),
            email_enabled: flag(headers, "EmailEnabled"),
            member_id,
            language: headers.parsed("lang_preference"),
            preferred_email: headers.non_empty("preferredEmail"),
            country: headers.non_empty("country"),
            flags: headers.parsed("Flags"),
            sid: headers.parsed("sid"),
            mspauth: headers.non_empty("MSPAuth").map(Secret::new),
            client_ip: headers.parsed("ClientIP"),
            client_port: headers.parsed("ClientPort"),
            abch_migrated: flag(headers, "ABCHMigrated"),
            mpop_enabled: flag(headers, "MPOPEnabled"),
            received: mime.clone(),
        }
    }

    /// All the profile's headers in the order received (`Gender`, `Kid`, `Wallet`, ...).
    pub fn headers(&self) -> &Headers {
        &self.received.headers
    }
}

/// `1` or `0`.
fn flag(headers: &Headers, name: &str) -> Option<bool> {
    match headers.get(name).map(str::trim) {
        Some("1") => Some(true),
        Some("0") => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::message::Message;

    const PROFILE_PAYLOAD: &[u8] = b"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\nLoginTime: 1795503583\r\nEmailEnabled: 0\r\nMemberIdHigh: 955297562\r\nMemberIdLow: 1913447625\r\nlang_preference: 1033\r\npreferredEmail:\r\ncountry:\r\nPostalCode:\r\nGender:\r\nKid: 0\r\nAge:\r\nBDayPre:\r\nBirthday:\r\nWallet:\r\nFlags: 536872513\r\nsid: 507\r\nMSPAuth: 7653af639f3d5b60651fY6+H31sTUOFk/Ck6zrog3UJ==&p=\r\nClientIP: 127.0.0.1\r\nClientPort: 53608\r\nABCHMigrated: 1\r\nMPOPEnabled: 0\r\n\r\n";

    fn parse_profile() -> (Message, Profile) {
        let parsed = Message::parse(PROFILE_PAYLOAD).expect("parses");
        match &parsed {
            Message::Profile(profile) => {
                let profile = profile.clone();
                (parsed, profile)
            }
            other => panic!("not a profile: {other:?}"),
        }
    }

    #[test]
    fn reads_the_typed_fields() {
        let (_, profile) = parse_profile();
        assert_eq!(profile.login_time, Some(1_795_503_583));
        assert_eq!(profile.email_enabled, Some(false));
        assert_eq!(profile.member_id, Some((955_297_562 << 32) | 1_913_447_625));
        assert_eq!(profile.language, Some(1033));
        assert_eq!(profile.preferred_email, None);
        assert_eq!(profile.flags, Some(536_872_513));
        assert_eq!(profile.sid, Some(507));
        assert_eq!(
            profile.mspauth.as_ref().map(Secret::expose),
            Some("7653af639f3d5b60651fY6+H31sTUOFk/Ck6zrog3UJ==&p=")
        );
        assert_eq!(profile.client_ip, Some(IpAddr::from([127, 0, 0, 1])));
        assert_eq!(profile.client_port, Some(53608));
        assert_eq!(profile.abch_migrated, Some(true));
        assert_eq!(profile.mpop_enabled, Some(false));
        assert_eq!(profile.headers().get("Kid"), Some("0"));
        assert_eq!(profile.headers().len(), 23);
    }

    #[test]
    fn rebuilds_the_received_bytes() {
        let (parsed, _) = parse_profile();
        assert_eq!(parsed.to_bytes(), PROFILE_PAYLOAD);
    }

    #[test]
    fn debug_hides_the_passport_cookie() {
        let (parsed, _) = parse_profile();
        let shown = format!("{parsed:?}");
        assert!(!shown.contains("7653af639f3d"), "{shown}");
        assert!(shown.contains("login_time: Some(1795503583)"));
    }
}
