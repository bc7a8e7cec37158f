import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { type Db, migrateDb, openDb } from "../db/client.ts";
import { urlSigningKeys } from "../db/schema/url_signing_keys.ts";
import { settleNativeDatabase } from "../testing/native_database.ts";
import { signUrl, verifySignedUrl } from "./signed_url.ts";

const NOW = new Date("2026-12-01T12:00:00Z");
const HOUR_SEC = 60 * 60;
const EXPIRES = NOW.getTime() / 1000 + HOUR_SEC;

describe("signed URLs", () => {
  const dir = mkdtempSync(join(tmpdir(), "mixera-signed-url-"));
  let db: Db;
  let other: Db;
  before(async () => {
    db = await openDb(`file:${join(dir, "a.db")}`);
    other = await openDb(`file:${join(dir, "b.db")}`);
    await migrateDb(db);
    await migrateDb(other);
  });
  after(async () => {
    db.$client.close();
    other.$client.close();
    rmSync(dir, { recursive: true, force: true });
    await settleNativeDatabase();
  });

  async function signed(fields: Record<string, string> = { releaseId: "r1" }, purpose = "artifact") {
    const url = new URL("https://mixera.example/files/r1?keep=1");
    return new URL(await signUrl(db, url, { purpose, fields, expiresAtSec: EXPIRES }, NOW));
  }
  const proofOf = (url: URL): { expires?: string; signature?: string } => ({
    expires: url.searchParams.get("expires") ?? undefined,
    signature: url.searchParams.get("signature") ?? undefined,
  });

  it("adds expires and signature and keeps the URL's own path and parameters", async () => {
    const url = await signed();
    assert.equal(url.origin + url.pathname, "https://mixera.example/files/r1");
    assert.equal(url.searchParams.get("keep"), "1");
    assert.equal(Number(url.searchParams.get("expires")), EXPIRES);
    assert.match(url.searchParams.get("signature")!, /^[A-Za-z0-9_-]{43}$/);
  });

  it("holds until it expires, for the signed fields and purpose only", async () => {
    const proof = proofOf(await signed({ trackId: "t1", device: "d1" }));
    const check = await verifySignedUrl(db, "artifact", { trackId: "t1", device: "d1" }, proof, NOW);
    assert.deepEqual(check, {
      ok: true,
      grant: { purpose: "artifact", fields: { trackId: "t1", device: "d1" }, expiresAtSec: EXPIRES },
    });
    const refused = async (
      fields: Record<string, string | undefined>,
      p = proof,
      purpose = "artifact",
      at = NOW,
    ) => (await verifySignedUrl(db, purpose, fields, p, at)).ok === false;
    assert.ok(await refused({ trackId: "t2", device: "d1" }), "another id");
    assert.ok(await refused({ trackId: "t1", device: "d2" }), "another device");
    assert.ok(await refused({ device: "d1", trackId: "t1" }), "the fields in another order");
    assert.ok(await refused({ trackId: "t1", device: undefined }), "a field missing");
    assert.ok(await refused({ trackId: "t1", device: "d1" }, proof, "other-purpose"), "another purpose");
    assert.ok(await refused({ trackId: "t1", device: "d1" }, { ...proof, expires: "99999999999" }), "later");
    assert.ok(await refused({ trackId: "t1", device: "d1" }, { expires: proof.expires }), "unsigned");
    const late = new Date(EXPIRES * 1000);
    assert.deepEqual(await verifySignedUrl(db, "artifact", { trackId: "t1", device: "d1" }, proof, late), {
      ok: false,
      reason: "expired",
    });
  });

  it("names why a URL is refused, checking the signature before the expiry", async () => {
    const proof = proofOf(await signed());
    const reason = async (query: { expires?: string; signature?: string }, at = NOW) => {
      const check = await verifySignedUrl(db, "artifact", { releaseId: "r1" }, query, at);
      return check.ok ? "ok" : check.reason;
    };
    const flipped = (proof.signature![0] === "A" ? "B" : "A") + proof.signature!.slice(1);
    assert.equal(await reason({ ...proof, signature: flipped }), "bad_signature");
    assert.equal(
      await reason({ ...proof, signature: flipped }, new Date(EXPIRES * 1000 + 1)),
      "bad_signature",
      "a forged URL does not learn that it expired",
    );
    for (
      const query of [
        { expires: proof.expires },
        { signature: proof.signature },
        { ...proof, expires: "soon" },
        { ...proof, expires: "1".repeat(13) },
        { ...proof, signature: "A".repeat(65) },
      ]
    ) {
      assert.equal(await reason(query), "malformed", JSON.stringify(query));
    }
    const withNewline = await verifySignedUrl(db, "artifact", { releaseId: "r1\n" }, proof, NOW);
    assert.deepEqual(withNewline, { ok: false, reason: "malformed" });
  });

  it("keeps one key per purpose in the database, so another database's key does not check it", async () => {
    const proof = proofOf(await signed());
    await signed({ releaseId: "r1" }, "second-purpose");
    const secretOf = async (purpose: string) =>
      (await db.select().from(urlSigningKeys).where(eq(urlSigningKeys.purpose, purpose)))[0]?.secret;
    const [first, second] = [await secretOf("artifact"), await secretOf("second-purpose")];
    assert.match(first!, /^[A-Za-z0-9_-]{43}$/);
    assert.match(second!, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(first, second);
    const elsewhere = await verifySignedUrl(other, "artifact", { releaseId: "r1" }, proof, NOW);
    assert.deepEqual(elsewhere, { ok: false, reason: "bad_signature" });
  });

  it("refuses to sign a field it could not check", async () => {
    const url = new URL("https://mixera.example/files/x");
    for (const value of ["", "a\nb", "x".repeat(257)]) {
      await assert.rejects(
        signUrl(db, url, { purpose: "artifact", fields: { id: value }, expiresAtSec: EXPIRES }, NOW),
        /field id/,
      );
    }
  });
});
