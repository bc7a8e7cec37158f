import { createTestApp } from "../../../testing/test_app.ts";
import { authorizationCode, REDIRECT_URI, registeredApp, signedInUser, VERIFIER } from "../test_fixture.ts";
import { exchangeAuthorizationCode } from "../tokens.ts";
import { findApp } from "../apps.ts";
import { defaultOAuthSettings } from "../settings.ts";
const dir = Deno.env.get("TMPDIR");
const t = await createTestApp();
const owner = (await signedInUser(t)).user;
const client = await registeredApp(t, owner);
const alice = await signedInUser(t);
const app = (await findApp(t.deps.db, client.clientId))!;
const settings = defaultOAuthSettings("http://x");
const codes: string[] = [];
for (let k = 0; k < 800; k++) codes.push(await authorizationCode(alice.browser, client.clientId));
let i = 0;
async function time(name: string, n: number, f: () => Promise<unknown>) {
  const start = performance.now();
  for (let k = 0; k < n; k++) await f();
  console.log(name, ((performance.now() - start) / n * 1000).toFixed(0), "µs", dir ?? "");
}
await time(
  "exchange service",
  700,
  () =>
    exchangeAuthorizationCode(
      t.deps.db,
      app,
      { code: codes[i++], redirect_uri: REDIRECT_URI, code_verifier: VERIFIER },
      settings,
      new Date(),
    ),
);
await time(
  "empty write batch",
  500,
  () =>
    t.deps.db.$client.batch(
      [{ sql: "UPDATE oauth_apps SET name = name WHERE id = 'none'", args: [] }],
      "write",
    ),
);
await time(
  "5-stmt read batch",
  500,
  () => t.deps.db.$client.batch(Array(5).fill({ sql: "SELECT 1", args: [] }), "read"),
);
await time(
  "single execute write",
  500,
  () => t.deps.db.$client.execute({ sql: "UPDATE oauth_apps SET name = name WHERE id = 'none'", args: [] }),
);
await time("single execute select", 500, () => t.deps.db.$client.execute({ sql: "SELECT 1", args: [] }));
t.close();
await new Promise((r) => setTimeout(r, 200));
