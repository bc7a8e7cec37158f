/**
 * @module
 * Meters a line input from an ALSA capture device (via `bun:ffi` in a Worker, so the blocking reads
 * never touch the daemon's event loop). The engine's own buffers arrive through `meters.pushBlock`;
 * this source is for inputs the engine does not play (line/phono pass-through).
 */
import { spawnWorker } from "../../audio/spawn_worker.ts";
import type { CaptureStart } from "./alsa_capture_worker.ts";
import type { MeterInput } from "./meter_service.ts";

/** The Worker's path below controller/ (an extra entrypoint for `bun build --compile`). */
export const CAPTURE_WORKER_PATH = "daemon/metering/alsa_capture_worker.ts";

export interface CaptureMeterOptions {
  /** ALSA PCM name, e.g. "hw:1,0", "default", or a name from an asoundrc. */
  device: string;
  /** The tree node whose meters it feeds, e.g. "/devices/0/inputs/2". */
  nodePath: string;
  channels?: number;
  sampleRate?: number;
  /** Frames per read: 1024 at 48 kHz is ~47 blocks/s, above the 30 Hz meter rate. */
  blockFrames?: number;
}

export interface CaptureMeter {
  stop(): Promise<void>;
}

/** Opens the device and starts metering; rejects with ALSA's reason if the device cannot be opened. */
export async function startCaptureMeter(
  meters: MeterInput,
  options: CaptureMeterOptions,
  onError: (message: string) => void,
): Promise<CaptureMeter> {
  const worker = await spawnWorker(CAPTURE_WORKER_PATH);
  const start: CaptureStart = {
    type: "start",
    device: options.device,
    channels: options.channels ?? 2,
    sampleRate: options.sampleRate ?? 48000,
    blockFrames: options.blockFrames ?? 1024,
  };
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === "started") resolve();
      else if (message.type === "error") {
        worker.terminate();
        reject(new Error(`capture meter ${options.device}: ${message.message}`));
      }
    };
    worker.postMessage(start);
  });
  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === "levels") meters.pushLevels(options.nodePath, message);
    else if (message.type === "error") onError(`capture meter ${options.device}: ${message.message}`);
  };
  return {
    stop: () =>
      new Promise((resolve) => {
        const timer = setTimeout(finish, 1000);
        function finish() {
          clearTimeout(timer);
          worker.terminate();
          resolve();
        }
        worker.onmessage = (event) => {
          if (event.data.type === "stopped") finish();
        };
        worker.postMessage({ type: "stop" });
      }),
  };
}
