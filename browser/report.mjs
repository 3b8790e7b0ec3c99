// Opens every built-in scenario's simulation report in Debian's chromium and
// checks what a person sees: the title, the verdicts, every chart drawn at a
// nonzero size; saves a full-page screenshot of each. For token-shock it also
// checks that the 50% GOV shock of day 30 shows in the TVL band.
//
// Usage: node browser/report.mjs --concord PATH/TO/concord --out DIR [--runs 8]
// Driven by crates/cli/tests/browser.rs (`report_opens_in_chromium`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const SCENARIOS = ['token-shock', 'rewards-end', 'emission-sell-pressure', 'sybil-governance', 'member-exit'];
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (fallback === undefined) throw new Error(`--${name} is required`);
  return fallback;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const concord = resolve(arg('concord'));
const outRoot = resolve(arg('out'));
const runs = arg('runs', '8');
check(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (scripts/test.sh does)`);
check(existsSync(concord), `${concord} is missing: build the concord binary first`);
mkdirSync(outRoot, { recursive: true });

// Runs `concord simulate` (exit 1 only means an assertion failed: a verdict, not an error).
function simulate(name, dir) {
  try {
    execFileSync(concord, ['simulate', name, '--runs', runs, '--threads', '2', '--out', dir], { stdio: 'pipe' });
  } catch (e) {
    check(e.status === 1, `concord simulate ${name} failed (${e.status}): ${e.stderr}`);
  }
}

// The token-shock criterion: the median TVL on day 31 is below 0.75× its
// day-29 value (the shock halves GOV, the only stake token), while from
// day 27 to day 29 it stays above 0.75× (so the fall is the shock, not a trend).
function checkShock(summary) {
  const p50 = summary.results[0].bands.tvl.p50;
  const [d27, d29, d31] = [p50[27], p50[29], p50[31]];
  check(d27 > 0 && d29 > 0 && d31 > 0, `token-shock: TVL medians must be positive, got ${d27}, ${d29}, ${d31}`);
  check(d31 < 0.75 * d29, `token-shock: median TVL day 31 ${d31} is not below 0.75 × day 29 ${d29}`);
  check(d29 > 0.75 * d27, `token-shock: median TVL already fell before the shock (${d27} → ${d29})`);
  console.log(`token-shock: median TVL day 29 ${d29.toFixed(0)} → day 31 ${d31.toFixed(0)} (×${(d31 / d29).toFixed(3)})`);
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
let failures = 0;
try {
  for (const name of SCENARIOS) {
    const dir = join(outRoot, name);
    try {
      simulate(name, dir);
      const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
      const charts = readdirSync(join(dir, 'charts')).filter((f) => f.endsWith('.svg'));
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
      await page.goto(pathToFileURL(join(dir, 'report.html')).href);

      const title = await page.title();
      check(title === `${name} — Concord simulation report`, `${name}: title is "${title}"`);
      const verdicts = page.locator('section#verdicts');
      check(await verdicts.isVisible(), `${name}: the verdict section is not visible`);
      const verdictText = await verdicts.innerText();
      check(verdictText.startsWith('Verdicts'), `${name}: the verdict section has no heading`);
      const overall = await page.locator('#overall').innerText();
      check(/verdicts? with a limit (passed|failed)|No verdict sets a limit/.test(overall), `${name}: overall line "${overall}"`);
      for (const s of summary.results) {
        for (const v of s.verdicts) {
          check(verdictText.includes(v.text), `${name}: verdict "${v.text}" is not on the page`);
        }
      }
      const boxes = await page.locator('figure.chart svg').evaluateAll((svgs) =>
        svgs.map((svg) => {
          const r = svg.getBoundingClientRect();
          return { w: r.width, h: r.height, file: svg.closest('figure').dataset.file };
        }),
      );
      check(boxes.length === charts.length, `${name}: ${boxes.length} charts on the page, ${charts.length} files`);
      check(boxes.length >= 5, `${name}: only ${boxes.length} charts`);
      for (const b of boxes) {
        check(b.w > 0 && b.h > 0, `${name}: chart ${b.file} rendered at ${b.w}×${b.h}`);
      }
      check(errors.length === 0, `${name}: ${errors.join('; ')}`);
      if (name === 'token-shock') checkShock(summary);

      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`ok ${name}: "${title}", ${boxes.length} charts, screenshot ${shot}`);
      await page.close();
    } catch (e) {
      failures += 1;
      console.log(`not ok ${name}: ${e.message}`);
    }
  }
} finally {
  await browser.close();
}
console.log(`${SCENARIOS.length - failures} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
