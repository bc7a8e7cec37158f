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
  snd_pcm_get_params: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  snd_pcm_hw_params_malloc: { args: [FFIType.ptr], returns: FFIType.i32 },
  snd_pcm_hw_params_free: { args: [FFIType.ptr], returns: FFIType.void },
  snd_pcm_hw_params_any: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  snd_pcm_hw_params_set_access: { args: [FFIType.ptr, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  snd_pcm_hw_params_set_format: { args: [FFIType.ptr, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  snd_pcm_hw_params_set_channels: { args: [FFIType.ptr, FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
  snd_pcm_hw_params_set_rate_resample: {
    args: [FFIType.ptr, FFIType.ptr, FFIType.u32],
    returns: FFIType.i32,
  },
  snd_pcm_hw_params_set_rate: {
    args: [FFIType.ptr, FFIType.ptr, FFIType.u32, FFIType.i32],
    returns: FFIType.i32,
  },
  snd_pcm_hw_params_set_period_size_near: {
    args: [FFIType.ptr, FFIType.ptr, FFIType.ptr, FFIType.ptr],
    returns: FFIType.i32,
  },
  snd_pcm_hw_params_set_buffer_size_near: {
    args: [FFIType.ptr, FFIType.ptr, FFIType.ptr],
    returns: FFIType.i32,
  },
  snd_pcm_hw_params: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  snd_pcm_sw_params_malloc: { args: [FFIType.ptr], returns: FFIType.i32 },
  snd_pcm_sw_params_free: { args: [FFIType.ptr], returns: FFIType.void },
  snd_pcm_sw_params_current: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  snd_pcm_sw_params_set_start_threshold: {
    args: [FFIType.ptr, FFIType.ptr, FFIType.u64],
    returns: FFIType.i32,
  },
  snd_pcm_sw_params_set_avail_min: { args: [FFIType.ptr, FFIType.ptr, FFIType.u64], returns: FFIType.i32 },
  snd_pcm_sw_params: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
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
  /**
   * Exact period size in frames (nearest the device allows); with it the buffer holds `periods` periods
   * and playback starts once the buffer is full. Overrides `latencyUs`.
   */
  periodFrames?: number;
  /** Periods in the buffer when `periodFrames` is given (default 3, at least 2). */
  periods?: number;
  /** Allow ALSA's `plug` resampling when the device cannot run at `sampleRate`. */
  softResample?: boolean;
}

/** Interleaved samples in the PCM's format (Int16Array for S16_LE, Int32Array for S32_LE, Float32Array). */
export type SampleBuffer = Int16Array | Int32Array | Float32Array;

export interface AlsaPcm {
  readonly device: string;
  /** Buffer and period size ALSA actually chose, in frames. */
  readonly bufferFrames: number;
  readonly periodFrames: number;
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
  try {
    if (options.periodFrames) configureHardware(lib, handle, options, options.periodFrames);
    else {
      check(
        "snd_pcm_set_params",
        lib.snd_pcm_set_params(
          handle,
          PCM_FORMAT[options.format ?? "S16_LE"],
          ACCESS_RW_INTERLEAVED,
          options.channels,
          options.sampleRate,
          options.softResample === false ? 0 : 1,
          options.latencyUs ?? 20_000,
        ),
      );
    }
  } catch (error) {
    lib.snd_pcm_close(handle);
    if (error instanceof AlsaError) {
      throw new AlsaError(`${error.call}(${options.device})`, error.code, alsaErrorText(error.code));
    }
    throw error;
  }
  const [bufferSize, periodSize] = [new BigUint64Array(1), new BigUint64Array(1)];
  lib.snd_pcm_get_params(handle, ptr(bufferSize), ptr(periodSize));
  const delayOut = new BigInt64Array(1);
  let closed = false;
  return {
    device: options.device,
    bufferFrames: Number(bufferSize[0]),
    periodFrames: Number(periodSize[0]),
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

function check(call: string, result: number): void {
  if (result < 0) throw new AlsaError(call, result, "");
}

/** Reads a pointer that an ALSA `*_malloc(&p)` call stored. */
function allocated(lib: AlsaLibrary, call: "snd_pcm_hw_params_malloc" | "snd_pcm_sw_params_malloc"): Pointer {
  const out = new BigUint64Array(1);
  check(call, lib[call](ptr(out)));
  return read.ptr(ptr(out), 0) as Pointer;
}

/** Sets an exact period size and a buffer of `periods` periods (hw params), then starts on a full buffer. */
function configureHardware(
  lib: AlsaLibrary,
  handle: Pointer,
  options: PcmOptions,
  periodFrames: number,
): void {
  const hw = allocated(lib, "snd_pcm_hw_params_malloc");
  try {
    check("snd_pcm_hw_params_any", lib.snd_pcm_hw_params_any(handle, hw));
    const resample = options.softResample === false ? 0 : 1;
    check(
      "snd_pcm_hw_params_set_rate_resample",
      lib.snd_pcm_hw_params_set_rate_resample(handle, hw, resample),
    );
    check(
      "snd_pcm_hw_params_set_access",
      lib.snd_pcm_hw_params_set_access(handle, hw, ACCESS_RW_INTERLEAVED),
    );
    const format = PCM_FORMAT[options.format ?? "S16_LE"];
    check("snd_pcm_hw_params_set_format", lib.snd_pcm_hw_params_set_format(handle, hw, format));
    check("snd_pcm_hw_params_set_channels", lib.snd_pcm_hw_params_set_channels(handle, hw, options.channels));
    check("snd_pcm_hw_params_set_rate", lib.snd_pcm_hw_params_set_rate(handle, hw, options.sampleRate, 0));
    const frames = new BigUint64Array([BigInt(periodFrames)]);
    const direction = new Int32Array(1);
    check(
      "snd_pcm_hw_params_set_period_size_near",
      lib.snd_pcm_hw_params_set_period_size_near(handle, hw, ptr(frames), ptr(direction)),
    );
    frames[0] *= BigInt(Math.max(2, options.periods ?? 3));
    check(
      "snd_pcm_hw_params_set_buffer_size_near",
      lib.snd_pcm_hw_params_set_buffer_size_near(handle, hw, ptr(frames)),
    );
    check("snd_pcm_hw_params", lib.snd_pcm_hw_params(handle, hw));
  } finally {
    lib.snd_pcm_hw_params_free(hw);
  }
  const [bufferSize, periodSize] = [new BigUint64Array(1), new BigUint64Array(1)];
  check("snd_pcm_get_params", lib.snd_pcm_get_params(handle, ptr(bufferSize), ptr(periodSize)));
  const sw = allocated(lib, "snd_pcm_sw_params_malloc");
  try {
    check("snd_pcm_sw_params_current", lib.snd_pcm_sw_params_current(handle, sw));
    // Playback starts once the whole buffer is queued, so the first periods never run dry.
    const start = options.stream === "playback" ? bufferSize[0] : 1n;
    check(
      "snd_pcm_sw_params_set_start_threshold",
      lib.snd_pcm_sw_params_set_start_threshold(handle, sw, start),
    );
    check("snd_pcm_sw_params_set_avail_min", lib.snd_pcm_sw_params_set_avail_min(handle, sw, periodSize[0]));
    check("snd_pcm_sw_params", lib.snd_pcm_sw_params(handle, sw));
  } finally {
    lib.snd_pcm_sw_params_free(sw);
  }
}
