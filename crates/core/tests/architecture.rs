//! The layering of concord-core (ARCHITECTURE.md): types → kernel →
//! mechanisms → command/engine → query. A mechanism never reaches the engine's
//! whole `State` or the query layer above it; the kernel never reaches a
//! mechanism's state except through the narrow read traits it defines.

use std::path::{Path, PathBuf};

const MECHANISMS: &[&str] = &[
    "kernel",
    "ledger",
    "alliance",
    "governance",
    "vault",
    "emission",
    "vesting",
    "split",
    "escrow",
    "gauge",
    "merkle",
    "mission",
    "board",
    "partner",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn mechanism_files() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.join("roles.rs")];
    for m in MECHANISMS {
        rust_files(&src.join(m), &mut files);
    }
    files
}

/// Lines of `text` that name `needle` outside comments.
fn offending(text: &str, needle: &str) -> Vec<String> {
    text.lines()
        .filter(|l| {
            let code = l.split("//").next().unwrap_or("");
            code.contains(needle)
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn no_mechanism_file_reaches_the_engine_or_the_query_layer() {
    let files = mechanism_files();
    assert!(files.len() >= 30, "the mechanism folders moved? found {} files", files.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for needle in ["crate::engine", "crate::query", "engine::State", "super::engine"] {
            for line in offending(&text, needle) {
                found.push(format!("{}: {}", file.display(), line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "mechanisms must take their own state and the kernel:\n{}", found.join("\n"));
}

#[test]
fn the_kernel_imports_no_mechanism_state_but_through_its_read_traits() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/kernel");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // reads.rs implements the read traits for the mechanisms that supply them.
        if file.ends_with("reads.rs") {
            continue;
        }
        for needle in [
            "crate::vault",
            "crate::emission",
            "crate::vesting",
            "crate::split",
            "crate::gauge",
            "crate::merkle",
        ] {
            for line in offending(&text, needle) {
                found.push(format!("{}: {}", file.display(), line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "the kernel must not depend on mechanisms:\n{}", found.join("\n"));
}

#[test]
fn the_check_finds_an_offending_line() {
    // The check itself can fail: a use of the engine in code is caught, one in a comment is not.
    assert_eq!(offending("use crate::engine::State;\n// crate::engine in prose\n", "crate::engine").len(), 1);
}
