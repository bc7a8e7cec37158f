/**
 * @module
 * JSON as UTF-8 bytes: the OCP baseline every peer speaks.
 *
 * @example
 * ```ts
 * jsonCodec.decode(jsonCodec.encode({ type: "HEARTBEAT" })); // { ok: true, value: { type: "HEARTBEAT" } }
 * ```
 */
import type { PayloadCodec } from "./types.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export const jsonCodec: PayloadCodec = {
  name: "json",
  encode(value) {
    return encoder.encode(JSON.stringify(value));
  },
  decode(bytes) {
    try {
      return { ok: true, value: JSON.parse(decoder.decode(bytes)) };
    } catch (error) {
      return {
        ok: false,
        message: `Invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  },
};
