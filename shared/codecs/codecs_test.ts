import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { decodeAnyPayload, jsonCodec, msgpackCodec, negotiateCodec } from "./mod.ts";

// JSON cannot carry -0, undefined or non-finite numbers; a message is a map, so generate JSON-safe maps.
// `__proto__` keys (at any depth) are left out: the MsgPack decoder refuses them on purpose
// (prototype pollution); a separate test checks that refusal.
const message = fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue(), { maxKeys: 8 })
  .map((v) => JSON.stringify(v))
  .filter((text) => !text.includes('"__proto__"'))
  .map((text) => JSON.parse(text) as Record<string, unknown>);

describe("payload codecs", () => {
  for (const codec of [jsonCodec, msgpackCodec]) {
    it(`${codec.name} round-trips any JSON-shaped message`, () => {
      fc.assert(
        fc.property(message, (value) => {
          assert.deepEqual(codec.decode(codec.encode(value)), { ok: true, value });
        }),
      );
    });

    it(`${codec.name} never throws on random bytes`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
          const result = codec.decode(bytes);
          assert.equal(typeof result.ok, "boolean");
        }),
      );
    });
  }

  it("msgpack refuses a __proto__ key instead of polluting prototypes", () => {
    assert.equal(
      msgpackCodec.decode(new Uint8Array([0x81, 0xa9, ...new TextEncoder().encode("__proto__"), 0x01])).ok,
      false,
    );
  });

  it("chooses MsgPack only when both sides offer it", () => {
    assert.equal(negotiateCodec(["msgpack"], ["ota", "msgpack"]).name, "msgpack");
    assert.equal(negotiateCodec(["msgpack"], ["ota"]).name, "json");
    assert.equal(negotiateCodec([], ["msgpack"]).name, "json");
  });

  it("tells JSON and MsgPack frames apart, and refuses MsgPack when not negotiated", () => {
    fc.assert(
      fc.property(message, (value) => {
        assert.deepEqual(decodeAnyPayload(jsonCodec.encode(value), true), { ok: true, value });
        assert.deepEqual(decodeAnyPayload(msgpackCodec.encode(value), true), { ok: true, value });
        assert.equal(decodeAnyPayload(msgpackCodec.encode(value), false).ok, false);
      }),
    );
  });
});
