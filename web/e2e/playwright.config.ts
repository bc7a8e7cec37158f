import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Chosen once in the runner process; workers inherit them through the environment. A random port lets
// several test runs share the machine; the temporary directory gives every run a fresh database.
process.env.E2E_PORT ??= String(20000 + Math.floor(Math.random() * 20000));
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "mixera-e2e-"));
// status.spec.ts starts (and stops) a second portal here; the status page reaches one OAuth endpoint through it.
process.env.E2E_STATUS_PORT ??= String(40000 + Math.floor(Math.random() * 20000));
const port = Number(process.env.E2E_PORT);
const dataDir = process.env.E2E_DATA_DIR;

export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.ts$/,
  outputDir: "../../test-results/e2e",
  timeout: 60_000,
  workers: 1,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
    screenshot: "only-on-failure",
  },
  webServer: {
    command: `../../node_modules/.bin/deno run -A ../main.ts`,
    url: `http://127.0.0.1:${port}/signin`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      MIXERA_ENV: "development",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LIBSQL_URL: `file:${join(dataDir, "portal.db")}`,
      DATA_DIR: dataDir,
      ADMIN_EMAILS:
        "admin@e2e.example,oauth-admin@e2e.example,phone-admin@e2e.example,devices-admin@e2e.example,shop-admin@e2e.example,cloud-tracks-admin@e2e.example,stats-admin@e2e.example,board-admin@e2e.example,eco-admin@e2e.example,telemetry-admin@e2e.example,connect-ana@e2e.example,connect-ben@e2e.example,mixey-dj@e2e.example,mixey-nojs@e2e.example",
      STATUS_TARGETS: `oauth.userinfo=http://127.0.0.1:${process.env.E2E_STATUS_PORT}`,
    },
  },
});
