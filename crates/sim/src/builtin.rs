//! The built-in scenarios (`scenarios/*.toml` in the repository, embedded),
//! one per question the second seed asks before deploying: a 50 % drop in
//! one member token, rewards ending, emission sell pressure, a sybil
//! cluster in governance, a member community exiting.

/// `(name, TOML text)` of every built-in scenario, in listing order.
pub const BUILTINS: &[(&str, &str)] = &[
    ("token-shock", include_str!("../../../scenarios/token-shock.toml")),
    ("rewards-end", include_str!("../../../scenarios/rewards-end.toml")),
    ("emission-sell-pressure", include_str!("../../../scenarios/emission-sell-pressure.toml")),
    ("sybil-governance", include_str!("../../../scenarios/sybil-governance.toml")),
    ("member-exit", include_str!("../../../scenarios/member-exit.toml")),
];

/// A built-in scenario's text by name.
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
