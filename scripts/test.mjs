// Runs every check and test suite of the project in one go and ends with one line
// "N passed, N failed, N skipped". Exits non-zero on any failure, a crashed runner, or when no test ran.
//
// Usage: npm test [-- --only deno,bun,e2e,checks]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => join(root, "node_modules", ".bin", name);
const resultsDir = join(root, ".test-results");
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const onlyArg = process.argv.indexOf("--only");
const only = onlyArg >= 0 ? new Set(process.argv[onlyArg + 1].split(",")) : null;
const wanted = (group) => !only || only.has(group);

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n━━ ${label}: ${cmd.split("/").pop()} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  console.log(
    `━━ ${label}: exit ${result.status ?? result.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return result.status === 0;
}

/** A check (type check, lint, format) counts as one test. */
function check(label, cmd, args) {
  if (run(label, cmd, args)) totals.passed++;
  else {
    totals.failed++;
    failures.push(label);
  }
}

/** Counts <testcase> elements of a JUnit file: failed when they hold <failure>/<error>, skipped when <skipped>. */
function countJUnit(file) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (!existsSync(file)) return null;
  const xml = readFileSync(file, "utf8");
  const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
  for (const testcase of cases) {
    if (/<(failure|error)\b/.test(testcase)) counts.failed++;
    else if (/<skipped\b/.test(testcase)) counts.skipped++;
    else counts.passed++;
  }
  return counts;
}

/** A test runner: its JUnit counts are added; a non-zero exit without a counted failure is a crash. */
function suite(label, cmd, args, junitFile, env) {
  const ok = run(label, cmd, args, env);
  const counts = countJUnit(junitFile);
  if (!counts) {
    totals.failed++;
    failures.push(`${label} (runner wrote no report)`);
    return;
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  if (counts.failed > 0) failures.push(`${label} (${counts.failed} failed)`);
  if (!ok && counts.failed === 0) {
    totals.failed++;
    failures.push(`${label} (runner exited non-zero)`);
  }
  if (counts.passed + counts.failed + counts.skipped === 0) {
    totals.failed++;
    failures.push(`${label} (no test ran)`);
  }
}

if (wanted("checks")) {
  check("deno.lock is current", bin("deno"), ["install", "--lockfile-only", "--frozen"]);
  check("type check (Deno: web, shared)", bin("deno"), ["check", "web/", "shared/"]);
  check("type check (Bun: controller)", bin("tsc"), ["-p", "tsconfig.json"]);
  check("deno lint", bin("deno"), ["lint"]);
  check("deno fmt --check", bin("deno"), ["fmt", "--check"]);
}
if (wanted("deno")) {
  const junit = join(resultsDir, "deno.xml");
  suite(
    "deno test (web, shared)",
    bin("deno"),
    ["test", "-A", "--parallel", `--junit-path=${junit}`],
    junit,
    {
      DENO_JOBS: "2",
    },
  );
}
if (wanted("bun")) {
  const junit = join(resultsDir, "bun.xml");
  suite(
    "bun test (controller)",
    bin("bun"),
    ["test", "--reporter=junit", `--reporter-outfile=${junit}`],
    junit,
  );
}
if (wanted("e2e")) {
  const junit = join(resultsDir, "playwright.xml");
  suite(
    "playwright (Chromium)",
    bin("playwright"),
    ["test", "-c", "web/e2e/playwright.config.ts", "--reporter=list,junit"],
    junit,
    { PLAYWRIGHT_JUNIT_OUTPUT_NAME: junit },
  );
}

if (failures.length) console.log(`\nFailed: ${failures.join("; ")}`);
const ran = totals.passed + totals.failed + totals.skipped;
const line = `${totals.passed} passed, ${totals.failed} failed` +
  (totals.skipped ? `, ${totals.skipped} skipped` : "");
console.log(`\n${line}`);
process.exit(totals.failed > 0 || ran === 0 ? 1 : 0);
