import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { gunzipAtMost, InflateError } from "./inflate.ts";

const gzip = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes));

describe("gunzipAtMost", () => {
  it("inflates a gzip stream within the limit exactly", async () => {
    const text = new TextEncoder().encode(JSON.stringify({ events: Array(500).fill({ kind: "heartbeat" }) }));
    assert.deepEqual(await gunzipAtMost(gzip(text), text.byteLength), text);
  });

  it("stops a bomb after a small part of its input", async () => {
    const bomb = gzip(new Uint8Array(256 * 1024 * 1024));
    const refusal = await gunzipAtMost(bomb, 1024 * 1024).catch((error) => error);
    assert.ok(refusal instanceof InflateError);
    assert.equal(refusal.reason, "too large");
    assert.ok(
      refusal.inputBytesUsed < bomb.byteLength / 10,
      `used ${refusal.inputBytesUsed} of ${bomb.byteLength} compressed bytes`,
    );
  });

  it("refuses one byte over the limit", async () => {
    const text = new Uint8Array(10_000).fill(65);
    await assert.rejects(
      gunzipAtMost(gzip(text), 9_999),
      (error) => (error as InflateError).reason === "too large",
    );
  });

  it("refuses truncated and non-gzip input as invalid", async () => {
    const whole = gzip(new TextEncoder().encode('{"a":1}'.repeat(100)));
    for (
      const bad of [whole.subarray(0, whole.byteLength - 6), new TextEncoder().encode("{}"), new Uint8Array()]
    ) {
      await assert.rejects(
        gunzipAtMost(new Uint8Array(bad), 1024 * 1024),
        (error) => (error as InflateError).reason === "invalid",
      );
    }
  });
});
