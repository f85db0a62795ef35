//! Secret bearer tokens (sessions, invitations, login devices): 256 random bits from the operating system,
//! URL-safe base64 behind a prefix that says what the token is for. A token is shown once,
//! to whoever it is issued to; the store keeps only its SHA-256 hash, so a copy of the
//! database opens no session and accepts no invitation. (The hash need not be slow: a
//! 256-bit random value cannot be guessed, unlike a password.)

use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Longest token any prefix issues; anything longer is refused before hashing.
const MAX_LEN: usize = 100;

/// A new token with `prefix`, and its hash.
pub fn issue(prefix: &str) -> (String, Vec<u8>) {
    let mut raw = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    let token = format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
    );
    let hash = hash(&token);
    (token, hash)
}

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Whether `token` could be one issued with `prefix`.
pub fn plausible(token: &str, prefix: &str) -> bool {
    token.starts_with(prefix) && token.len() <= MAX_LEN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_stored_only_as_their_hash() {
        let (first, hash_of_first) = issue("hbi_");
        let (second, _) = issue("hbi_");
        assert_ne!(first, second);
        assert!(plausible(&first, "hbi_") && !plausible(&first, "hb_"));
        assert_eq!(first.len(), "hbi_".len() + 43, "256 bits in base64");
        assert_eq!(hash(&first), hash_of_first);
        assert_eq!(hash_of_first.len(), 32);
        assert!(!plausible(&format!("hbi_{}", "a".repeat(100)), "hbi_"));
    }
}
