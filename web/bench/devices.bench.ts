/**
 * @module Device handshakes and device-authenticated requests per second on one portal core.
 *
 * The real portal (web/main.ts, production mode) runs pinned to core 0 on a temporary libSQL file;
 * `wrk` drives it from core 1 (one thread, BENCH_CONNECTIONS connections):
 * - handshake: `POST /api/device/hello`, every request a different device JWT (EdDSA, single-use `jti`)
 *   handed out by a Lua script, spread over many devices; each one is verified, its `jti` spent and a
 *   session issued.
 * - authenticated: `GET /api/device/status` with `X-OCP-Session`, `X-OCP-Token` and `X-Device-Serial`
 *   of live sessions (the three headers checked against the database on every request).
 * Baselines measured in the same run: Ed25519 verifications per second in this process (the floor cost
 * of a handshake), and the portal's static `/.well-known/oauth-authorization-server` (HTTP without
 * database or crypto). Targets (issue 9): ≥ 2,000 handshakes/s, ≥ 8,000 authenticated requests/s, p99 ≤ 20 ms.
 *
 * Usage: npm run bench -- devices   (env: BENCH_SECONDS=10, BENCH_CONNECTIONS=32)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, table } from "../../shared/bench/table.ts";
import { encodeBase64Url } from "../../shared/devices/base64url.ts";
import { signDeviceJwt } from "../../shared/devices/jwt.ts";
import { migrateDb, openDb } from "../db/client.ts";
import { devices, previewApplications } from "../db/schema/devices.ts";
import { users } from "../db/schema/users.ts";
import { runWrk, startBenchPortal, type WrkResult } from "./wrk.ts";

const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 10);
const CONNECTIONS = Number(Deno.env.get("BENCH_CONNECTIONS") ?? 32);
const WARMUP_SECONDS = 3;
/** Handshake capacity to prepare for: one JWT per request, up to this many per second. */
const HANDSHAKES_PER_SECOND_CAPACITY = 4000;
/** The portal allows 60 handshakes per device per minute; the devices share the load below that. */
const HANDSHAKES_PER_DEVICE = 40;
const SESSIONS = 200;

const LIST_LUA = `
local items = {}
local n = 0
function init(args)
  for line in io.lines(args[1]) do items[#items + 1] = line end
end
`;
const HELLO_LUA = LIST_LUA + `
function request()
  n = n + 1
  local jwt, body = (items[n] or items[1]):match("([^\\t]+)\\t(.+)")
  return wrk.format("POST", nil, { ["Authorization"] = "Bearer " .. jwt, ["Content-Type"] = "application/json" }, body)
end
`;
const STATUS_LUA = LIST_LUA + `
function request()
  n = n + 1
  local s, t, serial = items[(n % #items) + 1]:match("([^\\t]+)\\t([^\\t]+)\\t(.+)")
  return wrk.format("GET", nil, { ["X-OCP-Session"] = s, ["X-OCP-Token"] = t, ["X-Device-Serial"] = serial }, nil)
end
`;

interface BenchDevice {
  serial: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

async function seed(databaseUrl: string, count: number): Promise<BenchDevice[]> {
  const db = await openDb(databaseUrl);
  await migrateDb(db);
  const now = new Date();
  await db.insert(users).values({
    id: "bench-owner",
    mixeraId: "MXR-BENCH009",
    email: "owner@bench.example",
    displayName: "Bench",
    passwordHash: "unused",
    emailVerifiedAt: now,
    createdAt: now,
  });
  await db.insert(previewApplications).values({
    userId: "bench-owner",
    status: "accepted",
    motivation: "bench",
    gear: "bench",
    createdAt: now,
  });
  const list: BenchDevice[] = [];
  for (let start = 0; start < count; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + 500); i++) {
      const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
        "sign",
        "verify",
      ]) as CryptoKeyPair;
      const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
      const serial = `MXR-20250122-${String(i).padStart(6, "0")}`;
      list.push({ serial, privateKey: pair.privateKey, publicKey: pair.publicKey });
      rows.push({
        id: `bench-device-${i}`,
        serial,
        userId: "bench-owner",
        model: "MXR-CTRL-ONE",
        purchaseDate: "2025-01-22",
        registeredAt: now,
        publicKey: encodeBase64Url(raw),
        linkedAt: now,
      });
    }
    await db.insert(devices).values(rows);
  }
  db.$client.close();
  return list;
}

function helloBody(serial: string): string {
  return JSON.stringify({
    id: crypto.randomUUID(),
    type: "HELLO",
    ts: new Date().toISOString(),
    from: { role: "controller", serial },
    to: { role: "cloud" },
    payload: {
      serial_number: serial,
      model_number: "MXR-CTRL-ONE",
      firmware_version: "1.3.0",
      protocol_version: "1.0",
    },
  });
}

function jwtFor(device: BenchDevice, audience: string): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return signDeviceJwt(device.privateKey, {
    sub: device.serial,
    aud: audience,
    iat,
    exp: iat + 240,
    jti: encodeBase64Url(crypto.getRandomValues(new Uint8Array(18))),
  });
}

/** `count` handshake requests, round-robin over the devices, as `jwt<TAB>body` lines. */
async function handshakeFile(
  file: string,
  list: BenchDevice[],
  audience: string,
  count: number,
  offset: number,
) {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const device = list[(offset + i) % list.length];
    lines.push(`${await jwtFor(device, audience)}\t${helloBody(device.serial)}`);
  }
  writeFileSync(file, lines.join("\n") + "\n");
}

/** Ed25519 verifications per second in this process, over one second. */
async function verifyBaseline(device: BenchDevice): Promise<number> {
  const data = new TextEncoder().encode("header.payload-of-a-typical-device-jwt");
  const signature = await crypto.subtle.sign("Ed25519", device.privateKey, data);
  let count = 0;
  const end = performance.now() + 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) await crypto.subtle.verify("Ed25519", device.publicKey, signature, data);
    count += 50;
  }
  return count;
}

const dir = mkdtempSync(join(tmpdir(), "mixera-devices-bench-"));
try {
  const databaseUrl = `file:${join(dir, "portal.db")}`;
  const handshakes = HANDSHAKES_PER_SECOND_CAPACITY * (SECONDS + WARMUP_SECONDS);
  const deviceCount = Math.ceil(handshakes / HANDSHAKES_PER_DEVICE) + SESSIONS;
  const list = await seed(databaseUrl, deviceCount);
  const portal = await startBenchPortal(databaseUrl, dir, "/signin");
  try {
    const audience = portal.base;
    const warmupFile = join(dir, "hello-warmup.txt");
    const runFile = join(dir, "hello-run.txt");
    const sessionDevices = list.slice(0, SESSIONS);
    const helloDevices = list.slice(SESSIONS);
    await handshakeFile(
      warmupFile,
      helloDevices,
      audience,
      HANDSHAKES_PER_SECOND_CAPACITY * WARMUP_SECONDS,
      0,
    );
    await handshakeFile(runFile, helloDevices, audience, HANDSHAKES_PER_SECOND_CAPACITY * SECONDS, 7);

    // Live sessions for the authenticated run, each from a real handshake (which also checks the setup).
    const sessionLines: string[] = [];
    for (const device of sessionDevices) {
      const response = await fetch(`${portal.base}/api/device/hello`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${await jwtFor(device, audience)}`,
          "content-type": "application/json",
        },
        body: helloBody(device.serial),
      });
      if (response.status !== 200) {
        throw new Error(`setup handshake answered ${response.status}: ${await response.text()}`);
      }
      await response.body?.cancel();
      sessionLines.push(
        `${response.headers.get("x-ocp-session")}\t${response.headers.get("x-ocp-token")}\t${device.serial}`,
      );
    }
    const sessionsFile = join(dir, "sessions.txt");
    writeFileSync(sessionsFile, sessionLines.join("\n") + "\n");
    const check = await fetch(`${portal.base}/api/device/status`, {
      headers: {
        "x-ocp-session": sessionLines[0].split("\t")[0],
        "x-ocp-token": sessionLines[0].split("\t")[1],
        "x-device-serial": sessionDevices[0].serial,
      },
    });
    if (check.status !== 200) throw new Error(`status check answered ${check.status}: ${await check.text()}`);
    await check.body?.cancel();

    const helloLua = join(dir, "hello.lua");
    const statusLua = join(dir, "status.lua");
    writeFileSync(helloLua, HELLO_LUA);
    writeFileSync(statusLua, STATUS_LUA);
    const wrk = (url: string, seconds: number, script?: { file: string; argument: string }) =>
      runWrk({ url, seconds, connections: CONNECTIONS, script });

    const staticUrl = `${portal.base}/.well-known/oauth-authorization-server`;
    await wrk(staticUrl, WARMUP_SECONDS);
    const baseline: WrkResult = await wrk(staticUrl, SECONDS);
    await wrk(`${portal.base}/api/device/hello`, WARMUP_SECONDS, { file: helloLua, argument: warmupFile });
    const hello = await wrk(`${portal.base}/api/device/hello`, SECONDS, {
      file: helloLua,
      argument: runFile,
    });
    await wrk(`${portal.base}/api/device/status`, WARMUP_SECONDS, {
      file: statusLua,
      argument: sessionsFile,
    });
    const status = await wrk(`${portal.base}/api/device/status`, SECONDS, {
      file: statusLua,
      argument: sessionsFile,
    });
    const verifies = await verifyBaseline(list[0]);

    console.log(`portal on 1 core, wrk ${CONNECTIONS} connections, ${SECONDS} s per run\n`);
    console.log(table(
      ["endpoint", "req/s", "p50 ms", "p99 ms", "errors", "vs static endpoint", "target"],
      [
        [
          "static JSON (baseline)",
          fmt(baseline.requestsPerSec, 0),
          fmt(baseline.p50Ms),
          fmt(baseline.p99Ms),
          baseline.errors,
          "1.00",
          "—",
        ],
        [
          "POST /api/device/hello (JWT verify + session)",
          fmt(hello.requestsPerSec, 0),
          fmt(hello.p50Ms),
          fmt(hello.p99Ms),
          hello.errors,
          fmt(hello.requestsPerSec / baseline.requestsPerSec),
          "≥ 2,000/s, p99 ≤ 20 ms",
        ],
        [
          "GET /api/device/status (3 OCP headers)",
          fmt(status.requestsPerSec, 0),
          fmt(status.p50Ms),
          fmt(status.p99Ms),
          status.errors,
          fmt(status.requestsPerSec / baseline.requestsPerSec),
          "≥ 8,000/s, p99 ≤ 20 ms",
        ],
      ],
    ));
    console.log(
      `\nEd25519 verify in this process: ${fmt(verifies, 0)}/s; handshakes reach ${
        fmt(hello.requestsPerSec / verifies)
      }× of that ceiling.`,
    );
  } finally {
    await portal.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
