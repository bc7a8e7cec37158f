import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { Hono } from "hono";
import { z } from "zod";
import { createTestApp, type TestApp } from "../testing/test_app.ts";
import { MAX_FIELD_CHARS, MAX_FORM_BYTES, parseForm } from "./forms.ts";

const CHUNK_BYTES = 64 * 1024;

/** A chunked multipart body whose `email` field is `fieldBytes` long, counting the bytes pulled from it. */
function hugeMultipart(fieldBytes: number) {
  const boundary = "mixera-test-boundary";
  const encoder = new TextEncoder();
  const head = encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\n`);
  const filler = new Uint8Array(CHUNK_BYTES).fill(0x41);
  const state = { pulled: 0 };
  let sent = -1;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = sent < 0 ? head : sent < fieldBytes ? filler : encoder.encode(`\r\n--${boundary}--\r\n`);
      if (sent >= fieldBytes + CHUNK_BYTES) return controller.close();
      sent = sent < 0 ? 0 : sent + chunk.byteLength;
      state.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { body, boundary, state };
}

describe("form posts to the real app", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  it("answers a chunked multipart sign-in with an oversized field 413, without reading or echoing it", async () => {
    const { body, boundary, state } = hugeMultipart(4 * 1024 * 1024);
    const response = await t.browser().request("/signin", {
      method: "POST",
      body,
      duplex: "half",
      headers: {
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "sec-fetch-site": "same-origin",
      },
    } as RequestInit);
    assert.equal(response.status, 413);
    const page = await response.text();
    assert.ok(page.length < 32 * 1024, `the page is ${page.length} characters`);
    assert.doesNotMatch(page, /AAAAAAAAAAAAAAAA/);
    assert.ok(state.pulled <= MAX_FORM_BYTES + 2 * CHUNK_BYTES, `pulled ${state.pulled} bytes of the body`);
  });

  it("fails a field over MAX_FIELD_CHARS and does not echo it into the page", async () => {
    const long = "b".repeat(MAX_FIELD_CHARS + 1);
    const response = await t.browser().post("/signup", { email: long, password: "x", displayName: "x" });
    assert.equal(response.status, 422);
    assert.ok(!(await response.text()).includes(long.slice(0, 300)));
  });
});

/** A tiny app that answers with what parseForm read, to fuzz the reader on its own. */
const echoApp = new Hono().post("/", async (c) => {
  const form = await parseForm(c, z.record(z.string(), z.string()));
  return c.json({ ok: form.ok, values: form.values, tooLarge: form.ok ? false : form.tooLarge ?? false });
});

/** `bytes` split at `cuts` into a stream of chunks. */
function chunked(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.byteLength + 1)))].sort((a, b) => a - b);
  const edges = [0, ...points, bytes.byteLength];
  return new ReadableStream({
    start(controller) {
      for (let i = 1; i < edges.length; i++) controller.enqueue(bytes.slice(edges[i - 1], edges[i]));
      controller.close();
    },
  });
}

async function post(bytes: Uint8Array, contentType: string, cuts: number[]) {
  const response = await echoApp.request("/", {
    method: "POST",
    body: chunked(bytes, cuts),
    duplex: "half",
    headers: { "content-type": contentType },
  } as RequestInit);
  return await response.json() as { ok: boolean; values: Record<string, string>; tooLarge: boolean };
}

const fieldName = fc.string({ minLength: 1, maxLength: 12 });
const fields = fc.array(fc.tuple(fieldName, fc.string({ maxLength: 40 })), { maxLength: 8 });
/** Multipart names are plain identifiers: encoders escape `"` and newlines in names, decoders differ on `;`. */
const multipartFields = fc.array(
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/), fc.string({ maxLength: 40 })),
  { maxLength: 8 },
);

describe("parseForm (property-based)", () => {
  it("reads any urlencoded form the same however its bytes are chunked, last value winning", async () => {
    await fc.assert(
      fc.asyncProperty(fields, fc.array(fc.nat(), { maxLength: 6 }), async (entries, cuts) => {
        const bytes = new TextEncoder().encode(new URLSearchParams(entries).toString());
        const read = await post(bytes, "application/x-www-form-urlencoded", cuts);
        assert.deepEqual(read.values, Object.fromEntries(new URLSearchParams(entries)));
      }),
      { numRuns: 150 },
    );
  });

  it("reads any multipart form with its text fields", async () => {
    await fc.assert(
      fc.asyncProperty(multipartFields, fc.array(fc.nat(), { maxLength: 6 }), async (entries, cuts) => {
        const form = new FormData();
        for (const [key, value] of entries) form.append(key, value);
        const encoded = new Response(form);
        const bytes = new Uint8Array(await encoded.arrayBuffer());
        const read = await post(bytes, encoded.headers.get("content-type")!, cuts);
        const expected: Record<string, string> = {};
        for (const [key, value] of form) expected[key] = value as string;
        assert.deepEqual(read.values, expected);
      }),
      { numRuns: 100 },
    );
  });

  it("never throws on arbitrary bytes and refuses everything over MAX_FORM_BYTES", async () => {
    const contentType = fc.constantFrom(
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "multipart/form-data",
      "text/plain",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat({ max: 2 * MAX_FORM_BYTES }),
        contentType,
        fc.array(fc.nat(), { maxLength: 4 }),
        async (prefix, padding, type, cuts) => {
          const bytes = new Uint8Array(prefix.byteLength + padding);
          bytes.set(prefix);
          const read = await post(bytes, type, cuts);
          assert.equal(read.tooLarge, bytes.byteLength > MAX_FORM_BYTES);
          for (const value of Object.values(read.values)) assert.ok(value.length <= MAX_FIELD_CHARS);
        },
      ),
      { numRuns: 60 },
    );
  });
});
