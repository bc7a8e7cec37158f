/**
 * @module Code → token exchanges and userinfo requests per second: the MIXERA provider vs oidc-provider.
 *
 * Both servers run pinned to one core (taskset -c 0) and receive the very same requests from `wrk` on
 * the other core (one thread, BENCH_CONNECTIONS connections):
 * - token: `POST /token`-style form bodies, `grant_type=authorization_code` with a PKCE verifier and
 *   client_secret_basic. Every request redeems a different, pre-minted code (a Lua script hands them
 *   out), so each one is a real single-use redemption.
 * - userinfo: `GET` with a Bearer access token.
 * MIXERA: the real portal (web/main.ts) on a temporary libSQL file, codes minted into the database.
 * oidc-provider 9 (panva, OpenID certified) under Node with a Map-backed in-memory adapter, the same client,
 * PKCE required, opaque access tokens; codes minted through its own models. Its token requests carry
 * no `openid` scope (so it signs no ID token); its userinfo tokens carry `openid`, which /me requires.
 * Target: MIXERA token throughput ≥ 2× oidc-provider's.
 *
 * Usage: npm run bench -- oauth   (env: BENCH_SECONDS=10, BENCH_CONNECTIONS=32)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, table } from "../../shared/bench/table.ts";
import { migrateDb, openDb } from "../db/client.ts";
import { users } from "../db/schema/users.ts";
import { oauthCodes, oauthTokens } from "../db/schema/oauth.ts";
import { createOAuthApp, reviewApp, validateAppInput } from "../features/oauth/apps.ts";
import { rememberConsent } from "../features/oauth/consents.ts";
import { s256Challenge } from "../features/oauth/pkce.ts";
import { credentialLookupKey, generateTimeOrderedCredential } from "../features/oauth/secrets.ts";
import { freePort, runWrk, startBenchPortal, type WrkResult } from "./wrk.ts";

const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 10);
const CONNECTIONS = Number(Deno.env.get("BENCH_CONNECTIONS") ?? 32);
const WARMUP_SECONDS = 3;
/** Enough single-use codes for 12,000 exchanges/s over warm-up and run (the 2× target is ≈ 9,000/s). */
const CODES_PER_SECOND_CAPACITY = 12000;
const root = new URL("../../", import.meta.url).pathname;
const REDIRECT_URI = "https://bench.example/callback";
const VERIFIER = "bench-pkce-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

interface Target {
  name: string;
  tokenUrl: string;
  userinfoUrl: string;
  clientId: string;
  clientSecret: string;
  accessToken: string;
  warmupCodesFile: string;
  runCodesFile: string;
}

/** Hands out one code per request from the file given as the script argument. */
const TOKEN_LUA = `
local codes = {}
local next_code = 0
function init(args)
  for line in io.lines(args[1]) do codes[#codes + 1] = line end
end
function request()
  next_code = next_code + 1
  local code = codes[next_code] or "exhausted"
  return wrk.format("POST", nil, nil, "grant_type=authorization_code&code=" .. code ..
    "&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&code_verifier=${VERIFIER}")
end
`;

function wrkAgainst(url: string, seconds: number, headers: string[], luaFile?: string, codesFile?: string) {
  const script = luaFile && codesFile ? { file: luaFile, argument: codesFile } : undefined;
  return runWrk({ url, seconds, connections: CONNECTIONS, headers, script });
}

async function measure(target: Target, luaFile: string): Promise<{ token: WrkResult; userinfo: WrkResult }> {
  const basic = `Authorization: Basic ${btoa(`${target.clientId}:${target.clientSecret}`)}`;
  const form = "Content-Type: application/x-www-form-urlencoded";
  await wrkAgainst(target.tokenUrl, WARMUP_SECONDS, [basic, form], luaFile, target.warmupCodesFile);
  const token = await wrkAgainst(target.tokenUrl, SECONDS, [basic, form], luaFile, target.runCodesFile);
  const bearer = `Authorization: Bearer ${target.accessToken}`;
  await wrkAgainst(target.userinfoUrl, WARMUP_SECONDS, [bearer]);
  const userinfo = await wrkAgainst(target.userinfoUrl, SECONDS, [bearer]);
  return { token, userinfo };
}

/** Checks one exchange by hand before measuring, so a misconfiguration cannot pass as throughput. */
async function checkOneExchange(target: Target, code: string): Promise<void> {
  const response = await fetch(target.tokenUrl, {
    method: "POST",
    headers: {
      authorization: `Basic ${btoa(`${target.clientId}:${target.clientSecret}`)}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: VERIFIER,
    }),
  });
  const body = await response.text();
  if (response.status !== 200) {
    throw new Error(`${target.name} token check answered ${response.status}: ${body}`);
  }
  const userinfo = await fetch(target.userinfoUrl, {
    headers: { authorization: `Bearer ${target.accessToken}` },
  });
  const info = await userinfo.text();
  if (userinfo.status !== 200) {
    throw new Error(`${target.name} userinfo check answered ${userinfo.status}: ${info}`);
  }
}

function codeCount(seconds: number): number {
  return seconds * CODES_PER_SECOND_CAPACITY;
}

/** Seeds the portal database: a user, an approved app, an access token and single-use codes. */
async function seedMixera(databaseUrl: string, dir: string) {
  const db = await openDb(databaseUrl);
  await migrateDb(db);
  const now = new Date();
  const userId = "bench-user";
  await db.insert(users).values({
    id: userId,
    mixeraId: "MXR-BENCH001",
    email: "bench@example.com",
    displayName: "DJ Bench",
    passwordHash: "unused",
    emailVerifiedAt: now,
    createdAt: now,
  });
  const validation = validateAppInput({
    name: "Bench App",
    websiteUrl: "https://bench.example",
    redirectUris: REDIRECT_URI,
  });
  if (!validation.ok) throw new Error(validation.errors.join("; "));
  const { app, clientSecret } = await createOAuthApp(db, userId, validation.values, now);
  await reviewApp(db, app.id, "approve", "", now);
  // Codes are issued after consent, and redemption checks that it still stands.
  await rememberConsent(db, userId, app.id, ["profile", "email"], now);
  const accessToken = generateTimeOrderedCredential("accessToken", now.getTime());
  await db.insert(oauthTokens).values({
    tokenHash: credentialLookupKey(accessToken),
    kind: "access",
    familyId: "bench",
    userId,
    clientId: app.id,
    scope: "profile email",
    expiresAt: new Date(now.getTime() + 3600_000),
    createdAt: now,
  });
  const mint = async (count: number, file: string) => {
    const codes: string[] = [];
    for (let start = 0; start < count; start += 1000) {
      const rows = [];
      for (let i = start; i < Math.min(count, start + 1000); i++) {
        // Stamped with the minting time, as the authorize endpoint would (secrets.ts).
        const code = generateTimeOrderedCredential("authorizationCode", Date.now());
        codes.push(code);
        rows.push({
          codeHash: credentialLookupKey(code),
          userId,
          clientId: app.id,
          redirectUri: REDIRECT_URI,
          scope: "profile email",
          codeChallenge: s256Challenge(VERIFIER),
          expiresAt: new Date(now.getTime() + 10 * 60_000),
          createdAt: now,
        });
      }
      await db.insert(oauthCodes).values(rows);
    }
    writeFileSync(file, codes.join("\n") + "\n");
    return codes;
  };
  const checkCode = (await mint(1, join(dir, "mixera-check.txt")))[0];
  await mint(codeCount(WARMUP_SECONDS), join(dir, "mixera-warmup.txt"));
  await mint(codeCount(SECONDS), join(dir, "mixera-run.txt"));
  db.$client.close();
  return { clientId: app.id, clientSecret: clientSecret ?? "", accessToken, checkCode };
}

/** The oidc-provider side, run by Node: configure, mint codes and a token through its models, listen. */
function oidcProviderScript(): string {
  const provider = join(root, "node_modules/oidc-provider/lib/index.js");
  return `
import Provider from ${JSON.stringify(provider)};
import { writeFileSync } from "node:fs";
const [port, dir, warmupCount, runCount, challenge, redirectUri] = process.argv.slice(2);
const issuer = "http://127.0.0.1:" + port;
const client = { client_id: "bench-client", client_secret: "bench-secret-0123456789abcdefghijklmnop",
  redirect_uris: [redirectUri], grant_types: ["authorization_code"], response_types: ["code"],
  token_endpoint_auth_method: "client_secret_basic" };
// The bundled development adapter is an LRU of 1,000 entries, which would evict the pre-minted codes;
// this one keeps everything in Maps, the cheapest storage oidc-provider can have.
const stores = new Map();
class MapAdapter {
  constructor(model) {
    if (!stores.has(model)) stores.set(model, new Map());
    this.store = stores.get(model);
    this.grants = stores.get("grantIndex") ?? new Map();
    stores.set("grantIndex", this.grants);
  }
  async upsert(id, payload) {
    this.store.set(id, payload);
    if (payload.grantId) {
      const ids = this.grants.get(payload.grantId) ?? [];
      ids.push([this.store, id]);
      this.grants.set(payload.grantId, ids);
    }
  }
  async find(id) { return this.store.get(id); }
  async findByUserCode() { return undefined; }
  async findByUid() { return undefined; }
  async consume(id) { const payload = this.store.get(id); if (payload) payload.consumed = Math.floor(Date.now() / 1000); }
  async destroy(id) { this.store.delete(id); }
  async revokeByGrantId(grantId) {
    for (const [store, id] of this.grants.get(grantId) ?? []) store.delete(id);
    this.grants.delete(grantId);
  }
}
const provider = new Provider(issuer, {
  adapter: MapAdapter,
  clients: [client],
  pkce: { required: () => true },
  findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: id, email: "bench@example.com", name: "DJ Bench" }) }),
  claims: { email: ["email"], profile: ["name"] },
  features: { devInteractions: { enabled: false }, userinfo: { enabled: true } },
  ttl: { AuthorizationCode: 600, AccessToken: 3600 },
});
const found = await provider.Client.find(client.client_id);
const grant = new provider.Grant({ accountId: "bench-user", clientId: client.client_id });
grant.addOIDCScope("openid email profile");
const grantId = await grant.save();
async function mint(count, file) {
  const codes = [];
  for (let i = 0; i < count; i++) {
    const code = new provider.AuthorizationCode({ accountId: "bench-user", grantId, client: found, redirectUri,
      scope: "email profile", codeChallenge: challenge, codeChallengeMethod: "S256" });
    codes.push(await code.save());
  }
  writeFileSync(file, codes.join("\\n") + "\\n");
  return codes;
}
const [checkCode] = await mint(1, dir + "/oidc-check.txt");
await mint(Number(warmupCount), dir + "/oidc-warmup.txt");
await mint(Number(runCount), dir + "/oidc-run.txt");
const accessToken = await new provider.AccessToken({ accountId: "bench-user", grantId, client: found,
  scope: "openid email profile" }).save();
provider.listen(Number(port), "127.0.0.1", () => {
  console.log(JSON.stringify({ checkCode, accessToken, clientId: client.client_id, clientSecret: client.client_secret }));
});
`;
}

/** The JSON line the oidc-provider script prints when it listens (its warnings go to stdout too). */
async function readReadyLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (true) {
    const line = text.split("\n").find((candidate) => candidate.startsWith('{"checkCode"'));
    if (line) {
      reader.releaseLock();
      return line;
    }
    const { done, value } = await reader.read();
    if (done) throw new Error(`oidc-provider exited before it was ready: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "mixera-oauth-bench-"));
  const luaFile = join(dir, "token.lua");
  writeFileSync(luaFile, TOKEN_LUA);
  const results: { name: string; token: WrkResult; userinfo: WrkResult }[] = [];
  try {
    const databaseUrl = `file:${join(dir, "bench.db")}`;
    const seeded = await seedMixera(databaseUrl, dir);
    const portal = await startBenchPortal(databaseUrl, dir, "/.well-known/oauth-authorization-server");
    const { base } = portal;
    try {
      const target: Target = {
        name: "MIXERA (Deno + Hono + libSQL file)",
        tokenUrl: `${base}/api/oauth/token`,
        userinfoUrl: `${base}/api/oauth/userinfo`,
        ...seeded,
        warmupCodesFile: join(dir, "mixera-warmup.txt"),
        runCodesFile: join(dir, "mixera-run.txt"),
      };
      await checkOneExchange(target, seeded.checkCode);
      results.push({ name: target.name, ...(await measure(target, luaFile)) });
    } finally {
      await portal.stop();
    }

    const scriptFile = join(dir, "oidc_provider_server.mjs");
    writeFileSync(scriptFile, oidcProviderScript());
    const oidcPort = freePort();
    const oidc = new Deno.Command("taskset", {
      args: [
        "-c",
        "0",
        "node",
        scriptFile,
        String(oidcPort),
        dir,
        String(codeCount(WARMUP_SECONDS)),
        String(codeCount(SECONDS)),
        s256Challenge(VERIFIER),
        REDIRECT_URI,
      ],
      env: { NODE_ENV: "production" },
      stdout: "piped",
      stderr: "null",
    }).spawn();
    try {
      const ready = JSON.parse(await readReadyLine(oidc.stdout));
      const oidcBase = `http://127.0.0.1:${oidcPort}`;
      const target: Target = {
        name: "oidc-provider 9.13.3 (Node, in-memory Maps)",
        tokenUrl: `${oidcBase}/token`,
        userinfoUrl: `${oidcBase}/me`,
        clientId: ready.clientId,
        clientSecret: ready.clientSecret,
        accessToken: ready.accessToken,
        warmupCodesFile: join(dir, "oidc-warmup.txt"),
        runCodesFile: join(dir, "oidc-run.txt"),
      };
      await checkOneExchange(target, ready.checkCode);
      results.push({ name: target.name, ...(await measure(target, luaFile)) });
    } finally {
      oidc.kill("SIGTERM");
      await oidc.status;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const [mixera, oidcProvider] = results;
  console.log(
    `Each server on 1 core (taskset -c 0), wrk on the other: 1 thread, ${CONNECTIONS} connections, ` +
      `${SECONDS} s per measurement after ${WARMUP_SECONDS} s warm-up. Every token request redeems a fresh code.\n`,
  );
  console.log(table(
    [
      "server",
      "code→token /s",
      "token p50 (ms)",
      "token p99 (ms)",
      "userinfo /s",
      "userinfo p99 (ms)",
      "errors",
    ],
    results.map(({ name, token, userinfo }) => [
      name,
      fmt(token.requestsPerSec, 0),
      fmt(token.p50Ms),
      fmt(token.p99Ms),
      fmt(userinfo.requestsPerSec, 0),
      fmt(userinfo.p99Ms),
      token.errors + userinfo.errors,
    ]),
  ));
  const tokenRatio = mixera.token.requestsPerSec / oidcProvider.token.requestsPerSec;
  const userinfoRatio = mixera.userinfo.requestsPerSec / oidcProvider.userinfo.requestsPerSec;
  console.log(
    `\nRatio MIXERA / oidc-provider: token ${fmt(tokenRatio)}×, userinfo ${fmt(userinfoRatio)}×. ` +
      `Target token ≥ 2×: ${tokenRatio >= 2 ? "met" : "NOT met"}.`,
  );
  if (results.some(({ token, userinfo }) => token.errors + userinfo.errors > 0)) {
    throw new Error("wrk saw errors or non-2xx responses (codes exhausted or a server failing)");
  }
}

if (import.meta.main) await main();
