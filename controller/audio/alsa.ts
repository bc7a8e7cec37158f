/**
 * @module
 * ALSA PCM playback and capture through `bun:ffi` (libasound.so.2). Blocking, interleaved access: one
 * Worker per stream calls {@link AlsaPcm.write} / {@link AlsaPcm.read} in a loop. Works in a compiled
 * binary because libasound is opened at run time, not linked.
 *
 * @example
 * ```ts
 * const pcm = openPcm({ device: "default", stream: "playback", channels: 2, sampleRate: 44100 });
 * pcm.write(new Int16Array(512), 256);
 * pcm.close();
 * ```
 */
import { dlopen, FFIType, type Pointer, ptr, read } from "bun:ffi";

/** `snd_pcm_format_t` values this module uses. */
export const PCM_FORMAT = { S16_LE: 2, S32_LE: 10, FLOAT_LE: 14 } as const;
export type PcmFormat = keyof typeof PCM_FORMAT;

const STREAM = { playback: 0, capture: 1 } as const;
const ACCESS_RW_INTERLEAVED = 3;
/** Negative errno values ALSA returns for an xrun (underrun/overrun) and a suspended device. */
export const EPIPE = -32;
export const ESTRPIPE = -86;

const symbols = {
  snd_pcm_open: { args: [FFIType.ptr, FFIType.cstring, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  snd_pcm_set_params: {
    args: [FFIType.ptr, FFIType.i32, FFIType.i32, FFIType.u32, FFIType.u32, FFIType.i32, FFIType.u32],
    returns: FFIType.i32,
  },
  snd_pcm_writei: { args: [FFIType.ptr, FFIType.ptr, FFIType.u64], returns: FFIType.i64 },
  snd_pcm_readi: { args: [FFIType.ptr, FFIType.ptr, FFIType.u64], returns: FFIType.i64 },
  snd_pcm_recover: { args: [FFIType.ptr, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  snd_pcm_delay: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  snd_pcm_prepare: { args: [FFIType.ptr], returns: FFIType.i32 },
  snd_pcm_drain: { args: [FFIType.ptr], returns: FFIType.i32 },
  snd_pcm_close: { args: [FFIType.ptr], returns: FFIType.i32 },
  snd_strerror: { args: [FFIType.i32], returns: FFIType.cstring },
} as const;

type AlsaLibrary = ReturnType<typeof dlopen<typeof symbols>>["symbols"];

let library: AlsaLibrary | null | undefined;
let loadError = "";

/** Opens libasound once per thread; `null` when the library is missing (no ALSA on this machine). */
export function loadAlsa(): AlsaLibrary | null {
  if (library !== undefined) return library;
  try {
    library = dlopen("libasound.so.2", symbols).symbols;
  } catch (error) {
    loadError = error instanceof Error ? error.message : String(error);
    library = null;
  }
  return library;
}

/** Why {@link loadAlsa} returned null (empty when it did not). */
export function alsaLoadError(): string {
  return loadError;
}

/** A failed ALSA call, with the errno (negative) and ALSA's own text. */
export class AlsaError extends Error {
  constructor(readonly call: string, readonly code: number, detail: string) {
    super(`${call} failed: ${detail} (${code})`);
  }
}

export interface PcmOptions {
  device: string;
  stream: "playback" | "capture";
  channels: number;
  sampleRate: number;
  format?: PcmFormat;
  /** Requested buffer latency; ALSA picks the period itself (about a quarter of it). */
  latencyUs?: number;
  /** Allow ALSA's `plug` resampling when the device cannot run at `sampleRate`. */
  softResample?: boolean;
}

/** Interleaved samples in the PCM's format (Int16Array for S16_LE, Int32Array for S32_LE, Float32Array). */
export type SampleBuffer = Int16Array | Int32Array | Float32Array;

export interface AlsaPcm {
  readonly device: string;
  /** Writes `frames` interleaved frames; returns frames written or a negative errno (never throws). */
  write(buffer: SampleBuffer, frames: number): number;
  /** Reads up to `frames` interleaved frames; returns frames read or a negative errno (never throws). */
  read(buffer: SampleBuffer, frames: number): number;
  /** Recovers from an xrun or suspend; returns 0 or a negative errno. */
  recover(code: number): number;
  /** Frames queued between the application and the converter (playback) or available (capture). */
  delay(): number;
  prepare(): number;
  /** Plays what is queued, then stops (playback). */
  drain(): number;
  close(): void;
}

/** The message ALSA gives for a negative errno. */
export function alsaErrorText(code: number): string {
  const lib = loadAlsa();
  return lib ? String(lib.snd_strerror(code)) : `errno ${-code}`;
}

/** Opens and configures a PCM in blocking, interleaved mode. Throws {@link AlsaError}. */
export function openPcm(options: PcmOptions): AlsaPcm {
  const lib = loadAlsa();
  if (!lib) throw new AlsaError("dlopen", -2, `libasound.so.2 unavailable: ${loadError}`);
  const handleOut = new BigUint64Array(1);
  const name = Buffer.from(options.device + "\0", "utf8");
  const opened = lib.snd_pcm_open(ptr(handleOut), ptr(name), STREAM[options.stream], 0);
  if (opened < 0) throw new AlsaError(`snd_pcm_open(${options.device})`, opened, alsaErrorText(opened));
  const handle = read.ptr(ptr(handleOut), 0) as Pointer;
  const configured = lib.snd_pcm_set_params(
    handle,
    PCM_FORMAT[options.format ?? "S16_LE"],
    ACCESS_RW_INTERLEAVED,
    options.channels,
    options.sampleRate,
    options.softResample === false ? 0 : 1,
    options.latencyUs ?? 20_000,
  );
  if (configured < 0) {
    lib.snd_pcm_close(handle);
    throw new AlsaError(`snd_pcm_set_params(${options.device})`, configured, alsaErrorText(configured));
  }
  const delayOut = new BigInt64Array(1);
  let closed = false;
  return {
    device: options.device,
    write: (buffer, frames) => Number(lib.snd_pcm_writei(handle, ptr(buffer), frames)),
    read: (buffer, frames) => Number(lib.snd_pcm_readi(handle, ptr(buffer), frames)),
    recover: (code) => lib.snd_pcm_recover(handle, code, 1),
    delay: () => {
      const result = lib.snd_pcm_delay(handle, ptr(delayOut));
      return result < 0 ? result : Number(delayOut[0]);
    },
    prepare: () => lib.snd_pcm_prepare(handle),
    drain: () => lib.snd_pcm_drain(handle),
    close: () => {
      if (closed) return;
      closed = true;
      lib.snd_pcm_close(handle);
    },
  };
}
