/**
 * @module
 * MsgPack (via `@msgpack/msgpack`): the optional compact payload, used on a connection only when
 * both peers list `"msgpack"` in their HELLO `feature_flags`.
 */
import { Decoder, Encoder } from "@msgpack/msgpack";
import type { PayloadCodec } from "./types.ts";

// Reused instances avoid allocating encoder state per message; both are synchronous, so sharing is safe.
const encoder = new Encoder({ ignoreUndefined: true });
const decoder = new Decoder();

export const msgpackCodec: PayloadCodec = {
  name: "msgpack",
  encode(value) {
    return encoder.encode(value);
  },
  decode(bytes) {
    try {
      return { ok: true, value: decoder.decode(bytes) };
    } catch (error) {
      return {
        ok: false,
        message: `Invalid MsgPack: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  },
};
