//! EIP-712 signed envelopes: the signing hash against a hand-written EIP-712
//! encoding, and every way an envelope is refused.

use alloy_primitives::{Bytes, U256, keccak256};
use concord_core::command::{BodyError, CommandBody};
use concord_core::envelope::{Domain, EnvelopeError, MAX_BODY_BYTES, SignedEnvelope, signing_hash};
use concord_core::keys::Key;
use concord_core::log::Chain;
use concord_core::testing::sample_charter;
use concord_core::types::{Address, ChainId};

use crate::common::{admin, derived_address, dev, gov_dao, play_guild, transfer};

/// The hub's domain written out: chain 10, verifying contract derived from
/// the genesis alliance id `gov-play-pool`.
fn hub_domain() -> Domain {
    Domain {
        name: "Concord".into(),
        version: "1".into(),
        chain_id: ChainId(10),
        verifying_contract: derived_address("alliance:gov-play-pool:verifying-contract"),
    }
}

fn word_u64(n: u64) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[24..].copy_from_slice(&n.to_be_bytes());
    w
}

fn word_address(a: Address) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a.as_bytes());
    w
}

/// EIP-712 by hand: keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(Command)).
fn reference_signing_hash(domain: &Domain, account: Address, nonce: u64, kind: &str, body: &str) -> [u8; 32] {
    let mut d = Vec::new();
    d.extend_from_slice(
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
            .as_slice(),
    );
    d.extend_from_slice(keccak256(&domain.name).as_slice());
    d.extend_from_slice(keccak256(&domain.version).as_slice());
    d.extend_from_slice(&word_u64(domain.chain_id.0));
    d.extend_from_slice(&word_address(domain.verifying_contract));
    let separator = keccak256(&d);
    let mut s = Vec::new();
    s.extend_from_slice(
        keccak256("Command(address account,uint64 nonce,string kind,string body)").as_slice(),
    );
    s.extend_from_slice(&word_address(account));
    s.extend_from_slice(&word_u64(nonce));
    s.extend_from_slice(keccak256(kind).as_slice());
    s.extend_from_slice(keccak256(body).as_slice());
    let struct_hash = keccak256(&s);
    let mut m = vec![0x19, 0x01];
    m.extend_from_slice(separator.as_slice());
    m.extend_from_slice(struct_hash.as_slice());
    keccak256(&m).0
}

fn body() -> CommandBody {
    transfer("GOV", play_guild(), 5)
}

fn signed_by_admin() -> SignedEnvelope {
    Key::dev(0).sign(&hub_domain(), 3, &body())
}

#[test]
fn the_hub_domain_uses_the_derived_verifying_contract() {
    let chain = Chain::genesis(&sample_charter());
    assert_eq!(chain.domain(), &hub_domain());
    assert_eq!(chain.engine().state().hub.verifying_contract, hub_domain().verifying_contract);
}

#[test]
fn the_signing_hash_is_standard_eip712() {
    let d = hub_domain();
    let json = body().body_json();
    assert_eq!(
        signing_hash(&d, admin(), 3, "transfer", &json),
        reference_signing_hash(&d, admin(), 3, "transfer", &json)
    );
    let other = Domain::new(ChainId(42_161), Address::from_bytes([9; 20]));
    assert_eq!(
        signing_hash(&other, gov_dao(), u64::MAX, "mint", "{}"),
        reference_signing_hash(&other, gov_dao(), u64::MAX, "mint", "{}")
    );
}

#[test]
fn the_signature_is_low_s_rsv_and_recovers_with_an_independent_library() {
    let envelope = signed_by_admin();
    let sig = &envelope.signature;
    assert_eq!(sig.len(), 65);
    assert!(sig[64] == 27 || sig[64] == 28);
    let digest = reference_signing_hash(&hub_domain(), admin(), 3, "transfer", &envelope.body);
    let signature = k256::ecdsa::Signature::from_slice(&sig[..64]).unwrap();
    assert!(signature.normalize_s().is_none(), "s must already be low");
    let id = k256::ecdsa::RecoveryId::from_byte(sig[64] - 27).unwrap();
    let key = k256::ecdsa::VerifyingKey::recover_from_prehash(&digest, &signature, id).unwrap();
    assert_eq!(Address::from(alloy_primitives::Address::from_public_key(&key)), admin());
}

#[test]
fn a_signed_envelope_opens_to_its_signer() {
    let opened = signed_by_admin().open(&hub_domain()).unwrap();
    assert_eq!(opened.actor, admin());
    assert_eq!(opened.nonce, 3);
    assert_eq!(opened.body, body());
    for i in 1..10 {
        let opened = Key::dev(i).sign(&hub_domain(), 0, &body()).open(&hub_domain()).unwrap();
        assert_eq!(opened.actor, dev(i));
    }
}

#[test]
fn v_may_be_given_as_0_or_1() {
    let mut envelope = signed_by_admin();
    let mut sig = envelope.signature.to_vec();
    sig[64] -= 27;
    envelope.signature = Bytes::from(sig);
    assert_eq!(envelope.open(&hub_domain()).unwrap().actor, admin());
}

#[test]
fn the_envelope_json_round_trips_and_still_opens() {
    let envelope = signed_by_admin();
    let json = serde_json::to_string(&envelope).unwrap();
    assert!(json.contains(r#""chainId":10"#), "{json}");
    assert!(json.contains(r#""verifyingContract":"0x"#), "{json}");
    let back: SignedEnvelope = serde_json::from_str(&json).unwrap();
    assert_eq!(back, envelope);
    assert_eq!(back.open(&hub_domain()).unwrap().actor, admin());
}

fn wrong_domain(domain: &Domain, field: &'static str, expected: &str, got: &str) {
    let envelope = Key::dev(0).sign(domain, 0, &body());
    let error = envelope.open(&hub_domain()).unwrap_err();
    assert_eq!(error, EnvelopeError::WrongDomain { field, expected: expected.into(), got: got.into() });
    assert_eq!(error.field(), field);
}

#[test]
fn a_wrong_chain_id_is_refused_with_code_wrong_chain() {
    let mut domain = hub_domain();
    domain.chain_id = ChainId(11);
    wrong_domain(&domain, "domain.chainId", "10", "11");
    let error = Key::dev(0).sign(&domain, 0, &body()).open(&hub_domain()).unwrap_err();
    assert_eq!(error.code(), "wrong_chain");
}

#[test]
fn a_wrong_verifying_contract_is_refused() {
    let mut domain = hub_domain();
    domain.verifying_contract = Address::from_bytes([0x11; 20]);
    wrong_domain(
        &domain,
        "domain.verifyingContract",
        &hub_domain().verifying_contract.to_string(),
        "0x1111111111111111111111111111111111111111",
    );
    let error = Key::dev(0).sign(&domain, 0, &body()).open(&hub_domain()).unwrap_err();
    assert_eq!(error.code(), "wrong_domain");
}

#[test]
fn a_wrong_name_or_version_is_refused() {
    let mut domain = hub_domain();
    domain.name = "Concorde".into();
    wrong_domain(&domain, "domain.name", "Concord", "Concorde");
    let mut domain = hub_domain();
    domain.version = "2".into();
    wrong_domain(&domain, "domain.version", "1", "2");
}

#[test]
fn a_tampered_body_recovers_to_someone_else() {
    let mut envelope = signed_by_admin();
    assert!(envelope.body.contains(r#""amount":"5""#), "{}", envelope.body);
    envelope.body = envelope.body.replace(r#""amount":"5""#, r#""amount":"500""#);
    match envelope.open(&hub_domain()) {
        Err(EnvelopeError::SignerMismatch { account, recovered }) => {
            assert_eq!(account, admin());
            assert_ne!(recovered, admin());
        }
        other => panic!("expected SignerMismatch, got {other:?}"),
    }
}

#[test]
fn a_tampered_nonce_or_kind_recovers_to_someone_else() {
    let mut envelope = signed_by_admin();
    envelope.nonce = 4;
    assert!(matches!(
        envelope.open(&hub_domain()),
        Err(EnvelopeError::SignerMismatch { account, .. }) if account == admin()
    ));
}

#[test]
fn a_signature_by_another_key_is_a_signer_mismatch() {
    let mut envelope = signed_by_admin();
    let digest = reference_signing_hash(&hub_domain(), admin(), 3, "transfer", &envelope.body);
    envelope.signature = Bytes::copy_from_slice(&Key::dev(2).sign_digest(&digest));
    let error = envelope.open(&hub_domain()).unwrap_err();
    assert_eq!(error, EnvelopeError::SignerMismatch { account: admin(), recovered: gov_dao() });
    assert_eq!(error.code(), "bad_signature");
    assert_eq!(error.field(), "signature");
}

/// secp256k1 group order n.
fn curve_order() -> U256 {
    "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141".parse().unwrap()
}

#[test]
fn a_high_s_malleated_signature_is_refused() {
    let mut envelope = signed_by_admin();
    let sig = envelope.signature.to_vec();
    let s = U256::from_be_slice(&sig[32..64]);
    let high_s = curve_order() - s;
    let mut malleated = sig.clone();
    malleated[32..64].copy_from_slice(&high_s.to_be_bytes::<32>());
    malleated[64] = if sig[64] == 27 { 28 } else { 27 };
    // The malleated signature is mathematically valid for the same key ...
    let digest = reference_signing_hash(&hub_domain(), admin(), 3, "transfer", &envelope.body);
    let k_sig = k256::ecdsa::Signature::from_slice(&malleated[..64]).unwrap();
    let id = k256::ecdsa::RecoveryId::from_byte(malleated[64] - 27).unwrap();
    if let Ok(key) = k256::ecdsa::VerifyingKey::recover_from_prehash(&digest, &k_sig, id) {
        assert_eq!(Address::from(alloy_primitives::Address::from_public_key(&key)), admin());
    }
    // ... but the hub accepts only the low-s form (EIP-2).
    envelope.signature = Bytes::from(malleated);
    let error = envelope.open(&hub_domain()).unwrap_err();
    assert_eq!(
        error,
        EnvelopeError::MalformedSignature {
            rule: "s is in the upper half of the curve order (malleable); sign with low s (EIP-2)",
        }
    );
    assert_eq!(error.code(), "malformed_signature");
}

#[test]
fn a_64_byte_signature_is_refused() {
    let mut envelope = signed_by_admin();
    envelope.signature = Bytes::copy_from_slice(&envelope.signature[..64]);
    assert_eq!(
        envelope.open(&hub_domain()),
        Err(EnvelopeError::MalformedSignature { rule: "must be 65 bytes (r ‖ s ‖ v)" })
    );
}

#[test]
fn a_bad_v_is_refused() {
    let mut envelope = signed_by_admin();
    let mut sig = envelope.signature.to_vec();
    sig[64] = 29;
    envelope.signature = Bytes::from(sig);
    assert_eq!(
        envelope.open(&hub_domain()),
        Err(EnvelopeError::MalformedSignature { rule: "v must be 27 or 28 (or 0 or 1)" })
    );
}

fn padded_transfer_body(len: usize) -> String {
    let json = body().body_json();
    // Trailing whitespace keeps it valid JSON.
    format!("{json}{}", " ".repeat(len - json.len()))
}

#[test]
fn a_body_over_the_limit_is_refused() {
    assert_eq!(MAX_BODY_BYTES, 131_072);
    let text = padded_transfer_body(131_073);
    let envelope = Key::dev(0).sign_raw(&hub_domain(), 0, "transfer", &text);
    let error = envelope.open(&hub_domain()).unwrap_err();
    assert_eq!(error, EnvelopeError::BodyTooLarge { max: 131_072, got: 131_073 });
    assert_eq!(error.field(), "body");
    // Exactly at the limit is fine.
    let text = padded_transfer_body(131_072);
    let envelope = Key::dev(0).sign_raw(&hub_domain(), 0, "transfer", &text);
    assert_eq!(envelope.open(&hub_domain()).unwrap().body, body());
}

#[test]
fn an_unknown_kind_is_refused() {
    let envelope = Key::dev(0).sign_raw(&hub_domain(), 0, "teleport", "{}");
    let error = envelope.open(&hub_domain()).unwrap_err();
    assert_eq!(
        error,
        EnvelopeError::Body(BodyError::UnknownKind {
            kind: "teleport".into(),
            known: "register-token, set-minter, grant-role, revoke-role, transfer, mint, burn, \
                    record-deposit, withdraw, create-alliance, create-escrow, create-lock, \
                    increase-lock-amount, extend-lock, withdraw-lock, create-gauge, set-gauge-params, \
                    vote-gauge, deposit-bribe, claim-bribe, reclaim-bribe, publish-merkle-root, \
                    claim-merkle-reward"
                .into(),
        })
    );
    assert_eq!(error.code(), "malformed_body");
    assert_eq!(error.field(), "kind");
}

#[test]
fn a_signed_but_malformed_body_names_the_field() {
    let text = format!(r#"{{"token":"GOV","to":"{}","amount":"five"}}"#, play_guild());
    let envelope = Key::dev(0).sign_raw(&hub_domain(), 0, "transfer", &text);
    let error = envelope.open(&hub_domain()).unwrap_err();
    assert_eq!(error.field(), "body.amount");
    assert_eq!(error.code(), "malformed_body");
}

#[test]
fn a_signed_body_with_a_repeated_key_is_refused() {
    // The wallet shows `"amount":"5"` first; the hub must not act on "500".
    let text = format!(r#"{{"token":"GOV","to":"{}","amount":"5","amount":"500"}}"#, play_guild());
    let envelope = Key::dev(0).sign_raw(&hub_domain(), 0, "transfer", &text);
    let error = envelope.open(&hub_domain()).unwrap_err();
    assert_eq!(error.field(), "body.amount");
    assert_eq!(error.code(), "malformed_body");
    assert!(error.to_string().contains("duplicate key `amount`"), "{error}");
}

#[test]
fn degenerate_signatures_are_malformed() {
    let mut envelope = signed_by_admin();
    // r = s = 0.
    let mut zero = [0u8; 65];
    zero[64] = 27;
    envelope.signature = Bytes::copy_from_slice(&zero);
    assert_eq!(
        envelope.open(&hub_domain()),
        Err(EnvelopeError::MalformedSignature { rule: "does not recover to a public key" })
    );
    // r = n (not below the group order), s kept low.
    let mut sig = signed_by_admin().signature.to_vec();
    sig[..32].copy_from_slice(&curve_order().to_be_bytes::<32>());
    envelope.signature = Bytes::from(sig);
    assert_eq!(
        envelope.open(&hub_domain()),
        Err(EnvelopeError::MalformedSignature { rule: "r or s is not a valid curve scalar" })
    );
}
