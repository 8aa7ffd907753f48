//! Passport 1.4 ("Tweener", docs/protocol.md §2.7): find the login server through the nexus,
//! then trade the account and the NS challenge for a ticket.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, HeaderMap};

use super::http::{AuthClient, service_url, unreachable};
use super::{AuthError, AuthService};
use crate::protocol::message::Secret;

const NEXUS: AuthService = AuthService::Nexus;
const LOGIN: AuthService = AuthService::PassportLogin;

impl AuthClient {
    /// Runs the nexus and login steps; returns the ticket for `USR TWN S`.
    pub async fn twn_ticket(
        &self,
        nexus_url: &str,
        email: &str,
        password: &Secret,
        challenge: &str,
    ) -> Result<Secret, AuthError> {
        let nexus = service_url(nexus_url)?;
        let response = self
            .http
            .get(nexus)
            .send()
            .await
            .map_err(|e| unreachable(NEXUS, e))?;
        if !response.status().is_success() {
            return Err(AuthError::HttpStatus {
                service: NEXUS,
                status: response.status().as_u16(),
            });
        }
        let login_url =
            da_login(response.headers()).ok_or_else(|| AuthError::UnexpectedAnswer {
                service: NEXUS,
                detail: "no DALogin in the PassportURLs header".into(),
            })?;
        let login = service_url(&login_url)?;
        let authorization = format!(
            "Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in={},pwd={},{challenge}",
            utf8_percent_encode(email, NON_ALPHANUMERIC),
            utf8_percent_encode(password.expose(), NON_ALPHANUMERIC),
        );
        let response = self
            .http
            .get(login)
            .header(AUTHORIZATION, authorization)
            .send()
            .await
            .map_err(|e| unreachable(LOGIN, e))?;
        match response.status() {
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Err(AuthError::BadCredentials),
            status if status.is_success() => from_pp(response.headers())
                .map(Secret::new)
                .ok_or_else(|| AuthError::UnexpectedAnswer {
                    service: LOGIN,
                    detail: "no from-PP ticket in Authentication-Info".into(),
                }),
            status => Err(AuthError::HttpStatus {
                service: LOGIN,
                status: status.as_u16(),
            }),
        }
    }
}

/// `DALogin` from the `PassportURLs` header (any letter case), with `https://` added
/// when the value has no scheme, as Microsoft's did not.
fn da_login(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("passporturls")?.to_str().ok()?;
    let login = value
        .split(',')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("DALogin"))?
        .1
        .trim();
    if login.contains("://") {
        Some(login.to_owned())
    } else {
        Some(format!("https://{login}"))
    }
}

/// The ticket between `from-PP='` and the next `'` in `Authentication-Info`.
fn from_pp(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("authentication-info")?.to_str().ok()?;
    let start = value.find("from-PP='")? + "from-PP='".len();
    let length = value[start..].find('\'')?;
    Some(value[start..start + length].to_owned()).filter(|ticket| !ticket.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(name: &'static str, value: &'static str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(name, HeaderValue::from_static(value));
        map
    }

    #[test]
    fn da_login_with_or_without_scheme() {
        let escargot = headers("passporturls", "DALogin=https://127.0.0.1:8443/login");
        assert_eq!(
            da_login(&escargot).as_deref(),
            Some("https://127.0.0.1:8443/login")
        );
        let microsoft = headers(
            "passporturls",
            "DARealm=Passport.Net,DALogin=login.passport.com/login2.srf,DAReg=x",
        );
        assert_eq!(
            da_login(&microsoft).as_deref(),
            Some("https://login.passport.com/login2.srf")
        );
        assert_eq!(da_login(&HeaderMap::new()), None);
    }

    #[test]
    fn ticket_from_authentication_info() {
        let escargot = headers(
            "authentication-info",
            "Passport1.4 da-status=success,from-PP='ecfc0c2837329ff5ce20'",
        );
        assert_eq!(from_pp(&escargot).as_deref(), Some("ecfc0c2837329ff5ce20"));
        let microsoft = headers(
            "authentication-info",
            "Passport1.4 da-status=success,tname=MSPAuth,from-PP='t=53*1hAu8ADuD3TEwdXoOMi08sD*2!cMrntTw&p=xy',ru=http://x",
        );
        assert_eq!(
            from_pp(&microsoft).as_deref(),
            Some("t=53*1hAu8ADuD3TEwdXoOMi08sD*2!cMrntTw&p=xy")
        );
        assert_eq!(
            from_pp(&headers(
                "authentication-info",
                "Passport1.4 da-status=failed"
            )),
            None
        );
    }
}
