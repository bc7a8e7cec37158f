import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { decodeUbjson } from "./decode.ts";
import { encodeUbjson } from "./encode.ts";
import { UbjsonError } from "./format.ts";

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => typeof v === "string" ? [...v].map((c) => c.charCodeAt(0)) : [v]));

/** JSON values as the protocol carries them: finite numbers only, no -0 (JSON cannot tell it apart). */
const protocolValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
    fc.maxSafeInteger(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.string({ unit: "grapheme" }),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(fc.string(), tie("value"), { maxKeys: 5 }),
  ),
})).value;

describe("decodeUbjson", () => {
  it("round-trips every protocol value (property)", () => {
    fc.assert(
      fc.property(protocolValue, (value) => {
        // The JSON round trip gives fast-check's null-prototype dictionaries an ordinary prototype.
        assert.deepEqual(decodeUbjson(encodeUbjson(value)), JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it("never throws anything but UbjsonError on arbitrary bytes (fuzz)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        try {
          decodeUbjson(input);
        } catch (error) {
          assert.ok(error instanceof UbjsonError, String(error));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("never throws anything but UbjsonError on mutated valid encodings (fuzz)", () => {
    fc.assert(
      fc.property(protocolValue, fc.nat(), fc.integer({ min: 0, max: 255 }), (value, position, byte) => {
        const encoded = encodeUbjson(value);
        encoded[position % encoded.length] = byte;
        try {
          decodeUbjson(encoded);
        } catch (error) {
          assert.ok(error instanceof UbjsonError, String(error));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts standard S-prefixed keys, typed and end-marked containers", () => {
    assert.deepEqual(decodeUbjson(bytes("{", "S", "i", 1, "k", "T", "}")), { k: true });
    assert.deepEqual(decodeUbjson(bytes("[", "$", "i", "#", "i", 3, 1, 2, 3)), [1, 2, 3]);
    assert.deepEqual(decodeUbjson(bytes("[", "i", 1, "N", "Z", "]")), [1, null]);
    assert.deepEqual(decodeUbjson(bytes("C", "x")), "x");
    assert.deepEqual(decodeUbjson(bytes("H", "i", 3, "1.5")), 1.5);
  });

  it("refuses a count larger than the input instead of allocating", () => {
    assert.throws(() => decodeUbjson(bytes("[", "#", "l", 0xff, 0xff, 0xff, 0x7f)), /exceeds the input/);
  });

  it("refuses deep nesting", () => {
    const deep = new Uint8Array(1000).fill("[".charCodeAt(0));
    assert.throws(() => decodeUbjson(deep), /Nesting deeper than 64/);
  });

  it("refuses trailing bytes and truncated input, naming the byte", () => {
    assert.throws(() => decodeUbjson(bytes("T", "T")), /byte 1/);
    assert.throws(() => decodeUbjson(bytes("D", 1, 2)), /input ends/);
    assert.throws(() => decodeUbjson(bytes("S", "i", 2, 0xff, 0xfe)), /UTF-8/);
  });

  it("keeps a __proto__ key as data", () => {
    const decoded = decodeUbjson(bytes("{", "#", "i", 1, "i", 9, "__proto__", "T")) as Record<
      string,
      unknown
    >;
    assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
    assert.equal(Object.keys(decoded)[0], "__proto__");
  });
});
