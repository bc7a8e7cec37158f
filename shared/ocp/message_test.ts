import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { jsonCodec, msgpackCodec } from "../codecs/mod.ts";
import { splitAt } from "../framing/testing/chunks.ts";
import { concat } from "../framing/testing/chunks.ts";
import { createMessage, createOcpDecoder, encodeOcpFrame, OCP_ERRORS, parseMessage } from "./mod.ts";

const seedHello = {
  id: "550e8400-e29b-41d4-a716-446655440000",
  type: "HELLO",
  ts: "2025-12-08T15:42:01Z",
  from: { role: "controller", serial: "MXR-20250701-000123" },
  to: { role: "accessory" },
  payload: {
    model_number: "MXR-DJCTRL-v2",
    firmware_version: "1.3.0",
    protocol_version: "1.0",
    feature_flags: ["motorized_faders", "ota"],
  },
};

const faderMove = fc.record({
  chan: fc.integer({ min: 0, max: 255 }),
  pos: fc.double({ min: 0, max: 1, noNaN: true }),
})
  .map((p) => createMessage("EVENT", { event: "FADER_MOVE", chan: p.chan, pos: p.pos === 0 ? 0 : p.pos }));

describe("OCP messages", () => {
  it("parses the protocol's complete handshake example", () => {
    const result = parseMessage(seedHello);
    assert.ok(result.ok);
    assert.equal(result.message.type, "HELLO");
  });

  it("names the bad field of a malformed HELLO", () => {
    const result = parseMessage({ ...seedHello, payload: { model_number: "X" } });
    assert.ok(!result.ok);
    assert.equal(result.error.code, OCP_ERRORS.INVALID_HELLO);
    assert.match(result.error.message, /firmware_version/);
  });

  it("reports an unknown message type as such", () => {
    const result = parseMessage({ ...seedHello, type: "PING" });
    assert.ok(!result.ok);
    assert.equal(result.error.code, OCP_ERRORS.UNKNOWN_MESSAGE_TYPE);
  });

  it("refuses wrong payload types and out-of-range values", () => {
    for (
      const payload of [{ event: "FADER_MOVE", chan: 1, pos: 2 }, {
        event: "FADER_MOVE",
        chan: "1",
        pos: 0.5,
      }, { event: "NOPE" }]
    ) {
      const result = parseMessage(createMessage("EVENT", payload));
      assert.ok(!result.ok);
      assert.equal(result.error.code, OCP_ERRORS.INVALID_MESSAGE);
    }
  });

  it("round-trips messages through framing with either codec and any re-chunking", () => {
    fc.assert(
      fc.property(
        fc.array(faderMove, { maxLength: 10 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 20 }),
        (messages, useMsgpack, cuts) => {
          const codec = useMsgpack ? msgpackCodec : jsonCodec;
          const decoder = createOcpDecoder({ acceptMsgpack: () => true });
          const stream = concat(messages.map((m) => encodeOcpFrame(m, codec)));
          const out = splitAt(stream, cuts).flatMap((chunk) => decoder.push(chunk));
          assert.deepEqual(out, messages.map((message) => ({ ok: true, message })));
        },
      ),
    );
  });

  it("turns random and mutated frames into error envelopes without throwing", () => {
    const valid = encodeOcpFrame(createMessage("EVENT", { event: "FADER_MOVE", chan: 1, pos: 0.5 }));
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), byte: fc.nat({ max: 255 }) }), { maxLength: 8 }),
        fc.uint8Array({ maxLength: 64 }),
        (mutations, noise) => {
          const mutated = valid.slice();
          for (const { at, byte } of mutations) mutated[4 + (at % (mutated.length - 4))] = byte;
          const decoder = createOcpDecoder({ maxFrameSize: 4096, acceptMsgpack: () => true });
          const out = [...decoder.push(mutated), ...decoder.push(noise)];
          for (const result of out) {
            if (!result.ok) {
              assert.ok(result.error.code >= 4000 && result.error.code < 5000);
            }
          }
        },
      ),
    );
  });
});
