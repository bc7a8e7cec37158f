import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { multipartBoundary, MultipartError, type MultipartEvent, multipartEvents } from "./multipart.ts";

/** The form as a browser encodes it, cut into chunks of `size` bytes. */
async function encoded(form: FormData, size: number) {
  const request = new Request("http://x/", { method: "POST", body: form });
  const bytes = new Uint8Array(await request.arrayBuffer());
  const boundary = multipartBoundary(request.headers.get("content-type") ?? "")!;
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
  }
  return { boundary, chunks, bytes };
}

/** Collects the events into parts with their full values. */
async function collect(events: AsyncIterable<MultipartEvent>) {
  const parts: { name: string; filename: string | null; value: Uint8Array }[] = [];
  let current: Uint8Array[] = [];
  for await (const event of events) {
    if (event.kind === "part") {
      parts.push({ name: event.name, filename: event.filename, value: new Uint8Array() });
      current = [];
    } else if (event.kind === "data") current.push(event.bytes.slice());
    else {
      const total = current.reduce((sum, part) => sum + part.length, 0);
      const value = new Uint8Array(total);
      let at = 0;
      for (const part of current) {
        value.set(part, at);
        at += part.length;
      }
      parts[parts.length - 1].value = value;
    }
  }
  return parts;
}

describe("streaming multipart/form-data", () => {
  it("reads text fields and a binary file whatever the chunk size, delimiters split included", async () => {
    const file = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919 + (i >> 8)) & 255);
    // Bytes that look like the start of a delimiter must pass through as data.
    file.set(new TextEncoder().encode("\r\n--"), 1000);
    const form = new FormData();
    form.append("version", "1.4.0");
    form.append("notes", "Line one\r\nLine two");
    form.append("artifact", new File([file], "mixera-controller"));
    for (const size of [7, 64, 4096, 65_536, 1_000_000]) {
      const { boundary, chunks } = await encoded(form, size);
      const parts = await collect(
        multipartEvents(chunks(), boundary, { maxHeaderBytes: 8192, maxParts: 10 }),
      );
      assert.deepEqual(parts.map((p) => [p.name, p.filename]), [
        ["version", null],
        ["notes", null],
        ["artifact", "mixera-controller"],
      ]);
      assert.equal(new TextDecoder().decode(parts[1].value), "Line one\r\nLine two");
      assert.deepEqual(parts[2].value, file, `chunk size ${size}`);
    }
  });

  it("refuses truncated bodies, missing boundaries and too many parts", async () => {
    const form = new FormData();
    for (let i = 0; i < 5; i++) form.append(`f${i}`, "x");
    const { boundary, bytes } = await encoded(form, 10);
    const truncated = async function* () {
      yield bytes.slice(0, bytes.length - 10);
    };
    await assert.rejects(collect(multipartEvents(truncated(), boundary)), MultipartError);
    await assert.rejects(
      collect(multipartEvents(truncated(), boundary, { maxHeaderBytes: 8192, maxParts: 2 })),
      /too many parts/,
    );
    const noBoundary = async function* () {
      yield new Uint8Array(20_000);
    };
    await assert.rejects(collect(multipartEvents(noBoundary(), boundary)), /No multipart boundary/);
  });

  it("finds the boundary in a content type, quoted or not", () => {
    assert.equal(multipartBoundary("multipart/form-data; boundary=abc123"), "abc123");
    assert.equal(multipartBoundary('multipart/form-data; boundary="a b"'), "a b");
    assert.equal(multipartBoundary("application/x-www-form-urlencoded"), null);
    assert.equal(multipartBoundary("multipart/form-data"), null);
  });

  it("round-trips any fields and file content however the body is cut (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 40 })), { maxLength: 4 }),
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }),
        async (fields, file, cuts) => {
          const form = new FormData();
          for (const [name, value] of fields) form.append(name, value);
          form.append("artifact", new File([file], "build"));
          const request = new Request("http://x/", { method: "POST", body: form });
          const bytes = new Uint8Array(await request.arrayBuffer());
          const boundary = multipartBoundary(request.headers.get("content-type") ?? "")!;
          async function* chunks() {
            let at = 0;
            for (let i = 0; at < bytes.length; i++) {
              const size = cuts[i % cuts.length];
              yield bytes.slice(at, at + size);
              at += size;
            }
          }
          const parts = await collect(multipartEvents(chunks(), boundary));
          assert.deepEqual(parts.map((p) => p.name), [...fields.map(([name]) => name), "artifact"]);
          fields.forEach(([, value], i) =>
            assert.equal(new TextDecoder().decode(parts[i].value), value.replaceAll(/\r?\n|\r/g, "\r\n"))
          );
          assert.deepEqual(parts.at(-1)!.value, file);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("ends any byte soup with a MultipartError or events, never another error (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.boolean(), async (soup, framed) => {
        const prefix = new TextEncoder().encode(
          framed ? '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n' : "",
        );
        async function* chunks() {
          yield prefix;
          yield soup;
        }
        try {
          await collect(multipartEvents(chunks(), "b"));
        } catch (error) {
          assert.ok(error instanceof MultipartError, String(error));
        }
      }),
      { numRuns: 300 },
    );
  });
});
