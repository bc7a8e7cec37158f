/**
 * @module
 * What every incremental frame decoder returns: a frame, or a typed error that names what went wrong
 * so the connection can answer with an error envelope instead of crashing.
 */

/** Frames larger than this are refused unless a decoder is told otherwise. */
export const DEFAULT_MAX_FRAME_SIZE = 1024 * 1024;

export type FrameErrorKind = "oversize" | "garbage";

export interface FrameError {
  kind: FrameErrorKind;
  message: string;
  /** Declared or observed size of the refused frame, when known. */
  size?: number;
}

export type FrameResult<T> = { ok: true; frame: T } | { ok: false; error: FrameError };

/** Turns a byte stream cut at arbitrary points back into frames. */
export interface FrameDecoder<T> {
  /** Feeds the next chunk and returns every frame (or frame error) it completed, in order. */
  push(chunk: Uint8Array): FrameResult<T>[];
  /** Bytes held while waiting for the rest of a frame. */
  readonly buffered: number;
}

export interface FrameDecoderOptions {
  maxFrameSize?: number;
}
