//! Signing keys: Concord's public development keys (the well-known Anvil /
//! Hardhat test accounts, so wallets and tools agree) and envelope signing.
//! Anyone can sign with a dev key: never use them for real value.

use alloy_primitives::Bytes;
use k256::ecdsa::SigningKey;

use crate::command::CommandBody;
use crate::envelope::{Domain, SignedEnvelope, signing_hash};
use crate::types::Address;

/// The private keys of the ten standard development accounts.
pub const DEV_SECRETS: [&str; 10] = [
    "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    "47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    "92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    "4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    "dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
    "2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
];

/// A secp256k1 signing key with its address.
#[derive(Clone)]
pub struct Key {
    signing: SigningKey,
    /// The key's Ethereum address.
    pub address: Address,
}

/// Why a secret is not a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("key: must be 32 bytes of hex (64 digits, optional 0x) and a valid secp256k1 scalar")]
pub struct KeyError;

impl Key {
    /// A key from 32 secret bytes in hex (with or without `0x`).
    pub fn from_hex(secret: &str) -> Result<Self, KeyError> {
        let bytes = hex_32(secret.strip_prefix("0x").unwrap_or(secret)).ok_or(KeyError)?;
        let signing = SigningKey::from_slice(&bytes).map_err(|_| KeyError)?;
        let address = Address::from(alloy_primitives::Address::from_public_key(signing.verifying_key()));
        Ok(Self { signing, address })
    }

    /// Development key `index` (0 to 9).
    ///
    /// # Panics
    /// If `index` is 10 or more.
    pub fn dev(index: usize) -> Self {
        Self::from_hex(DEV_SECRETS[index]).expect("dev secrets are valid keys")
    }

    /// The secret as 0x-prefixed hex (for `concord keys`).
    pub fn secret_hex(&self) -> String {
        format!("0x{}", alloy_primitives::hex::encode(self.signing.to_bytes()))
    }

    /// Signs a 32-byte digest: 65 bytes `r ‖ s ‖ v` with low `s` and v = 27 or 28.
    pub fn sign_digest(&self, digest: &[u8; 32]) -> [u8; 65] {
        let (signature, recovery) =
            self.signing.sign_prehash_recoverable(digest).expect("signing a 32-byte digest cannot fail");
        // k256 returns low-s signatures; normalise anyway and flip v if it did.
        let (signature, flipped) = match signature.normalize_s() {
            Some(low) => (low, true),
            None => (signature, false),
        };
        let mut out = [0u8; 65];
        out[..64].copy_from_slice(&signature.to_bytes());
        out[64] = 27 + (u8::from(recovery.is_y_odd()) ^ u8::from(flipped));
        out
    }

    /// Signs a command body as an envelope for `domain` with `nonce`.
    pub fn sign(&self, domain: &Domain, nonce: u64, body: &CommandBody) -> SignedEnvelope {
        self.sign_raw(domain, nonce, body.kind(), &body.body_json())
    }

    /// Signs arbitrary kind and body text (tests use it to sign bad bodies).
    pub fn sign_raw(&self, domain: &Domain, nonce: u64, kind: &str, body: &str) -> SignedEnvelope {
        let digest = signing_hash(domain, self.address, nonce, kind, body);
        SignedEnvelope {
            domain: domain.clone(),
            account: self.address,
            nonce,
            kind: kind.to_owned(),
            body: body.to_owned(),
            signature: Bytes::copy_from_slice(&self.sign_digest(&digest)),
        }
    }
}

fn hex_32(text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    alloy_primitives::hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_keys_derive_the_well_known_addresses() {
        let expected = [
            "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
            "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
            "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
            "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
            "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
            "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
            "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
            "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
            "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
        ];
        for (i, address) in expected.iter().enumerate() {
            assert_eq!(Key::dev(i).address.to_string(), *address, "dev key {i}");
        }
    }

    #[test]
    fn rejects_bad_secrets() {
        assert!(Key::from_hex("12").is_err());
        assert!(Key::from_hex(&"0".repeat(64)).is_err()); // zero is not a valid scalar
        assert!(Key::from_hex(&"zz".repeat(32)).is_err());
    }
}
