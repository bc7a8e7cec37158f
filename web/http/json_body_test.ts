import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { findDuplicateKey, JsonBodyError, parseJsonBytes, readJsonBody } from "./json_body.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

function refuses(text: string | Uint8Array, pattern: RegExp) {
  assert.throws(
    () => parseJsonBytes(typeof text === "string" ? bytes(text) : text),
    (error: unknown) => error instanceof JsonBodyError && error.status === 400 && pattern.test(error.message),
  );
}

describe("parseJsonBytes", () => {
  it("parses objects, arrays and scalars", () => {
    assert.deepEqual(parseJsonBytes(bytes('{"a":1,"b":[{"a":2},{"a":3}],"c":{"a":"x"}}')), {
      a: 1,
      b: [{ a: 2 }, { a: 3 }],
      c: { a: "x" },
    });
    assert.equal(parseJsonBytes(bytes('"x"')), "x");
  });

  it("refuses duplicate keys at any depth, escaped spellings included", () => {
    refuses('{"scope":"a","scope":"b"}', /"scope" is repeated/);
    refuses('{"a":{"b":1,"b":2}}', /"b" is repeated/);
    refuses('[{"x":1},{"y":[{"k":1,"k":1}]}]', /"k" is repeated/);
    refuses('{"a":1,"\\u0061":2}', /"a" is repeated/);
    refuses('{"a\\"b":1,"a\\"b":2}', /repeated/);
  });

  it("keeps keys of sibling objects and string values apart", () => {
    assert.equal(findDuplicateKey('{"a":"a","b":{"a":"a"},"c":["a","a"]}'), null);
    assert.equal(findDuplicateKey('{"a":"\\"a\\":","b":"}{,"}'), null);
  });

  it("refuses invalid UTF-8 and invalid JSON", () => {
    refuses(new Uint8Array([0x7b, 0xff, 0x7d]), /UTF-8/);
    refuses("{", /not valid JSON/);
    refuses("", /not valid JSON/);
  });
});

describe("readJsonBody", () => {
  it("refuses a chunked body over the limit with 413", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes('{"a":"'));
        controller.enqueue(bytes("x".repeat(2000)));
        controller.enqueue(bytes('"}'));
        controller.close();
      },
    });
    const request = new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit);
    await assert.rejects(
      readJsonBody(request, 1024),
      (error: unknown) => error instanceof JsonBodyError && error.status === 413,
    );
  });
});

/** JSON objects whose keys are distinct in every object (what JSON.stringify always produces). */
const json = fc.jsonValue({ maxDepth: 4 });

describe("parseJsonBytes (property-based)", () => {
  it("reads back whatever JSON.stringify wrote", () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = JSON.stringify(value);
        assert.deepEqual(parseJsonBytes(bytes(text)), JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it("refuses any object with one key written twice", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 8 }), json, { minKeys: 1, maxKeys: 5 }),
        fc.nat(),
        fc.nat(),
        json,
        (object, pick, at, extra) => {
          const keys = Object.keys(object);
          const key = keys[pick % keys.length];
          const members = keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(object[k])}`);
          members.splice(at % (members.length + 1), 0, `${JSON.stringify(key)}:${JSON.stringify(extra)}`);
          const text = `{"outer":[{${members.join(",")}}]}`;
          assert.equal(findDuplicateKey(text), key);
          assert.throws(() => parseJsonBytes(bytes(text)), JsonBodyError);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("answers arbitrary bytes with a value or a JsonBodyError, nothing else", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.string({ maxLength: 64 }).map(bytes)),
        (input) => {
          try {
            parseJsonBytes(input);
          } catch (error) {
            assert.ok(error instanceof JsonBodyError, String(error));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
