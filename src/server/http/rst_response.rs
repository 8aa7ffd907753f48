//! The RST answers, modelled on Escargot's: a canned `Passport.NET/tb` block, then one
//! compact ticket per requested service (the same key for all, followed by fixed filler),
//! with the binary secret only for `messengerclear.live.com`.

use std::fmt::Write;
use std::net::IpAddr;
use std::time::SystemTime;

use super::rst::{PASSPORT_TB, TokenRequest};
use super::soap::timestamp;
use crate::protocol::xml::escape;

/// The service whose ticket signs in to the NS and whose secret keys the MBI answer.
const MESSENGER_CLEAR: &str = "messengerclear.live.com";

/// What follows the 20-character key in every compact ticket (Escargot's fixed filler).
const TICKET_FILLER: &str = "Y6+H31sTUOFkqjNTDYqAAFLr5Ote7BMrMnUIzpg860jh084QMgs5djRQLLQP0TVOFkKdWDwAJdEWcfsI9YL8otN9kSfhTaPHR1njHmG0H98O2NE/Ck6zrog3UJFmYlCnHidZk1g3AzUNVXmjZoyMSyVvoHLjQSzoGRpgHg3hHdi7zrFhcYKWD8XeNYdoz9wfA2YAAAgZIgF9kFvsy2AC0Fl/ezc/fSo6YgB9TwmXyoK0wm0F9nz5EfhHQLu2xxgsvMOiXUSFSpN1cZaNzEk/KGVa3Z33Mcu0qJqvXoLyv2VjQyI0VLH6YlW5E+GMwWcQurXB9hT/DnddM5Ggzk3nX8uMSV4kV+AgF1EWpiCdLViRI6DmwwYDtUJU6W6wQXsfyTm6CNMv0eE0wFXmZvoKaL24fggkp99dX+m1vgMQJ39JblVH9cmnnkBQcKkV8lnQJ003fd6iIFzGpgPBW5Z3T1Bp7uzSGMWnHmrEw8eOpKC5ny4x8uoViXDmA2UId23xYSoJ/GQrMjqB+NslqnuVsOBE1oWpNrmfSKhGU1X0kR4Eves56t5i5n3XU+7ne0MkcUzlrMi89n2j8aouf0zeuD7o+ngqvfRCsOqjaU71XWtuD4ogu2X7/Ajtwkxg/UJDFGAnCxFTTd4dqrrEpKyMK8eWBMaartFxwwrH39HMpx1T9JgknJ1hFWELzG8b302sKy64nCseOTGaZrdH63pjGkT7vzyIxVH/b+yJwDRmy/PlLz7fmUj6zpTBNmCtl1EGFOEFdtI2R04EprIkLXbtpoIPA7m0TPZURpnWufCSsDtD91ChxR8j/FnQ/gOOyKg/EJrTcHvM1e50PMRmoRZGlltBRRwBV+ArPO64On6zygr5zud5o/aADF1laBjkuYkjvUVsXwgnaIKbTLN2+sr/WjogxT1Yins79jPa1+3dDenxZtE/rHA/6qsdJmo5BJZqNYQUFrnpkU428LryMnBaNp2BW51JRsWXPAA7yCi0wDlHzEDxpqaOnhI4Ol87ra+VAg==";

/// The canned master token: nobody can decrypt it, clients only keep it.
const TB_CIPHER: &str = "Cap26AQZrSyMm2SwwTyJKyqLR9/S+vQWQsaBc5Mv7PwtQDMzup/udOOMMvSu99R284pmiD3IepBXrEMLK5rLrXAf2A6vrP6vYuGA45GCqQdoxusHZcjt9P2B8WyCTVT2cM8jtGqGIfRlU/4WzOLxNrDJwDfOsmilduGAGZfvRPW7/jyXXrnGK7/PWkymX4YDD+ygJfMrPAfvAprvw/HVE6tutKVc9cViTVYy8oHjosQlb8MKn3vKDW1O2ZWQUc47JPl7DkjQaanfNBGe6CL7K1nr6Z/jy7Ay7MjV+KQehmvphSEmCzLrpB4WWn2PdpdTrOcDj+aJfWHeGL4sIPwEKgrKnTQg9QD8CCsm5wew9P/br39OuIfsC6/PFBEHmVThqj0aMxYLRD4K2GoRay6Ab7NftoIP5dnFnclfRxETAoNpTPE2F5Q669QySrdXxBpBSk8GLmdCDMlhiyzSiByrhFQaZRcH8n9i+i289otYuJQ7xPyP19KwT4CRyOiIlh3DSdlBfurMwihQGxN2spU7P4MwckrDKeOyYQhvNm/XWId/oXBqpHbo2yRPiOwL9p1J4AxA4RaJuh77vyhn2lFQaxPDqZd5A8RJjpb2NE2N3UncKLW7GAangdoLbRDMqt51VMZ0la+b/moL61fKvFXinKRHc7PybrG3MWzgXxO/VMKAuXOsB9XnOgl2A524cgiwyg==";
const TB_SECRET: &str = "tgoPVK67sU36fQKlGLMgWgTXp7oiaQgE";

const PSF: &str = "http://schemas.microsoft.com/Passport/SoapServices/SOAPFault";
const WSU: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

/// `RST.srf` answers in WS-Trust 2004 over SOAP 1.1 (as recorded); `RST2.srf` in
/// WS-Trust 2005 over SOAP 1.2 (Escargot's RST2 templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Rst,
    Rst2,
}

struct Namespaces {
    soap: &'static str,
    trust: &'static str,
    secext: &'static str,
    policy: &'static str,
    addressing: &'static str,
    lifetime: &'static str,
}

impl Dialect {
    fn namespaces(self) -> Namespaces {
        match self {
            Dialect::Rst => Namespaces {
                soap: "http://schemas.xmlsoap.org/soap/envelope/",
                trust: "http://schemas.xmlsoap.org/ws/2004/04/trust",
                secext: "http://schemas.xmlsoap.org/ws/2003/06/secext",
                policy: "http://schemas.xmlsoap.org/ws/2002/12/policy",
                addressing: "http://schemas.xmlsoap.org/ws/2004/03/addressing",
                lifetime: "LifeTime",
            },
            Dialect::Rst2 => Namespaces {
                soap: "http://www.w3.org/2003/05/soap-envelope",
                trust: "http://schemas.xmlsoap.org/ws/2005/02/trust",
                secext: "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
                policy: "http://schemas.xmlsoap.org/ws/2004/09/policy",
                addressing: "http://www.w3.org/2005/08/addressing",
                lifetime: "Lifetime",
            },
        }
    }

    /// RST2 answers carry token references that RST ones leave out.
    fn references(self, uri: &str) -> String {
        match self {
            Dialect::Rst => String::new(),
            Dialect::Rst2 => format!(
                "\n\t\t\t\t<wst:RequestedAttachedReference>
\t\t\t\t\t<wsse:SecurityTokenReference>
\t\t\t\t\t\t<wsse:Reference URI=\"{uri}\"></wsse:Reference>
\t\t\t\t\t</wsse:SecurityTokenReference>
\t\t\t\t</wst:RequestedAttachedReference>
\t\t\t\t<wst:RequestedUnattachedReference>
\t\t\t\t\t<wsse:SecurityTokenReference>
\t\t\t\t\t\t<wsse:Reference URI=\"{uri}\"></wsse:Reference>
\t\t\t\t\t</wsse:SecurityTokenReference>
\t\t\t\t</wst:RequestedUnattachedReference>"
            ),
        }
    }
}

/// A successful sign-in.
#[derive(Debug, Clone)]
pub struct Grant<'a> {
    pub email: &'a str,
    pub member_id: u64,
    /// The 20 characters that identify the SSO ticket.
    pub key: &'a str,
    /// The base64 binary secret for `messengerclear.live.com`.
    pub secret: &'a str,
    pub ip: IpAddr,
    pub created: SystemTime,
    pub expires: SystemTime,
}

/// The full `RequestSecurityTokenResponseCollection` answer.
pub fn token_collection(dialect: Dialect, grant: &Grant<'_>, tokens: &[TokenRequest]) -> String {
    let ns = dialect.namespaces();
    let created = timestamp(grant.created);
    let expires = timestamp(grant.expires);
    let lifetime = format!(
        "<wst:{lt}>
\t\t\t\t\t<wsu:Created>{created}</wsu:Created>
\t\t\t\t\t<wsu:Expires>{expires}</wsu:Expires>
\t\t\t\t</wst:{lt}>",
        lt = ns.lifetime
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = write!(
        out,
        "<S:Envelope xmlns:S=\"{soap}\">\n\t<S:Header>\n{header}{pp}\t</S:Header>
\t<S:Body>
\t\t<wst:RequestSecurityTokenResponseCollection xmlns:S=\"{soap}\" xmlns:wst=\"{trust}\" xmlns:wsse=\"{secext}\" xmlns:wsu=\"{WSU}\" xmlns:saml=\"urn:oasis:names:tc:SAML:1.0:assertion\" xmlns:wsp=\"{policy}\" xmlns:psf=\"{PSF}\">
\t\t\t<wst:RequestSecurityTokenResponse>
\t\t\t\t<wst:TokenType>urn:passport:legacy</wst:TokenType>
\t\t\t\t<wsp:AppliesTo xmlns:wsa=\"{addressing}\">
\t\t\t\t\t<wsa:EndpointReference>
\t\t\t\t\t\t<wsa:Address>{PASSPORT_TB}</wsa:Address>
\t\t\t\t\t</wsa:EndpointReference>
\t\t\t\t</wsp:AppliesTo>
\t\t\t\t{lifetime}
\t\t\t\t<wst:RequestedSecurityToken>
\t\t\t\t\t<EncryptedData xmlns=\"http://www.w3.org/2001/04/xmlenc#\" Id=\"BinaryDAToken0\" Type=\"http://www.w3.org/2001/04/xmlenc#Element\">
\t\t\t\t\t\t<EncryptionMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#tripledes-cbc\"></EncryptionMethod>
\t\t\t\t\t\t<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">
\t\t\t\t\t\t\t<ds:KeyName>http://Passport.NET/STS</ds:KeyName>
\t\t\t\t\t\t</ds:KeyInfo>
\t\t\t\t\t\t<CipherData>
\t\t\t\t\t\t\t<CipherValue>{TB_CIPHER}</CipherValue>
\t\t\t\t\t\t</CipherData>
\t\t\t\t\t</EncryptedData>
\t\t\t\t</wst:RequestedSecurityToken>
\t\t\t\t<wst:RequestedTokenReference>
\t\t\t\t\t<wsse:KeyIdentifier ValueType=\"urn:passport\"></wsse:KeyIdentifier>
\t\t\t\t\t<wsse:Reference URI=\"#BinaryDAToken0\"></wsse:Reference>
\t\t\t\t</wst:RequestedTokenReference>{tb_references}
\t\t\t\t<wst:RequestedProofToken>
\t\t\t\t\t<wst:BinarySecret>{TB_SECRET}</wst:BinarySecret>
\t\t\t\t</wst:RequestedProofToken>
\t\t\t</wst:RequestSecurityTokenResponse>\n",
        soap = ns.soap,
        trust = ns.trust,
        secext = ns.secext,
        policy = ns.policy,
        addressing = ns.addressing,
        header = envelope_header(dialect, grant),
        pp = passport_properties(grant),
        tb_references = dialect.references("2jmj7l5rSw0yVb/vlWAYkK/YBwk="),
    );
    // Compact ids follow the request order, the master-token request included (as recorded).
    for (index, token) in tokens.iter().enumerate() {
        if token.address == PASSPORT_TB {
            continue;
        }
        let number = index + 1;
        let proof = if token.address == MESSENGER_CLEAR {
            format!(
                "\n\t\t\t\t<wst:RequestedProofToken>
\t\t\t\t\t<wst:BinarySecret>{}</wst:BinarySecret>
\t\t\t\t</wst:RequestedProofToken>",
                grant.secret
            )
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "\t\t\t<wst:RequestSecurityTokenResponse>
\t\t\t\t<wst:TokenType>urn:passport:compact</wst:TokenType>
\t\t\t\t<wsp:AppliesTo xmlns:wsa=\"{addressing}\">
\t\t\t\t\t<wsa:EndpointReference>
\t\t\t\t\t\t<wsa:Address>{address}</wsa:Address>
\t\t\t\t\t</wsa:EndpointReference>
\t\t\t\t</wsp:AppliesTo>
\t\t\t\t{lifetime}
\t\t\t\t<wst:RequestedSecurityToken>
\t\t\t\t\t<wsse:BinarySecurityToken Id=\"Compact{number}\">t={key}{TICKET_FILLER}&amp;p=</wsse:BinarySecurityToken>
\t\t\t\t</wst:RequestedSecurityToken>
\t\t\t\t<wst:RequestedTokenReference>
\t\t\t\t\t<wsse:KeyIdentifier ValueType=\"urn:passport:compact\"></wsse:KeyIdentifier>
\t\t\t\t\t<wsse:Reference URI=\"#Compact{number}\"></wsse:Reference>
\t\t\t\t</wst:RequestedTokenReference>{references}{proof}
\t\t\t</wst:RequestSecurityTokenResponse>\n",
            addressing = ns.addressing,
            address = escape(&token.address),
            key = grant.key,
            references = dialect.references("/DaESnwwMVTTpRTZEoNqUW/Md0k="),
        );
    }
    out.push_str("\t\t</wst:RequestSecurityTokenResponseCollection>\n\t</S:Body>\n</S:Envelope>\n");
    out
}

/// RST2's WS-Addressing and timestamp headers (RST has none).
fn envelope_header(dialect: Dialect, grant: &Grant<'_>) -> String {
    match dialect {
        Dialect::Rst => String::new(),
        Dialect::Rst2 => {
            let ns = dialect.namespaces();
            format!(
                "\t\t<wsa:Action xmlns:wsa=\"{addressing}\" xmlns:wsu=\"{WSU}\" wsu:Id=\"Action\" S:mustUnderstand=\"1\">http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Issue</wsa:Action>
\t\t<wsa:To xmlns:wsa=\"{addressing}\" xmlns:wsu=\"{WSU}\" wsu:Id=\"To\" S:mustUnderstand=\"1\">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>
\t\t<wsse:Security xmlns:wsse=\"{secext}\" S:mustUnderstand=\"1\">
\t\t\t<wsu:Timestamp xmlns:wsu=\"{WSU}\" wsu:Id=\"TS\">
\t\t\t\t<wsu:Created>{created}</wsu:Created>
\t\t\t\t<wsu:Expires>{soon}</wsu:Expires>
\t\t\t</wsu:Timestamp>
\t\t</wsse:Security>\n",
                addressing = ns.addressing,
                secext = ns.secext,
                created = timestamp(grant.created),
                soon = timestamp(grant.created + std::time::Duration::from_secs(300)),
            )
        }
    }
}

/// The Passport properties header; PUID and CID are the member id in hex, like Escargot's.
fn passport_properties(grant: &Grant<'_>) -> String {
    let cid = format!("{:016x}", grant.member_id);
    let email = escape(grant.email);
    format!(
        "\t\t<psf:pp xmlns:psf=\"{PSF}\">
\t\t\t<psf:serverVersion>1</psf:serverVersion>
\t\t\t<psf:PUID>{puid}</psf:PUID>
\t\t\t<psf:configVersion>16.000.26889.00</psf:configVersion>
\t\t\t<psf:uiVersion>3.100.2179.0</psf:uiVersion>
\t\t\t<psf:mobileConfigVersion>16.000.26208.0</psf:mobileConfigVersion>
\t\t\t<psf:authstate>0x48803</psf:authstate>
\t\t\t<psf:reqstatus>0x0</psf:reqstatus>
\t\t\t<psf:serverInfo Path=\"Live1\" RollingUpgradeState=\"ExclusiveNew\" LocVersion=\"0\" ServerTime=\"{now}\">XYZPPLOGN1A23 2017.10.03.19.00.04</psf:serverInfo>
\t\t\t<psf:cookies/>
\t\t\t<psf:browserCookies>
\t\t\t\t<psf:browserCookie Name=\"MH\" URL=\"http://www.msn.com\">MSFT; path=/; domain=.msn.com; expires=Wed, 30-Dec-2037 16:00:00 GMT</psf:browserCookie>
\t\t\t\t<psf:browserCookie Name=\"MHW\" URL=\"http://www.msn.com\">; path=/; domain=.msn.com; expires=Thu, 30-Oct-1980 16:00:00 GMT</psf:browserCookie>
\t\t\t\t<psf:browserCookie Name=\"MH\" URL=\"http://www.live.com\">MSFT; path=/; domain=.live.com; expires=Wed, 30-Dec-2037 16:00:00 GMT</psf:browserCookie>
\t\t\t\t<psf:browserCookie Name=\"MHW\" URL=\"http://www.live.com\">; path=/; domain=.live.com; expires=Thu, 30-Oct-1980 16:00:00 GMT</psf:browserCookie>
\t\t\t</psf:browserCookies>
\t\t\t<psf:credProperties>
\t\t\t\t<psf:credProperty Name=\"MainBrandID\">MSFT</psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"BrandIDList\"></psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"IsWinLiveUser\">true</psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"CID\">{cid}</psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"AuthMembername\">{email}</psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"Country\">US</psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"Language\">1033</psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"FirstName\">John</psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"LastName\">Doe</psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"ChildFlags\">00000001</psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"Flags\">40100643</psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"FlagsV2\">00000000</psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"IP\">{ip}</psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"FamilyID\">0000000000000000</psf:credProperty>
\t\t\t\t<psf:credProperty Name=\"AssociatedForStrongAuth\">0</psf:credProperty>
\t\t\t</psf:credProperties>
\t\t\t<psf:extProperties>
\t\t\t\t<psf:extProperty Name=\"ANON\" Expiry=\"Wed, 30-Dec-2037 16:00:00 GMT\" Domains=\"bing.com;atdmt.com\" IgnoreRememberMe=\"false\">A=2AD1B6380CC38C61A2E95994FFFFFFFF&amp;E=1456&amp;W=1</psf:extProperty>
\t\t\t\t<psf:extProperty Name=\"NAP\" Expiry=\"Wed, 30-Dec-2037 16:00:00 GMT\" Domains=\"bing.com;atdmt.com\" IgnoreRememberMe=\"false\">V=1.9&amp;E=13fc&amp;C=tq1sGI5NyECr4nbob0bsqOGQx85gOAzYs8FuhJP5L22WfJl-67MNNQ&amp;W=1</psf:extProperty>
\t\t\t\t<psf:extProperty Name=\"LastUsedCredType\">1</psf:extProperty>
\t\t\t\t<psf:extProperty Name=\"WebCredType\">1</psf:extProperty>
\t\t\t\t<psf:extProperty Name=\"CID\">{cid}</psf:extProperty>
\t\t\t</psf:extProperties>
\t\t\t<psf:response/>
\t\t</psf:pp>\n",
        puid = cid.to_ascii_uppercase(),
        now = timestamp(grant.created),
        ip = grant.ip,
    )
}

/// Wrong credentials: `wsse:FailedAuthentication`, sent with status 200 as recorded.
pub fn auth_failure(dialect: Dialect, now: SystemTime) -> String {
    let now = timestamp(now);
    match dialect {
        Dialect::Rst => format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>
<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:wsse=\"http://schemas.xmlsoap.org/ws/2003/06/secext\" xmlns:wsu=\"{WSU}\" xmlns:psf=\"{PSF}\">
\t\t<S:Header>
\t\t\t<psf:pp xmlns:psf=\"{PSF}\">
\t\t\t<psf:serverVersion>1</psf:serverVersion>
\t\t\t<psf:authstate>0x80048800</psf:authstate>
\t\t\t<psf:reqstatus>0x80048823</psf:reqstatus>
\t\t\t<psf:serverInfo Path=\"Live1\" RollingUpgradeState=\"ExclusiveNew\" LocVersion=\"0\" ServerTime=\"{now}\">XYZPPLOGN1A23 2017.09.28.12.44.07</psf:serverInfo>
\t\t\t<psf:cookies/>
\t\t\t<psf:response/>
\t\t</psf:pp>
\t</S:Header>
\t<S:Fault>
\t\t<faultcode>wsse:FailedAuthentication</faultcode>
\t\t<faultstring>Authentication Failure</faultstring>
\t</S:Fault>
</S:Envelope>
"
        ),
        Dialect::Rst2 => {
            let ns = dialect.namespaces();
            format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\" ?>
<S:Envelope xmlns:S=\"{soap}\" xmlns:wsse=\"{secext}\" xmlns:wsu=\"{WSU}\" xmlns:wst=\"{trust}\" xmlns:psf=\"{PSF}\">
\t<S:Header>
\t\t<psf:pp xmlns:psf=\"{PSF}\">
\t\t\t<psf:serverVersion>1</psf:serverVersion>
\t\t\t<psf:authstate>0x80048800</psf:authstate>
\t\t\t<psf:reqstatus>0x80048821</psf:reqstatus>
\t\t\t<psf:serverInfo Path=\"Live1\" RollingUpgradeState=\"ExclusiveNew\" LocVersion=\"0\" ServerTime=\"{now}\">XYZPPLOGN1A23 2017.09.28.12.44.07</psf:serverInfo>
\t\t\t<psf:cookies/>
\t\t\t<psf:response/>
\t\t</psf:pp>
\t</S:Header>
\t<S:Body>
\t\t<S:Fault>
\t\t\t<S:Code>
\t\t\t\t<S:Value>S:Sender</S:Value>
\t\t\t\t<S:Subcode>
\t\t\t\t\t<S:Value>wst:FailedAuthentication</S:Value>
\t\t\t\t</S:Subcode>
\t\t\t</S:Code>
\t\t\t<S:Reason>
\t\t\t\t<S:Text xml:lang=\"en-US\">Authentication Failure</S:Text>
\t\t\t</S:Reason>
\t\t</S:Fault>
\t</S:Body>
</S:Envelope>
",
                soap = ns.soap,
                secext = ns.secext,
                trust = ns.trust,
            )
        }
    }
}

/// A body that is not XML at all: a plain SOAP 1.1 client fault (sent with status 500).
pub fn malformed_request() -> String {
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>
<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\">
\t<S:Body>
\t\t<S:Fault>
\t\t\t<faultcode>S:Client</faultcode>
\t\t\t<faultstring>Malformed request</faultstring>
\t\t</S:Fault>
\t</S:Body>
</S:Envelope>
"
    .to_owned()
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::protocol::xml::Element;

    fn token(id: &str, address: &str) -> TokenRequest {
        TokenRequest {
            id: id.into(),
            address: address.into(),
            policy: None,
        }
    }

    fn grant() -> Grant<'static> {
        let created = UNIX_EPOCH + Duration::from_secs(1_795_503_528);
        Grant {
            email: "alice@example.com",
            member_id: 0xbc3a_1685_46f8_b9d6,
            key: "0bfca136ea4ef68cebe1",
            secret: "H0gBjlI8U5sbuEY+ZYA+4Nv44RsdZhgK",
            ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            created,
            expires: created + Duration::from_secs(86_400),
        }
    }

    fn responses(dialect: Dialect) -> Vec<(String, Option<String>, Option<String>)> {
        let tokens = [
            token("RST0", PASSPORT_TB),
            token("RST1", MESSENGER_CLEAR),
            token("RST2", "contacts.msn.com"),
        ];
        let xml = token_collection(dialect, &grant(), &tokens);
        let root = Element::parse(xml.as_bytes()).expect("well-formed");
        root.find_all("RequestSecurityTokenResponse")
            .into_iter()
            .map(|response| {
                (
                    response.find_text("Address").unwrap_or_default().to_owned(),
                    response.find("BinarySecurityToken").map(|token| {
                        format!(
                            "{}:{}",
                            token.attribute("Id").unwrap_or_default(),
                            &token.text[..22]
                        )
                    }),
                    response.find_text("BinarySecret").map(str::to_owned),
                )
            })
            .collect()
    }

    #[test]
    fn tickets_follow_the_recorded_shape() {
        for dialect in [Dialect::Rst, Dialect::Rst2] {
            assert_eq!(
                responses(dialect),
                [
                    (PASSPORT_TB.into(), None, Some(TB_SECRET.into())),
                    (
                        MESSENGER_CLEAR.into(),
                        Some("Compact2:t=0bfca136ea4ef68cebe1".into()),
                        Some("H0gBjlI8U5sbuEY+ZYA+4Nv44RsdZhgK".into())
                    ),
                    (
                        "contacts.msn.com".into(),
                        Some("Compact3:t=0bfca136ea4ef68cebe1".into()),
                        None
                    ),
                ],
                "{dialect:?}"
            );
        }
    }

    #[test]
    fn lifetimes_and_identity_are_filled_in() {
        let xml = token_collection(Dialect::Rst, &grant(), &[token("RST1", MESSENGER_CLEAR)]);
        let root = Element::parse(xml.as_bytes()).expect("well-formed");
        assert_eq!(root.find_text("Created"), Some("2026-11-24T06:58:48Z"));
        assert_eq!(root.find_text("Expires"), Some("2026-11-25T06:58:48Z"));
        assert_eq!(root.find_text("PUID"), Some("BC3A168546F8B9D6"));
        assert!(xml.contains("t=0bfca136ea4ef68cebe1Y6+H31sTUO"));
        assert!(xml.contains("&amp;p=</wsse:BinarySecurityToken>"));
    }

    #[test]
    fn failures_are_well_formed_faults() {
        for dialect in [Dialect::Rst, Dialect::Rst2] {
            let xml = auth_failure(dialect, UNIX_EPOCH);
            let root = Element::parse(xml.as_bytes()).expect("well-formed");
            assert!(root.find("Fault").is_some());
            assert!(xml.contains("FailedAuthentication"));
        }
        assert!(Element::parse(malformed_request().as_bytes()).is_ok());
    }
}
