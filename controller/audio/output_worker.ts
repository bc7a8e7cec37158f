/**
 * @module
 * The output Worker: drains the {@link PcmRing} into ALSA with blocking writes, so the main thread's
 * timing never touches the sound card. Underruns (-EPIPE) are recovered and counted. Without a sound
 * card it plays into ALSA `null` (or nothing, without libasound) paced by its own clock.
 * Must be listed as an entrypoint of the compiled binary.
 */
import { alsaLoadError, type AlsaPcm, EPIPE, loadAlsa, openPcm } from "./alsa.ts";
import { PcmRing, type PcmRingBuffers } from "./pcm_ring.ts";
import { requestRealtimeScheduling } from "./thread_priority.ts";

declare const self: Worker;

/** Above every ordinary thread, below the kernel's threaded interrupt handlers (FIFO 50). */
const REALTIME_PRIORITY = 40;

export interface OutputStartMessage {
  type: "start";
  ring: PcmRingBuffers;
  device: string;
  sampleRate: number;
  periodFrames: number;
  periods: number;
  raisePriority: boolean;
}

export interface OutputStartedMessage {
  type: "started";
  /** `alsa`: paced by the device; `clock`: paced by this Worker (no sound card or no libasound). */
  mode: "alsa" | "clock";
  device: string | null;
  /** Set when the requested device could not be used, saying why. */
  fallback: string | null;
  /** Whether this Worker got real-time (SCHED_FIFO) scheduling. */
  realtime: boolean;
  /** The device's buffer in frames as ALSA set it up (0 without libasound). */
  deviceBufferFrames: number;
}

function openOutput(start: OutputStartMessage): { pcm: AlsaPcm | null; started: OutputStartedMessage } {
  const settings = {
    stream: "playback" as const,
    channels: 2,
    sampleRate: start.sampleRate,
    periodFrames: start.periodFrames,
    periods: start.periods,
  };
  if (!loadAlsa()) {
    const fallback = `libasound.so.2 is missing (${alsaLoadError()})`;
    return {
      pcm: null,
      started: {
        type: "started",
        mode: "clock",
        device: null,
        fallback,
        realtime: false,
        deviceBufferFrames: 0,
      },
    };
  }
  try {
    const pcm = openPcm({ ...settings, device: start.device });
    const mode = start.device === "null" ? "clock" : "alsa";
    const started = { fallback: null, realtime: false, deviceBufferFrames: pcm.bufferFrames };
    return { pcm, started: { type: "started", mode, device: start.device, ...started } };
  } catch (error) {
    const pcm = openPcm({ ...settings, device: "null" });
    const fallback = `no usable sound card: ${(error as Error).message}`;
    const started = { fallback, realtime: false, deviceBufferFrames: pcm.bufferFrames };
    return { pcm, started: { type: "started", mode: "clock", device: "null", ...started } };
  }
}

/** Recoveries in a row without a successful write before the device counts as lost. */
const MAX_FAILED_WRITES = 50;

/** Writes one period, recovering from xruns; returns false when the device is lost. */
function writePeriod(pcm: AlsaPcm, ring: PcmRing, samples: Int16Array, frames: number): boolean {
  let done = 0;
  // At real-time priority a device that fails instantly forever would spin a core: give up instead.
  for (let failures = 0; done < frames; failures++) {
    if (failures > MAX_FAILED_WRITES) return false;
    const written = pcm.write(done ? samples.subarray(done * 2) : samples, frames - done);
    if (written >= 0) {
      done += written;
      if (written > 0) failures = -1;
      continue;
    }
    if (written === EPIPE) ring.countUnderrun();
    if (pcm.recover(written) < 0) return false;
  }
  return true;
}

function runDevicePaced(pcm: AlsaPcm, ring: PcmRing, period: number, periodMs: number): void {
  const samples = new Int16Array(period * 2);
  // On stop, what is already rendered still plays: the loop ends once the ring is empty.
  for (;;) {
    if (ring.readable() < period) {
      if (ring.stopRequested()) return;
      ring.waitForData(periodMs);
      continue;
    }
    ring.read(samples, period);
    if (!writePeriod(pcm, ring, samples, period)) {
      self.postMessage({ type: "error", message: `ALSA device ${pcm.device} stopped working` });
      return;
    }
  }
}

function runClockPaced(pcm: AlsaPcm | null, ring: PcmRing, period: number, periodMs: number): void {
  const samples = new Int16Array(period * 2);
  let deadline = performance.now();
  for (;;) {
    const stopping = ring.stopRequested();
    if (stopping && ring.readable() < period) return;
    deadline += periodMs;
    if (ring.readable() >= period) {
      ring.read(samples, period);
      pcm?.write(samples, period);
    } else {
      ring.countUnderrun();
    }
    const wait = deadline - performance.now();
    if (stopping) continue;
    if (wait > 0) ring.sleep(wait);
    // After a long stall, start a fresh schedule instead of racing to catch up.
    else if (wait < -10 * periodMs) deadline = performance.now();
  }
}

self.onmessage = (event: MessageEvent<OutputStartMessage>) => {
  const start = event.data;
  if (start.type !== "start") return;
  const ring = new PcmRing(start.ring);
  let output: ReturnType<typeof openOutput>;
  try {
    output = openOutput(start);
  } catch (error) {
    self.postMessage({ type: "error", message: `cannot open any ALSA output: ${(error as Error).message}` });
    return;
  }
  output.started.realtime = start.raisePriority && requestRealtimeScheduling(REALTIME_PRIORITY);
  self.postMessage(output.started);
  const periodMs = (start.periodFrames * 1000) / start.sampleRate;
  if (output.started.mode === "alsa" && output.pcm) {
    runDevicePaced(output.pcm, ring, start.periodFrames, periodMs);
  } else runClockPaced(output.pcm, ring, start.periodFrames, periodMs);
  output.pcm?.drain();
  output.pcm?.close();
  self.postMessage({ type: "stopped" });
};

self.postMessage({ type: "ready" });
