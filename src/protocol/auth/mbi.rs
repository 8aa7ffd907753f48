//! The MSNP15+ SSO "MBI" response blob (docs/protocol.md §2.8): proves the client holds the
//! binary secret that came with its ticket, without sending the secret.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use thiserror::Error;

type HmacSha1 = Hmac<Sha1>;
type TripleDesCbcEnc = cbc::Encryptor<des::TdesEde3>;
type TripleDesCbcDec = cbc::Decryptor<des::TdesEde3>;

const HEADER: [u32; 6] = [28, 1, 0x6603, 0x8004, 8, 20];

#[derive(Debug, Error, PartialEq, Eq)]
pub enum MbiError {
    #[error("binary secret is not valid base64 of 24 bytes")]
    BadSecret,
    #[error("MBI response is not valid base64")]
    BadBase64,
    #[error("MBI response has the wrong header or length")]
    BadLayout,
    #[error("MBI response does not match the nonce")]
    Mismatch,
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 20] {
    let Ok(mut mac) = HmacSha1::new_from_slice(key) else {
        unreachable!("HMAC accepts keys of any length")
    };
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// `derive(key, label)`: the WS-SecureConversation key derivation.
fn derive(key: &[u8], label: &str) -> [u8; 24] {
    let message = format!("WS-SecureConversation{label}");
    let h1 = hmac(key, &[message.as_bytes()]);
    let h2 = hmac(key, &[&h1, message.as_bytes()]);
    let h3 = hmac(key, &[&h1]);
    let h4 = hmac(key, &[&h3, message.as_bytes()]);
    let mut out = [0u8; 24];
    out[..20].copy_from_slice(&h2);
    out[20..].copy_from_slice(&h4[..4]);
    out
}

fn decode_secret(secret_b64: &str) -> Result<Vec<u8>, MbiError> {
    BASE64
        .decode(secret_b64.trim())
        .ok()
        .filter(|secret| secret.len() == 24)
        .ok_or(MbiError::BadSecret)
}

/// 3DES-CBC with PKCS#5 padding (a full block of `0x08` for the 64-byte nonce).
fn encrypt(key: &[u8; 24], iv: &[u8; 8], plain: &[u8]) -> Vec<u8> {
    let Ok(cipher) = TripleDesCbcEnc::new_from_slices(key, iv) else {
        unreachable!("key and IV have fixed, valid sizes")
    };
    cipher.encrypt_padded_vec::<Pkcs7>(plain)
}

fn decrypt(key: &[u8; 24], iv: &[u8], cipher_text: &[u8]) -> Option<Vec<u8>> {
    TripleDesCbcDec::new_from_slices(key, iv)
        .ok()?
        .decrypt_padded_vec::<Pkcs7>(cipher_text)
        .ok()
}

/// The base64 MBI blob answering `nonce` (used as ASCII bytes, not decoded) with the
/// binary secret of the messengerclear.live.com token; `iv` should be random.
pub fn mbi_response(secret_b64: &str, nonce: &str, iv: [u8; 8]) -> Result<String, MbiError> {
    let secret = decode_secret(secret_b64)?;
    let hash_key = derive(&secret, "SESSION KEY HASH");
    let encryption_key = derive(&secret, "SESSION KEY ENCRYPTION");
    let hash = hmac(&hash_key, &[nonce.as_bytes()]);
    let cipher = encrypt(&encryption_key, &iv, nonce.as_bytes());

    let mut blob = Vec::with_capacity(28 + 8 + 20 + cipher.len());
    let mut header = HEADER;
    header[5] = 20;
    for value in header {
        blob.extend_from_slice(&value.to_le_bytes());
    }
    blob.extend_from_slice(&(cipher.len() as u32).to_le_bytes());
    blob.extend_from_slice(&iv);
    blob.extend_from_slice(&hash);
    blob.extend_from_slice(&cipher);
    Ok(BASE64.encode(blob))
}

/// Server side: checks a client's blob against the nonce and the secret we issued.
pub fn verify_mbi_response(secret_b64: &str, nonce: &str, blob_b64: &str) -> Result<(), MbiError> {
    let secret = decode_secret(secret_b64)?;
    let blob = BASE64.decode(blob_b64).map_err(|_| MbiError::BadBase64)?;
    let word = |index: usize| -> Option<u32> {
        let bytes = blob.get(index * 4..index * 4 + 4)?;
        Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    };
    let header_ok = HEADER
        .iter()
        .enumerate()
        .all(|(i, expected)| word(i) == Some(*expected));
    let cipher_len = word(6).ok_or(MbiError::BadLayout)? as usize;
    if !header_ok || blob.len() != 28 + 8 + 20 + cipher_len {
        return Err(MbiError::BadLayout);
    }
    let (iv, rest) = blob[28..].split_at(8);
    let (hash, cipher) = rest.split_at(20);
    let hash_key = derive(&secret, "SESSION KEY HASH");
    let encryption_key = derive(&secret, "SESSION KEY ENCRYPTION");
    let plain = decrypt(&encryption_key, iv, cipher).ok_or(MbiError::Mismatch)?;
    if plain != nonce.as_bytes() || hash != hmac(&hash_key, &[nonce.as_bytes()]) {
        return Err(MbiError::Mismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYX";

    #[test]
    fn blob_has_the_documented_layout() {
        let nonce = "8LfxH7xd+FhgRt3PRM52ce24JGgV+AK7FBwXQ4OozqD0mJI+1Tae5Kgo3UiXM8S+";
        let blob = mbi_response(SECRET, nonce, [7; 8]).unwrap();
        assert_eq!(blob.len(), 172);
        assert!(blob.starts_with("HAAAAAEAAAADZgAABIAAAAgAAAAUAAAASAAAAA"));
        assert_eq!(verify_mbi_response(SECRET, nonce, &blob), Ok(()));
    }

    #[test]
    fn wrong_nonce_or_secret_is_rejected() {
        let blob = mbi_response(SECRET, "nonce-one", [1; 8]).unwrap();
        assert_eq!(
            verify_mbi_response(SECRET, "nonce-two", &blob),
            Err(MbiError::Mismatch)
        );
        let other = BASE64.encode([9u8; 24]);
        assert_eq!(
            verify_mbi_response(&other, "nonce-one", &blob),
            Err(MbiError::Mismatch)
        );
        assert_eq!(
            verify_mbi_response(SECRET, "x", "!!"),
            Err(MbiError::BadBase64)
        );
        assert_eq!(mbi_response("short", "x", [0; 8]), Err(MbiError::BadSecret));
    }
}
