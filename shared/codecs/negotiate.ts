/**
 * @module
 * Per-connection payload codec choice. HELLO and HELLO_ACK always travel as JSON; afterwards a side
 * sends MsgPack only when both HELLOs offered it, and the receiver tells the two apart per frame
 * (an OCP message is a map: MsgPack map markers are bytes JSON text never starts with), so a peer that never offers MsgPack
 * keeps working and no switch-over moment has to be agreed.
 */
import { jsonCodec } from "./json.ts";
import { msgpackCodec } from "./msgpack.ts";
import type { DecodeResult, PayloadCodec } from "./types.ts";

export const MSGPACK_FEATURE = "msgpack";

function startsWithMsgpackMap(bytes: Uint8Array): boolean {
  const first = bytes[0];
  return (first >= 0x80 && first <= 0x8f) || first === 0xde || first === 0xdf;
}

/** The codec to send with, given both sides' HELLO feature flags. */
export function negotiateCodec(localFlags: readonly string[], remoteFlags: readonly string[]): PayloadCodec {
  return localFlags.includes(MSGPACK_FEATURE) && remoteFlags.includes(MSGPACK_FEATURE)
    ? msgpackCodec
    : jsonCodec;
}

/** Decodes a frame as MsgPack when it starts with a MsgPack map and MsgPack is accepted, else as JSON. */
export function decodeAnyPayload(bytes: Uint8Array, acceptMsgpack: boolean): DecodeResult {
  return acceptMsgpack && startsWithMsgpackMap(bytes) ? msgpackCodec.decode(bytes) : jsonCodec.decode(bytes);
}
