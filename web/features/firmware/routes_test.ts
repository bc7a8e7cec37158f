import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { createHash } from "node:crypto";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { devices } from "../../db/schema/devices.ts";
import { firmwareAuditLog, firmwareReleases } from "../../db/schema/firmware.ts";
import { collectStream } from "../../storage/storage.ts";
import { signedInUser } from "../oauth/testing/fixture.ts";
import { ensureControllerApp } from "../device_api/mod.ts";
import {
  FIRMWARE_LATEST_PATH,
  FIRMWARE_OUTCOME_PATH,
  FirmwareLatestResponseSchema,
  type FirmwareManifest,
  generateFirmwareSigningSeed,
  importFirmwareSigningKey,
  verifySignedManifest,
} from "../../../shared/ota/mod.ts";
import type { SimulatedController } from "../device_api/testing/support.ts";
import { rolloutBucket } from "./eligibility.ts";
import { firmwareKeys } from "./signing_keys.ts";
import { fakeBuild, linkedController, publishRelease, type ReleaseFields } from "./testing/support.ts";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The release row of `version`, or undefined. */
async function releaseRow(t: TestApp, version: string) {
  return (await t.deps.db.select().from(firmwareReleases).where(eq(firmwareReleases.version, version)))[0];
}

/** Files under the test app's storage that belong to firmware. */
function storedFirmwareFiles(t: TestApp): string[] {
  try {
    return readdirSync(join(t.dir, "files", "firmware"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

async function latest(controller: SimulatedController, channel?: string) {
  const query = channel ? `?channel=${channel}` : "";
  const res = await controller.call(`${FIRMWARE_LATEST_PATH}${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return FirmwareLatestResponseSchema.parse(await res.json());
}

async function trustedKeys(t: TestApp): Promise<string[]> {
  return (await firmwareKeys(t.deps.config))!.trusted.map((key) => key.publicKey);
}

/** The manifest the device is offered, verified with the portal's keys; null when none is offered. */
async function offeredManifest(t: TestApp, controller: SimulatedController, channel?: string) {
  const { update } = await latest(controller, channel);
  if (!update) return null;
  const verified = await verifySignedManifest(update, {
    trustedKeys: await trustedKeys(t),
    now: t.clock.now(),
  });
  assert.equal(verified.ok, true, JSON.stringify(verified));
  return verified.ok ? verified.manifest : null;
}

/** The artifact URL as a request to the test app (path and query). */
function localPath(manifest: FirmwareManifest): string {
  const url = new URL(manifest.artifact_url);
  return `${url.pathname}${url.search}`;
}

describe("firmware releases", () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInUser>>;
  let versionCounter = 0;
  /** A version above every one used so far, so tests do not depend on each other's order. */
  const nextVersion = () => `2.${++versionCounter}.0`;
  const publish = async (fields: Partial<ReleaseFields> = {}, build?: Uint8Array<ArrayBuffer>) => {
    const version = fields.version ?? nextVersion();
    const res = await publishRelease(admin.browser, { version, ...fields }, build);
    assert.equal(res.status, 303, await res.clone().text());
    return (await releaseRow(t, version))!;
  };

  before(async () => {
    t = await createTestApp();
    await ensureControllerApp(t.deps.db, t.clock.now());
    admin = await signedInUser(t, { role: "admin" });
  });
  after(() => t.close());

  describe("publishing", () => {
    it("stores the build, its SHA-256 and size, and records the release in the audit log", async () => {
      const build = fakeBuild(300_000, 7);
      const version = nextVersion();
      const res = await publishRelease(admin.browser, {
        version,
        models: ["MXR-CTRL-ONE", "MXR-DJCTRL-v2"],
        minFirmwareVersion: "1.2.0",
        rolloutPercent: "25",
        releaseNotes: "Faster beat grid.",
      }, build);
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/admin/firmware?notice=published");
      const row = await releaseRow(t, version);
      assert.equal(row.sha256, sha256(build));
      assert.equal(row.sizeBytes, build.length);
      assert.deepEqual(JSON.parse(row.models), ["MXR-CTRL-ONE", "MXR-DJCTRL-v2"]);
      assert.equal(row.minFirmwareVersion, "1.2.0");
      assert.equal(row.rolloutPercent, 25);
      assert.equal(row.publishedBy, admin.user.id);
      assert.deepEqual(await collectStream((await t.deps.storage.read(row.artifactKey))!), build);
      const [entry] = await t.deps.db.select().from(firmwareAuditLog).where(
        eq(firmwareAuditLog.releaseId, row.id),
      );
      assert.equal(entry.event, "release_published");
      assert.equal(entry.actorUserId, admin.user.id);
      const page = await (await admin.browser.get("/admin/firmware")).text();
      assert.match(page, new RegExp(`data-version="${version.replaceAll(".", "\\.")}"`));
      assert.match(
        await (await admin.browser.get(`/admin/firmware/${row.id}`)).text(),
        new RegExp(row.sha256),
      );
    });

    it("is for admins only", async () => {
      const member = await signedInUser(t);
      assert.equal((await member.browser.get("/admin/firmware")).status, 403);
      const version = nextVersion();
      assert.equal((await publishRelease(member.browser, { version })).status, 403);
      assert.equal(await releaseRow(t, version), undefined);
      const anonymous = t.browser();
      assert.equal((await publishRelease(anonymous, { version })).status, 303);
      assert.equal(await releaseRow(t, version), undefined);
      const release = await publish();
      const rollout = await member.browser.post(`/admin/firmware/${release.id}/rollout`, {
        rolloutPercent: "0",
      });
      assert.equal(rollout.status, 403);
      assert.equal((await releaseRow(t, release.version)).rolloutPercent, 100);
      assert.equal((await member.browser.get("/admin/firmware/audit")).status, 403);
    });

    it("refuses a version that is not semantic, and stores nothing", async () => {
      const before = storedFirmwareFiles(t);
      for (const version of ["2.x", "v9.0.0", "9.0"]) {
        const res = await publishRelease(admin.browser, { version });
        assert.equal(res.status, 422);
        assert.match(await res.text(), /must be a semantic version/);
        assert.equal(await releaseRow(t, version), undefined);
      }
      const badMin = await publishRelease(admin.browser, { version: "9.0.0", minFirmwareVersion: "9.1.0" });
      assert.equal(badMin.status, 422);
      assert.match(await badMin.text(), /minimum firmware must be lower/);
      assert.equal((await publishRelease(admin.browser, { version: "9.0.1", models: [] })).status, 422);
      const accessory = await publishRelease(admin.browser, { version: "9.0.2", models: ["MXR-FADER-4"] });
      assert.equal(accessory.status, 422);
      assert.match(await accessory.text(), /Choose among the controller models/);
      assert.deepEqual(storedFirmwareFiles(t), before);
    });

    it("wants versions strictly increasing per channel, unique across channels", async () => {
      const newest = await publish();
      const before = storedFirmwareFiles(t);
      for (const version of [newest.version, "2.0.1", "1.0.0"]) {
        const res = await publishRelease(admin.browser, { version });
        assert.equal(res.status, 422, version);
        assert.match(await res.text(), /higher than|already published/);
      }
      assert.deepEqual(storedFirmwareFiles(t), before);
      const sameOnBeta = await publishRelease(admin.browser, { version: newest.version, channel: "beta" });
      assert.equal(sameOnBeta.status, 422);
      // The beta channel has its own line: a version below the newest stable one is fine there.
      const beta = await publishRelease(admin.browser, { version: "2.0.5-beta.1", channel: "beta" });
      assert.equal(beta.status, 303);
    });

    it("refuses an empty build and a form without one", async () => {
      assert.equal(
        (await publishRelease(admin.browser, { version: nextVersion() }, new Uint8Array())).status,
        422,
      );
      const form = new FormData();
      form.append("version", nextVersion());
      const res = await admin.browser.request("/admin/firmware", {
        method: "POST",
        body: form,
        headers: { "sec-fetch-site": "same-origin" },
      });
      assert.equal(res.status, 422);
      const notMultipart = await admin.browser.post("/admin/firmware", { version: nextVersion() });
      assert.equal(notMultipart.status, 415);
    });
  });

  describe("offering updates to devices", () => {
    it("offers a linked device the newest eligible release as a signed manifest whose artifact downloads", async () => {
      const build = fakeBuild(200_000, 3);
      const release = await publish({ minFirmwareVersion: "1.3.0" }, build);
      const { controller } = await linkedController(t, { firmware: "1.3.0" });
      const manifest = (await offeredManifest(t, controller))!;
      assert.equal(manifest.version, release.version);
      assert.deepEqual(manifest.models, ["MXR-CTRL-ONE"]);
      assert.equal(manifest.min_firmware_version, "1.3.0");
      assert.equal(manifest.channel, "stable");
      assert.equal(manifest.sha256, sha256(build));
      assert.equal(manifest.size_bytes, build.length);
      assert.equal(manifest.issued_at, t.clock.now().toISOString());
      assert.equal(Date.parse(manifest.expires_at) - t.clock.now().getTime(), 60 * 60 * 1000);
      const download = await t.app.request(localPath(manifest));
      assert.equal(download.status, 200);
      assert.equal(download.headers.get("accept-ranges"), "bytes");
      assert.equal(download.headers.get("content-length"), String(build.length));
      const body = new Uint8Array(await download.arrayBuffer());
      assert.equal(sha256(body), manifest.sha256);
    });

    it("resumes a download with Range and refuses a range past the end", async () => {
      const build = fakeBuild(100_000, 5);
      await publish({}, build);
      const { controller } = await linkedController(t);
      const manifest = (await offeredManifest(t, controller))!;
      const partial = await t.app.request(localPath(manifest), { headers: { range: "bytes=60000-" } });
      assert.equal(partial.status, 206);
      assert.equal(partial.headers.get("content-range"), `bytes 60000-99999/100000`);
      assert.deepEqual(new Uint8Array(await partial.arrayBuffer()), build.subarray(60000));
      const middle = await t.app.request(localPath(manifest), { headers: { range: "bytes=10-19" } });
      assert.deepEqual(new Uint8Array(await middle.arrayBuffer()), build.subarray(10, 20));
      const past = await t.app.request(localPath(manifest), { headers: { range: "bytes=100000-" } });
      assert.equal(past.status, 416);
      assert.equal(past.headers.get("content-range"), "bytes */100000");
    });

    it("refuses a tampered or expired artifact URL with 403", async () => {
      await publish();
      const { controller } = await linkedController(t);
      const manifest = (await offeredManifest(t, controller))!;
      const url = new URL(manifest.artifact_url);
      const signature = url.searchParams.get("signature")!;
      const expires = url.searchParams.get("expires")!;
      const otherId = crypto.randomUUID();
      const flipped = (signature[0] === "A" ? "B" : "A") + signature.slice(1);
      for (
        const path of [
          `${url.pathname}?expires=${expires}&signature=${flipped}`,
          `${url.pathname}?expires=${Number(expires) + 3600}&signature=${signature}`,
          `/api/device/firmware/artifacts/${otherId}?expires=${expires}&signature=${signature}`,
          `${url.pathname}?expires=${expires}`,
          url.pathname,
        ]
      ) {
        const res = await t.app.request(path);
        assert.equal(res.status, 403, path);
        assert.equal((await res.json()).error, "unauthorized");
      }
      t.clock.advance(60 * 60 * 1000 + 1000);
      assert.equal((await t.app.request(localPath(manifest))).status, 403);
    });

    it("offers nothing to a device of another model, below the minimum firmware, or already up to date", async () => {
      const release = await publish({ models: ["MXR-DJCTRL-v2"], minFirmwareVersion: "1.3.0" });
      const wrongModel = await linkedController(t, { firmware: "1.3.0", model: "MXR-CTRL-ONE" });
      const offered = await offeredManifest(t, wrongModel.controller);
      assert.notEqual(offered?.version, release.version);
      const belowMin = await linkedController(t, { firmware: "1.2.9", model: "MXR-DJCTRL-v2" });
      assert.notEqual((await offeredManifest(t, belowMin.controller))?.version, release.version);
      const eligible = await linkedController(t, { firmware: "1.3.0", model: "MXR-DJCTRL-v2" });
      assert.equal((await offeredManifest(t, eligible.controller))?.version, release.version);
      const upToDate = await linkedController(t, { firmware: release.version, model: "MXR-DJCTRL-v2" });
      assert.equal(await offeredManifest(t, upToDate.controller), null);
    });

    it("offers a release only inside its rollout bucket, and the admin's rollout change applies at once", async () => {
      const { controller } = await linkedController(t, { firmware: "1.3.0", model: "MXR-DJCTRL-v2" });
      const version = nextVersion();
      const bucket = await rolloutBucket(version, controller.serial);
      const release = await publish({ version, models: ["MXR-DJCTRL-v2"], rolloutPercent: String(bucket) });
      assert.notEqual(
        (await offeredManifest(t, controller))?.version,
        version,
        `bucket ${bucket} is outside`,
      );
      const raised = await admin.browser.post(`/admin/firmware/${release.id}/rollout`, {
        rolloutPercent: String(bucket + 1),
      });
      assert.equal(raised.status, 303);
      assert.equal((await offeredManifest(t, controller))?.version, version);
      const bad = await admin.browser.post(`/admin/firmware/${release.id}/rollout`, {
        rolloutPercent: "101",
      });
      assert.equal(bad.status, 422);
      assert.equal((await releaseRow(t, version)).rolloutPercent, bucket + 1);
      const entries = await t.deps.db.select().from(firmwareAuditLog).where(
        eq(firmwareAuditLog.releaseId, release.id),
      );
      assert.deepEqual(entries.map((e) => [e.event, e.detail]).slice(1), [[
        "rollout_changed",
        `${bucket}% → ${bucket + 1}%`,
      ]]);
    });

    it("follows the channel: a stable device never gets a beta release, a beta device gets the newest of both", async () => {
      const { controller } = await linkedController(t, { firmware: "1.3.0", model: "MXR-DJCTRL-v2" });
      const stable = await publish({ models: ["MXR-DJCTRL-v2"] });
      const beta = await publish({
        version: `${nextVersion()}-beta.1`,
        channel: "beta",
        models: ["MXR-DJCTRL-v2"],
      });
      assert.equal((await offeredManifest(t, controller))?.version, stable.version);
      assert.equal((await offeredManifest(t, controller, "beta"))?.version, beta.version);
      assert.equal((await controller.call(`${FIRMWARE_LATEST_PATH}?channel=nightly`)).status, 400);
    });

    it("numbers every manifest above the last one and needs a device session", async () => {
      await publish();
      const { controller } = await linkedController(t);
      const first = (await offeredManifest(t, controller))!;
      const second = (await offeredManifest(t, controller))!;
      assert.ok(second.sequence > first.sequence, `${second.sequence} > ${first.sequence}`);
      const anonymous = await t.app.request(FIRMWARE_LATEST_PATH);
      assert.equal(anonymous.status, 401);
    });
  });

  describe("device reports", () => {
    it("records installs and rollbacks per release, on the device's page and in the audit log", async () => {
      const release = await publish({ releaseNotes: "Smoother jog wheels." });
      const { owner, controller } = await linkedController(t, { firmware: "1.3.0" });
      const rolledBack = await controller.call(FIRMWARE_OUTCOME_PATH, {
        method: "POST",
        body: JSON.stringify({
          outcome: "rolled_back",
          version: release.version,
          previous_version: "1.3.0",
          reason: "health check failed: port 5555 not listening after 30 s",
        }),
      });
      assert.equal(rolledBack.status, 200);
      const [device] = await t.deps.db.select().from(devices).where(eq(devices.serial, controller.serial));
      assert.equal(device.firmware, "1.3.0");
      let page = await (await owner.browser.get(`/devices/${device.id}`)).text();
      assert.match(page, /was rolled back .*port 5555 not listening/);
      assert.match(page, new RegExp(`${release.version.replaceAll(".", "\\.")}</td>|${release.version}<`));
      assert.match(page, /Smoother jog wheels\./);

      const installed = await controller.call(FIRMWARE_OUTCOME_PATH, {
        method: "POST",
        body: JSON.stringify({ outcome: "installed", version: release.version, previous_version: "1.3.0" }),
      });
      assert.equal(installed.status, 200);
      const [after] = await t.deps.db.select().from(devices).where(eq(devices.serial, controller.serial));
      assert.equal(after.firmware, release.version);
      page = await (await owner.browser.get(`/devices/${device.id}`)).text();
      assert.match(
        page,
        new RegExp(`data-testid="firmware-version">${release.version.replaceAll(".", "\\.")}<`),
      );
      assert.match(page, new RegExp(`Last update: ${release.version.replaceAll(".", "\\.")} installed`));

      const releasePage = await (await admin.browser.get(`/admin/firmware/${release.id}`)).text();
      assert.match(releasePage, /1 installed · 1 rolled back/);
      const list = await (await admin.browser.get("/admin/firmware")).text();
      const row = list.slice(list.indexOf(`data-version="${release.version}"`));
      assert.match(row, /data-testid="devices-on-release">1</);
      assert.match(row, /data-testid="rolled-back">1</);
      const audit = await (await admin.browser.get("/admin/firmware/audit")).text();
      assert.match(audit, new RegExp(`device rolled back.*${controller.serial}`, "s"));
      assert.match(audit, /device installed/);
    });

    it("refuses malformed reports and changes nothing", async () => {
      const { controller } = await linkedController(t);
      for (
        const body of [
          { outcome: "rolled_back", version: "2.0.0", previous_version: "1.3.0" },
          { outcome: "installed", version: "two", previous_version: "1.3.0" },
          { outcome: "exploded", version: "2.0.0", previous_version: "1.3.0" },
        ]
      ) {
        const res = await controller.call(FIRMWARE_OUTCOME_PATH, {
          method: "POST",
          body: JSON.stringify(body),
        });
        assert.equal(res.status, 400, JSON.stringify(body));
      }
      const huge = await controller.call(FIRMWARE_OUTCOME_PATH, { method: "POST", body: "x".repeat(20_000) });
      assert.equal(huge.status, 413);
      const [device] = await t.deps.db.select().from(devices).where(eq(devices.serial, controller.serial));
      assert.equal(device.firmware, "1.3.0");
    });
  });
});

describe("firmware upload limit", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ FIRMWARE_MAX_UPLOAD_BYTES: "50000" });
  });
  after(() => t.close());

  it("refuses a build over FIRMWARE_MAX_UPLOAD_BYTES with 413 and leaves nothing stored", async () => {
    const admin = await signedInUser(t, { role: "admin" });
    const res = await publishRelease(admin.browser, { version: "1.5.0" }, fakeBuild(200_000));
    assert.equal(res.status, 413);
    assert.match(await res.text(), /larger than/);
    assert.equal(await releaseRow(t, "1.5.0"), undefined);
    assert.deepEqual(storedFirmwareFiles(t), []);
    const fits = await publishRelease(admin.browser, { version: "1.5.0" }, fakeBuild(50_000));
    assert.equal(fits.status, 303);
  });
});

describe("firmware signing key rotation", () => {
  const [oldSeed, newSeed] = [generateFirmwareSigningSeed(), generateFirmwareSigningSeed()];
  let oldKey: { keyId: string; publicKey: string };
  let newKey: { keyId: string; publicKey: string };

  before(async () => {
    oldKey = (await importFirmwareSigningKey(oldSeed))!;
    newKey = (await importFirmwareSigningKey(newSeed))!;
  });

  /** The manifest a portal configured with `seeds` hands a device, still in its envelope. */
  async function envelopeFrom(seeds: string[]) {
    const t = await createTestApp({ FIRMWARE_SIGNING_KEYS: seeds.join(",") });
    try {
      await ensureControllerApp(t.deps.db, t.clock.now());
      const admin = await signedInUser(t, { role: "admin" });
      assert.equal((await publishRelease(admin.browser, { version: "1.4.0" })).status, 303);
      const { controller } = await linkedController(t);
      const page = await (await admin.browser.get("/admin/firmware")).text();
      assert.match(
        page,
        new RegExp(
          `MIXERA_FIRMWARE_TRUSTED_KEYS=${
            seeds.length === 2 ? `${newKey.publicKey},${oldKey.publicKey}` : oldKey.publicKey
          }`,
        ),
      );
      return { envelope: (await latest(controller)).update!, now: t.clock.now() };
    } finally {
      await t.close();
    }
  }

  it("signs with the first configured key; a controller trusting old and new keys accepts both portals", async () => {
    const before = await envelopeFrom([oldSeed]);
    const afterRotation = await envelopeFrom([newSeed, oldSeed]);
    assert.equal(before.envelope.key_id, oldKey.keyId);
    assert.equal(afterRotation.envelope.key_id, newKey.keyId);
    const bothKeys = [oldKey.publicKey, newKey.publicKey];
    for (const { envelope, now } of [before, afterRotation]) {
      assert.equal((await verifySignedManifest(envelope, { trustedKeys: bothKeys, now })).ok, true);
    }
    assert.deepEqual(
      await verifySignedManifest(afterRotation.envelope, {
        trustedKeys: [oldKey.publicKey],
        now: afterRotation.now,
      }),
      { ok: false, problem: "unknown_key" },
    );
  });
});

describe("firmware in production without signing keys", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ MIXERA_ENV: "production", PUBLIC_URL: "http://localhost" });
  });
  after(() => t.close());

  it("signs nothing: publishing answers 503 and the page says what to configure", async () => {
    const admin = await signedInUser(t, { role: "admin" });
    const page = await admin.browser.get("/admin/firmware");
    assert.equal(page.status, 200);
    assert.match(await page.text(), /set FIRMWARE_SIGNING_KEYS/);
    assert.equal((await publishRelease(admin.browser, { version: "1.4.0" })).status, 503);
    assert.equal(await releaseRow(t, "1.4.0"), undefined);
  });
});
