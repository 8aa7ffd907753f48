use std::fmt;

use crate::protocol::field::Field;

/// A numeric error reply (docs/protocol.md §1.4): three digits in the command position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ErrorCode(pub u16);

impl ErrorCode {
    pub const SYNTAX_ERROR: ErrorCode = ErrorCode(200);
    pub const INVALID_PARAMETER: ErrorCode = ErrorCode(201);
    pub const INVALID_USER: ErrorCode = ErrorCode(208);
    pub const NOT_ONLINE: ErrorCode = ErrorCode(217);
    pub const NOT_EXPECTED: ErrorCode = ErrorCode(715);
    pub const AUTH_FAILED: ErrorCode = ErrorCode(911);

    /// Parses an error-code field: exactly three ASCII digits.
    pub fn from_code(text: &str) -> Option<Self> {
        (text.len() == 3 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok().map(ErrorCode))
            .flatten()
    }

    /// The readable meaning, or `None` for a code the reference does not list.
    pub fn meaning(self) -> Option<&'static str> {
        Some(match self.0 {
            200 => "Syntax error",
            201 => "Invalid parameter",
            204 => "Invalid network id",
            205 => "Invalid or unknown user",
            206 => "Domain name missing",
            207 => "Already logged in",
            208 => "Invalid user name",
            209 => "Invalid friendly name",
            210 => "List full",
            215 => "Already on that list",
            216 => "Not on that list",
            217 => "Contact is not online",
            218 => "Already in that mode",
            219 => "Contact is on the opposite list",
            223 => "Too many groups",
            224 => "Invalid group",
            225 => "Contact is not in that group",
            228 => "Group already exists",
            229 => "Group name too long",
            230 => "Cannot remove group 0",
            231 => "Group does not exist",
            240 => "Empty domain element in contact list",
            241 => "Invalid contact list payload",
            280 => "Switchboard failed",
            281 => "Transfer to switchboard failed",
            282 => "P2P message error",
            300 => "Required fields missing",
            302 => "Not logged in",
            402 => "Contact list unavailable",
            403 => "Contact list error",
            500 => "Internal server error",
            501 => "Database error",
            502 => "Command disabled",
            510 => "File operation failed",
            520 => "Memory allocation failed",
            540 => "Challenge response failed",
            600 => "Server is busy",
            601 => "Server is unavailable",
            602 => "Peer notification server is down",
            603 => "Database connection failed",
            604 => "Server is going down",
            605 => "Server is unavailable",
            707 => "Could not create connection",
            710 => "Bad CVR parameters",
            711 => "Write is blocking",
            712 => "Session is overloaded",
            713 => "Calling too rapidly",
            714 => "Too many sessions",
            715 => "Command not expected now",
            717 => "Bad friend file",
            731 => "Not expected",
            800 => "Changing friendly name too rapidly",
            910 => "Server too busy",
            911 => "Authentication failed",
            912 => "Server too busy",
            913 => "Not allowed while offline or hidden",
            914 => "Server unavailable",
            915 => "Server unavailable",
            916 => "Server unavailable",
            917 => "Authentication failed",
            918 => "Server too busy",
            919 => "Server too busy",
            920 => "Not accepting new users",
            921 => "Server too busy",
            922 => "Server too busy",
            923 => "Kids' Passport without parental consent",
            924 => "Passport account not yet verified",
            927 => "Account suspended",
            928 => "Bad ticket",
            933 => "Invalid circle membership",
            _ => return None,
        })
    }

    /// True for the codes that mean the credentials were refused.
    pub fn is_auth_failure(self) -> bool {
        matches!(self.0, 911 | 917 | 928)
    }
}

impl Field for ErrorCode {
    const WHAT: &'static str = "error code";
    fn parse_field(text: &str) -> Option<Self> {
        ErrorCode::from_code(text)
    }
    fn write_field(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("{:03}", self.0).as_bytes());
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.meaning() {
            Some(meaning) => write!(f, "{} ({meaning})", self.0),
            None => write!(f, "{} (unknown error)", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_readable_meanings() {
        assert_eq!(ErrorCode(911).to_string(), "911 (Authentication failed)");
        assert_eq!(ErrorCode(217).meaning(), Some("Contact is not online"));
        assert_eq!(ErrorCode(999).to_string(), "999 (unknown error)");
        assert_eq!(ErrorCode::from_code("20"), None);
        assert_eq!(ErrorCode::from_code("2x1"), None);
    }
}
