/**
 * @module
 * Worker half of the ALSA capture meter: blocking `snd_pcm_readi` of interleaved float frames, one
 * block at a time, measured here and posted as levels (a few numbers per block, never samples).
 * The loop yields between blocks so a `stop` message gets through.
 */
import { alsaErrorText, type AlsaPcm, openPcm } from "../../audio/alsa.ts";
import { measureBlock } from "./measure.ts";

declare const self: Worker;

export interface CaptureStart {
  type: "start";
  device: string;
  channels: number;
  sampleRate: number;
  blockFrames: number;
}

let pcm: AlsaPcm | null = null;
let running = false;

function deinterleave(interleaved: Float32Array, frames: number, channels: number): Float32Array[] {
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let frame = 0; frame < frames; frame++) {
    for (let channel = 0; channel < channels; channel++) {
      out[channel][frame] = interleaved[frame * channels + channel];
    }
  }
  return out;
}

function captureLoop(start: CaptureStart, buffer: Float32Array): void {
  if (!running || !pcm) return;
  const frames = pcm.read(buffer, start.blockFrames);
  if (frames < 0) {
    const recovered = pcm.recover(frames);
    if (recovered < 0) {
      self.postMessage({ type: "error", message: `capture failed: ${alsaErrorText(frames)}` });
      stop();
      return;
    }
  } else if (frames > 0) {
    self.postMessage({ type: "levels", ...measureBlock(deinterleave(buffer, frames, start.channels)) });
  }
  // A device with nothing to give (end of a file source) must not spin.
  setTimeout(() => captureLoop(start, buffer), frames > 0 ? 0 : 10);
}

function stop(): void {
  running = false;
  pcm?.close();
  pcm = null;
}

self.onmessage = (event: MessageEvent<CaptureStart | { type: "stop" }>) => {
  const message = event.data;
  if (message.type === "stop") {
    stop();
    self.postMessage({ type: "stopped" });
    return;
  }
  try {
    pcm = openPcm({
      device: message.device,
      stream: "capture",
      channels: message.channels,
      sampleRate: message.sampleRate,
      format: "FLOAT_LE",
      // A read may not ask for more than the buffer holds: keep four blocks of room.
      latencyUs: Math.max(100_000, Math.ceil((4 * message.blockFrames * 1e6) / message.sampleRate)),
    });
  } catch (error) {
    self.postMessage({ type: "error", message: (error as Error).message });
    return;
  }
  running = true;
  self.postMessage({ type: "started" });
  captureLoop(message, new Float32Array(message.blockFrames * message.channels));
};

self.postMessage({ type: "ready" });
