import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import {
  findApp,
  impersonatesMixera,
  regenerateSecret,
  SECRET_OVERLAP_MS,
  secretMatches,
  validateAppInput,
} from "./apps.ts";
import { registeredApp, signedInUser } from "./testing/fixture.ts";

describe("app names", () => {
  it("catch MIXERA impersonation, look-alike letters included", () => {
    for (const name of ["MIXERA Login", "m1xera", "Mix Era Official", "M!XER4 tools"]) {
      assert.ok(impersonatesMixera(name), name);
    }
    for (const name of ["Mixer Tools", "Beat Journal", "Era of Mixes"]) {
      assert.ok(!impersonatesMixera(name), name);
    }
  });

  it("are trimmed and length-checked; duplicate redirect URIs collapse", () => {
    const result = validateAppInput({
      name: "  Beat Journal  ",
      websiteUrl: "https://beat.example",
      redirectUris: "https://beat.example/cb\r\nhttps://beat.example/cb\n\n",
    });
    assert.ok(result.ok);
    assert.equal(result.values.name, "Beat Journal");
    assert.deepEqual(result.values.redirectUris, ["https://beat.example/cb"]);
    assert.equal(
      validateAppInput({ name: "ab", websiteUrl: "https://x.example", redirectUris: "https://x.example/cb" })
        .ok,
      false,
    );
  });
});

describe("secret rotation", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  it("keeps the previous secret valid for the overlap window only", async () => {
    const { user } = await signedInUser(t);
    const { clientId, clientSecret: oldSecret } = await registeredApp(t, user);
    const newSecret = await regenerateSecret(t.deps.db, user.id, clientId, t.clock.now());
    assert.ok(newSecret && newSecret !== oldSecret);
    const app = await findApp(t.deps.db, clientId);
    assert.ok(app);
    assert.ok(secretMatches(app, newSecret, t.clock.now()));
    assert.ok(secretMatches(app, oldSecret, t.clock.now()));
    const later = new Date(t.clock.now().getTime() + SECRET_OVERLAP_MS + 1);
    assert.ok(!secretMatches(app, oldSecret, later));
    assert.ok(secretMatches(app, newSecret, later));
    assert.ok(!secretMatches(app, "mxcs_wrong", t.clock.now()));
  });

  it("only the owner can regenerate", async () => {
    const owner = (await signedInUser(t)).user;
    const other = (await signedInUser(t)).user;
    const { clientId } = await registeredApp(t, owner);
    assert.equal(await regenerateSecret(t.deps.db, other.id, clientId, t.clock.now()), null);
  });
});
