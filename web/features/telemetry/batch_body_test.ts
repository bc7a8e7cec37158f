import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { sampleBatch } from "../../../shared/telemetry/testing/sample_batch.ts";
import { readTelemetryBatch } from "./batch_body.ts";

const SERIAL = "MXR-20250701-000123";

function request(body: Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Request {
  return new Request("http://portal.test/v1/telemetry", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

const gzip = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes));
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("readTelemetryBatch", () => {
  it("reads the same batch from plain and gzip JSON and keeps the body as sent", async () => {
    const batch = sampleBatch(SERIAL);
    const plain = await readTelemetryBatch(request(json(batch)));
    const compressed = gzip(json(batch));
    const zipped = await readTelemetryBatch(request(compressed, { "content-encoding": "gzip" }));
    assert.ok(plain.ok && zipped.ok);
    assert.deepEqual(plain.batch, batch);
    assert.deepEqual(zipped.batch, batch);
    assert.deepEqual([plain.raw.encoding, zipped.raw.encoding], ["identity", "gzip"]);
    assert.deepEqual(zipped.raw.bytes, compressed);
  });

  it("refuses a batch with a key written twice", async () => {
    const text = JSON.stringify(sampleBatch(SERIAL)).replace('"v":1', '"v":1,"v":1');
    const result = await readTelemetryBatch(request(new TextEncoder().encode(text)));
    assert.deepEqual(result, { ok: false, status: 400, message: 'key "v" is repeated' });
  });

  it("answers arbitrary bytes, plain or as gzip, with a refusal and never throws", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 256 }), fc.boolean(), async (bytes, asGzip) => {
        const body = new Uint8Array(asGzip ? gzip(bytes) : bytes);
        const result = await readTelemetryBatch(request(body, asGzip ? { "content-encoding": "gzip" } : {}));
        assert.equal(result.ok, false);
        if (!result.ok) assert.equal(result.status, 400);
      }),
      { numRuns: 200 },
    );
  });

  it("answers arbitrary JSON with a 400 that names what is wrong", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (value) => {
        const result = await readTelemetryBatch(request(json(value)));
        assert.equal(result.ok, false);
        if (!result.ok) {
          assert.equal(result.status, 400);
          assert.ok(result.message.length > 0 && result.message.length <= 500);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("refuses batches with one event field changed to a value of another type", async () => {
    const batch = sampleBatch(SERIAL);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: batch.events.length - 1 }),
        fc.nat(),
        fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.object()),
        async (eventIndex, fieldIndex, value) => {
          const event = batch.events[eventIndex] as unknown as Record<string, unknown>;
          const fields = Object.keys(event).filter((key) => key !== "kind");
          const field = fields[fieldIndex % fields.length];
          // A field the sample leaves null may be a nullable string or number: its type is not known here.
          fc.pre(event[field] !== null && typeof value !== typeof event[field]);
          const changed = structuredClone(batch) as unknown as { events: Record<string, unknown>[] };
          changed.events[eventIndex][field] = value;
          const result = await readTelemetryBatch(request(json(changed)));
          if (result.ok) {
            // Only a nullable field may take null.
            assert.equal(value, null, `${event.kind}.${field} took ${JSON.stringify(value)}`);
          } else {
            assert.match(result.message, new RegExp(`^events\\.${eventIndex}\\.`));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
