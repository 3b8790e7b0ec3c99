//! The simulation report as a person sees it: `browser/report.mjs` runs
//! `concord simulate` on each built-in scenario, opens `report.html` in
//! Debian's chromium (playwright-core) and checks the title, the verdicts,
//! every chart's rendered size and, for token-shock, the shock in the TVL
//! band; it saves a screenshot per scenario.

use std::path::Path;
use std::process::Command;

#[test]
fn report_opens_in_chromium() {
    if std::env::var_os("CONCORD_SKIP_BROWSER").is_some() {
        eprintln!("report_opens_in_chromium: skipped because CONCORD_SKIP_BROWSER is set");
        return;
    }
    let browser = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../browser");
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "/usr/bin/chromium is missing: apt-get install chromium (scripts/test.sh does), or set CONCORD_SKIP_BROWSER=1"
    );
    assert!(
        browser.join("node_modules/playwright-core").exists(),
        "playwright-core is not installed: run `npm ci --prefix browser` (scripts/test.sh does)"
    );
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-report");
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new("node")
        .arg(browser.join("report.mjs"))
        .args(["--concord", env!("CARGO_BIN_EXE_concord"), "--runs", "8", "--out"])
        .arg(&out)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    println!("{stdout}");
    assert!(run.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&run.stderr));
    for name in ["token-shock", "rewards-end", "emission-sell-pressure", "sybil-governance", "member-exit"] {
        let shot = out.join(name).join("report.png");
        assert!(shot.exists(), "{} missing", shot.display());
        assert!(stdout.contains(&format!("ok {name}:")), "{stdout}");
    }
    assert!(stdout.contains("5 passed, 0 failed"), "{stdout}");
    eprintln!("screenshots under {}", out.display());
}
