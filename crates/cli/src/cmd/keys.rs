//! `concord keys`: the public development keys.

use std::io::Write;
use std::process::ExitCode;

use concord_core::keys::Key;

const ROLES: [&str; 10] = [
    "admin, leader, ALLY minter",
    "relayer",
    "community member (GOV DAO / DEX DAO)",
    "community member (PLAY Guild / LEND DAO)",
    "contributor",
    "contributor",
    "spare",
    "spare",
    "spare",
    "spare",
];

pub(crate) fn run() -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "PUBLIC DEVELOPMENT KEYS — anyone can sign with these. Never use them for real value.\n")?;
    writeln!(out, "{:<3} {:<44} {:<68} role in the templates", "#", "address", "secret")?;
    for (i, role) in ROLES.iter().enumerate() {
        let key = Key::dev(i);
        writeln!(out, "{i:<3} {:<44} {:<68} {role}", key.address.to_string(), key.secret_hex())?;
    }
    Ok(ExitCode::SUCCESS)
}
