/**
 * @module
 * OCP on the wire: length-prefixed frames holding a JSON or MsgPack message. The decoder turns any
 * byte stream into parsed messages or error envelopes and never throws.
 */
import { decodeAnyPayload, jsonCodec, type PayloadCodec } from "../codecs/mod.ts";
import { createLengthPrefixDecoder, DEFAULT_MAX_FRAME_SIZE, encodeLengthPrefixed } from "../framing/mod.ts";
import { ocpError } from "./errors.ts";
import { parseMessage, type ParseResult } from "./message.ts";
import type { OcpMessage } from "./schemas.ts";

export function encodeOcpFrame(
  message: OcpMessage,
  codec: PayloadCodec = jsonCodec,
  maxFrameSize = DEFAULT_MAX_FRAME_SIZE,
): Uint8Array {
  return encodeLengthPrefixed(codec.encode(message), maxFrameSize);
}

export interface OcpDecoderOptions {
  maxFrameSize?: number;
  /** Whether MsgPack frames are accepted right now (asked per frame: negotiation happens mid-stream). */
  acceptMsgpack?: () => boolean;
}

export interface OcpDecoder {
  push(chunk: Uint8Array): ParseResult[];
  readonly buffered: number;
}

export function createOcpDecoder(options: OcpDecoderOptions = {}): OcpDecoder {
  const frames = createLengthPrefixDecoder({ maxFrameSize: options.maxFrameSize });
  const acceptMsgpack = options.acceptMsgpack ?? (() => false);
  return {
    get buffered() {
      return frames.buffered;
    },
    push(chunk) {
      return frames.push(chunk).map((result): ParseResult => {
        if (!result.ok) {
          const name = result.error.kind === "oversize" ? "FRAME_TOO_LARGE" : "MALFORMED_FRAME";
          return { ok: false, error: ocpError(name, result.error.message) };
        }
        const decoded = decodeAnyPayload(result.frame, acceptMsgpack());
        if (!decoded.ok) return { ok: false, error: ocpError("MALFORMED_FRAME", decoded.message) };
        return parseMessage(decoded.value);
      });
    },
  };
}
