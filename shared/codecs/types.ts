/**
 * @module
 * A payload codec turns a message value into bytes and back. Decoding never throws: bad bytes come
 * back as a result the connection can answer with an error envelope.
 */

export type PayloadCodecName = "json" | "msgpack";

export type DecodeResult = { ok: true; value: unknown } | { ok: false; message: string };

export interface PayloadCodec {
  readonly name: PayloadCodecName;
  encode(value: unknown): Uint8Array;
  decode(bytes: Uint8Array): DecodeResult;
}
