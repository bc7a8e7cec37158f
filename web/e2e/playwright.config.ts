import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Chosen once in the runner process; workers inherit them through the environment. A random port lets
// several test runs share the machine; the temporary directory gives every run a fresh database.
process.env.E2E_PORT ??= String(20000 + Math.floor(Math.random() * 20000));
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "mixera-e2e-"));
// status.spec.ts starts (and stops) a second portal here; the status page reaches one OAuth endpoint through it.
process.env.E2E_STATUS_PORT ??= String(Number(process.env.E2E_PORT) + 20000);
const firstPort = Number(process.env.E2E_PORT);
const dataRoot = process.env.E2E_DATA_DIR;

const ADMIN_EMAILS = [
  "admin",
  "oauth-admin",
  "phone-admin",
  "phone-preview-admin",
  "devices-admin",
  "shop-admin",
  "cloud-tracks-admin",
  "stats-admin",
  "board-admin",
  "eco-admin",
  "telemetry-admin",
  "connect-ana",
  "connect-ben",
  "mixey-dj",
  "mixey-nojs",
].map((name) => `${name}@e2e.example`).join(",");

// Every browser here connects from 127.0.0.1, and the portal limits sign-ups and device-code entries
// per IP (30 an hour, 10 in 15 minutes). The specs are therefore spread over portals of their own, each
// with its own database, so the whole suite stays inside the limits real users meet.
const PORTALS: { name: string; specs: RegExp }[] = [
  {
    name: "accounts",
    specs:
      /\/(auth|cloud|cloud_library|gema|infinity|lifecycle|oauth|phone_width|rent|smoke|firmware)\.spec\.ts$/,
  },
  { name: "controller", specs: /\/(cloud_tracks|controller_cloud_ui|controller_ui|devices|ota)\.spec\.ts$/ },
  { name: "stats", specs: /\/(dj_stats|leaderboard|sustainability)\.spec\.ts$/ },
  { name: "social", specs: /\/(connect|mixey|telemetry)\.spec\.ts$/ },
  { name: "status", specs: /\/status\.spec\.ts$/ },
];
const portals = PORTALS.map((portal, i) => ({
  ...portal,
  port: firstPort + i,
  dataDir: join(dataRoot, portal.name),
}));

export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.ts$/,
  outputDir: "../../test-results/e2e",
  timeout: 60_000,
  workers: 1,
  use: {
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
  projects: portals.map((portal) => ({
    name: portal.name,
    testMatch: portal.specs,
    // Specs that run portal tasks against its database (admin:grant) read the directory from here.
    metadata: { dataDir: portal.dataDir },
    use: { baseURL: `http://127.0.0.1:${portal.port}` },
  })),
  webServer: portals.map((portal) => ({
    command: `../../node_modules/.bin/deno run -A ../main.ts`,
    url: `http://127.0.0.1:${portal.port}/signin`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(portal.port),
      HOST: "127.0.0.1",
      MIXERA_ENV: "development",
      PUBLIC_URL: `http://127.0.0.1:${portal.port}`,
      LIBSQL_URL: `file:${join(portal.dataDir, "portal.db")}`,
      DATA_DIR: portal.dataDir,
      ADMIN_EMAILS,
      STATUS_TARGETS: `oauth.userinfo=http://127.0.0.1:${process.env.E2E_STATUS_PORT}`,
    },
  })),
});
