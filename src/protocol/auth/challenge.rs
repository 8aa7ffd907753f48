//! CHL/QRY challenge answers (docs/protocol.md §2.10): MD5 up to MSNP10, the MSNP11 hash after.

use md5::{Digest, Md5};

use super::md5_login::hex;

/// A client product id (public, sent in QRY) and its private key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProductKey {
    pub id: &'static str,
    pub key: &'static str,
}

const MSN6: ProductKey = ProductKey {
    id: "msmsgs@msnmsgr.com",
    key: "Q1P7W2E4J9R8U3S5",
};
const MSN7: ProductKey = ProductKey {
    id: "PROD0090YUAUV{2B",
    key: "YMM8C_H7KCQ2S_KL",
};
const WLM8: ProductKey = ProductKey {
    id: "PROD01065C%ZFN6F",
    key: "O4BG@C7BWLYQX?5G",
};
const WLM85: ProductKey = ProductKey {
    id: "PROD0119GSJUC$18",
    key: "ILTXC!4IXB5FB*PX",
};
const WLM2009: ProductKey = ProductKey {
    id: "PROD0120PW!CCV9@",
    key: "C1BX{V4W}Q3*10SM",
};

/// Every product the bundled server accepts, with the highest dialect it was valid for.
pub const KNOWN_PRODUCTS: &[(ProductKey, u8)] = &[
    (MSN6, 10),
    (MSN7, 12),
    (WLM8, 14),
    (WLM85, 21),
    (WLM2009, 21),
];

/// The product a client of that dialect identifies as.
pub fn product_for(version: u8) -> ProductKey {
    match version {
        ..=10 => MSN6,
        11..=12 => MSN7,
        13..=14 => WLM8,
        15 => WLM85,
        _ => WLM2009,
    }
}

/// The key paired with a product id, if it is one we know.
pub fn key_for(product_id: &str) -> Option<ProductKey> {
    KNOWN_PRODUCTS
        .iter()
        .map(|(product, _)| *product)
        .find(|product| product.id == product_id)
}

/// The 32 hex characters that answer `challenge` for a client of `version`.
pub fn answer_challenge(version: u8, challenge: &str, product: ProductKey) -> String {
    if version <= 10 {
        md5_answer(challenge, product.key)
    } else {
        msnp11_answer(challenge, product)
    }
}

fn md5_answer(challenge: &str, key: &str) -> String {
    let mut hasher = Md5::new();
    hasher.update(challenge.as_bytes());
    hasher.update(key.as_bytes());
    hex(&hasher.finalize())
}

const MODULUS: u64 = 0x7FFF_FFFF;

fn msnp11_answer(challenge: &str, product: ProductKey) -> String {
    let mut hasher = Md5::new();
    hasher.update(challenge.as_bytes());
    hasher.update(product.key.as_bytes());
    let digest = hasher.finalize();
    let h: Vec<u32> = digest
        .chunks_exact(4)
        .map(|word| u32::from_le_bytes([word[0], word[1], word[2], word[3]]))
        .collect();
    let m: Vec<u64> = h.iter().map(|word| u64::from(word & 0x7FFF_FFFF)).collect();

    let mut text = format!("{challenge}{}", product.id).into_bytes();
    while text.len() % 8 != 0 {
        text.push(b'0');
    }
    let words: Vec<u64> = text
        .chunks_exact(4)
        .map(|word| u64::from(u32::from_le_bytes([word[0], word[1], word[2], word[3]])))
        .collect();

    let (mut high, mut low) = (0u64, 0u64);
    for pair in words.chunks_exact(2) {
        let mut t = (pair[0] * 0x0E79_A9C1) % MODULUS;
        t = (m[0] * (t + low) + m[1]) % MODULUS;
        high += t;
        t = (pair[1] + t) % MODULUS;
        low = (m[2] * t + m[3]) % MODULUS;
        high += low;
    }
    low = (low + m[1]) % MODULUS;
    high = (high + m[3]) % MODULUS;
    let (low, high) = (low as u32, high as u32);
    let result = [h[0] ^ low, h[1] ^ high, h[2] ^ low, h[3] ^ high];
    result.iter().map(|word| hex(&word.to_le_bytes())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_test_vectors() {
        assert_eq!(
            md5_answer("15570131571988941333", "Q1P7W2E4J9R8U3S5"),
            "8f2f5a91b72102cd28355e9fc9000d6e"
        );
        assert_eq!(
            msnp11_answer("22210219642164014968", MSN7),
            "85ecb0db8f32113df79ce0892b9a102c"
        );
        let wlm81 = ProductKey {
            id: "PROD0113H11T8$X_",
            key: "RG@XY*28Q5QHS%Q5",
        };
        assert_eq!(
            msnp11_answer("11533365622852247127", wlm81),
            "f086d1ded067186deca8dba2231602cf"
        );
    }

    #[test]
    fn version_selects_the_algorithm() {
        assert_eq!(
            answer_challenge(8, "15570131571988941333", product_for(8)),
            "8f2f5a91b72102cd28355e9fc9000d6e"
        );
        assert_eq!(
            answer_challenge(12, "22210219642164014968", product_for(12)),
            "85ecb0db8f32113df79ce0892b9a102c"
        );
        assert_eq!(key_for("PROD0090YUAUV{2B"), Some(MSN7));
        assert_eq!(key_for("nope"), None);
    }
}
