// Runs every check and test suite of the project in one go and ends with one line
// "N passed, N failed, N skipped". Exits non-zero on any failure, a crashed runner, or when no test ran.
//
// Usage: npm test [-- --only deno,bun,e2e,checks]   (MIXERA_TEST_FILE_BY_FILE=1: one Deno process per test file)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";

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
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`━━ ${label}: exit ${result.status ?? result.signal} in ${seconds} s`);
  return result;
}

/** A check (type check, lint, format) counts as one test. */
function check(label, cmd, args) {
  if (run(label, cmd, args).status === 0) totals.passed++;
  else {
    totals.failed++;
    failures.push(label);
  }
}

/** Counts <testcase> elements of a JUnit file: failed when they hold <failure>/<error>, skipped when <skipped>. */
function countJUnit(file) {
  if (!existsSync(file)) return null;
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const xml = readFileSync(file, "utf8");
  const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
  for (const testcase of cases) {
    if (/<(failure|error)\b/.test(testcase)) counts.failed++;
    else if (/<skipped\b/.test(testcase)) counts.skipped++;
    else counts.passed++;
  }
  return counts;
}

/** Adds a runner's JUnit counts to the totals; a missing report, a non-zero exit or an empty run is a failure. */
function account(label, exitedOk, counts) {
  if (!counts) {
    totals.failed++;
    failures.push(`${label} (runner wrote no report)`);
    return;
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  if (counts.failed > 0) failures.push(`${label} (${counts.failed} failed)`);
  if (!exitedOk && counts.failed === 0) {
    totals.failed++;
    failures.push(`${label} (runner exited non-zero)`);
  }
  if (counts.passed + counts.failed + counts.skipped === 0) {
    totals.failed++;
    failures.push(`${label} (no test ran)`);
  }
}

/** A test runner writing JUnit to `junitFile`. */
function suite(label, cmd, args, junitFile, env) {
  const result = run(label, cmd, args, env);
  account(label, result.status === 0, countJUnit(junitFile));
}

function denoTestFiles() {
  const found = [];
  for (const dir of ["web", "shared"]) {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
      const path = relative(root, join(entry.parentPath, entry.name));
      if (entry.isFile() && /_test\.tsx?$/.test(entry.name) && !/(^|\/)(e2e|bench)\//.test(path)) {
        found.push(path);
      }
    }
  }
  return found.sort();
}

function runQuietly(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => output += chunk);
    child.stderr.on("data", (chunk) => output += chunk);
    child.on("close", (code, signal) => resolve({ code, signal, output }));
  });
}

const crashed = (code, signal) => signal !== null || code === null || code >= 128;

/**
 * deno test over web/ and shared/ in one process. The libSQL Node-API addon can crash a Deno test process
 * with SIGSEGV inside the addon (see web/db/client.ts). When that happens the suite runs again file by file,
 * two processes at a time, a crashed file retried once, so one crash cannot hide every other file's results.
 * Every crash and retry is printed.
 */
async function denoSuite() {
  const label = "deno test (web, shared)";
  const junit = join(resultsDir, "deno.xml");
  if (process.env.MIXERA_TEST_FILE_BY_FILE !== "1") {
    const whole = run(label, bin("deno"), ["test", "-A", "--parallel", `--junit-path=${junit}`], {
      DENO_JOBS: "2",
    });
    if (!crashed(whole.status, whole.signal)) {
      account(label, whole.status === 0, countJUnit(junit));
      return;
    }
    console.log(`━━ ${label}: the test process crashed; running each test file in its own process`);
  }
  const queue = denoTestFiles();
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const fileJunit = join(resultsDir, `deno-${file.replaceAll("/", "_")}.xml`);
      let result;
      for (let attempt = 1; attempt <= 2; attempt++) {
        rmSync(fileJunit, { force: true });
        result = await runQuietly(bin("deno"), ["test", "-A", `--junit-path=${fileJunit}`, file]);
        if (!crashed(result.code, result.signal)) break;
        console.log(`   ${file}: process crashed (${result.signal ?? result.code}) on attempt ${attempt}`);
      }
      const counts = countJUnit(fileJunit);
      if (result.code !== 0) process.stdout.write(result.output);
      console.log(`   ${file}: ${counts ? `${counts.passed} passed, ${counts.failed} failed` : "no report"}`);
      account(`${label}: ${file}`, result.code === 0, counts);
    }
  };
  await Promise.all([worker(), worker()]);
}

/**
 * One test-file suffix per runtime: `*.test.ts` under controller/ (Bun), `*_test.ts` under web/ and shared/
 * (Deno; shared/ also under Bun), `*.spec.ts` under web/e2e/ (Playwright). A file named for another runtime
 * would be skipped by its own runner or picked up by the wrong one, so a misnamed test file fails the run.
 */
function misnamedTestFiles() {
  const looksLikeTest = /[._](test|spec)\.[cm]?[jt]sx?$/;
  const rules = [
    { under: "web/e2e/", pattern: /\.spec\.ts$/ },
    { under: "web/", pattern: /_test\.tsx?$/ },
    { under: "shared/", pattern: /_test\.tsx?$/ },
    { under: "controller/", pattern: /\.test\.ts$/ },
  ];
  const misnamed = [];
  for (const dir of ["web", "shared", "controller"]) {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
      const path = relative(root, join(entry.parentPath, entry.name));
      if (!entry.isFile() || path.includes("node_modules/") || !looksLikeTest.test(entry.name)) continue;
      const rule = rules.find((r) => path.startsWith(r.under));
      if (!rule.pattern.test(entry.name)) misnamed.push(`${path} (expected ${rule.pattern.source})`);
    }
  }
  return misnamed;
}

console.log("\n━━ test file names: one suffix per runtime");
const misnamed = misnamedTestFiles();
if (misnamed.length === 0) totals.passed++;
else {
  totals.failed++;
  failures.push(`misnamed test files: ${misnamed.join(", ")}`);
  console.log(misnamed.map((path) => `   ${path}`).join("\n"));
}

if (wanted("checks")) {
  check("deno.lock is current", bin("deno"), ["install", "--lockfile-only", "--frozen"]);
  check("type check (Deno: web, shared)", bin("deno"), ["check", "web/", "shared/"]);
  check("type check (Bun: controller)", bin("tsc"), ["-p", "tsconfig.json"]);
  check("deno lint", bin("deno"), ["lint"]);
  check("deno fmt --check", bin("deno"), ["fmt", "--check"]);
}
if (wanted("deno")) await denoSuite();
if (wanted("bun")) {
  const junit = join(resultsDir, "bun.xml");
  suite(
    "bun test (controller, shared)",
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
