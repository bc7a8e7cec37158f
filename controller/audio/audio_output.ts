/**
 * @module
 * Main-thread side of the audio output: creates the ring, starts the output Worker and reports how it
 * plays (device-paced ALSA, or clock-paced when there is no sound card).
 */
import type { OutputStartedMessage, OutputStartMessage } from "./output_worker.ts";
import { PcmRing } from "./pcm_ring.ts";
import { spawnWorker } from "./spawn_worker.ts";

export interface AudioOutputOptions {
  device: string;
  sampleRate: number;
  periodFrames: number;
  periods: number;
  /** Frames the ring can hold (the engine keeps it filled to its own target below this). */
  ringFrames: number;
  /** Ask for real-time scheduling of the output Worker. */
  raisePriority: boolean;
  /** Called when the Worker reports a failure after start (the device went away). */
  onError?: (message: string) => void;
}

export interface AudioOutput {
  readonly ring: PcmRing;
  readonly started: OutputStartedMessage;
  /** Stops the Worker once it has played what the ring holds, and waits up to 2 s for it. */
  close(): Promise<void>;
}

/** Starts the output Worker. `prefill` runs before the Worker opens the device, to warm the ring. */
export async function startAudioOutput(
  options: AudioOutputOptions,
  prefill: (ring: PcmRing) => void,
): Promise<AudioOutput> {
  const ring = PcmRing.create(options.ringFrames, 2);
  const worker = await spawnWorker("audio/output_worker.ts");
  prefill(ring);
  const started = await new Promise<OutputStartedMessage>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent) => {
      if (event.data?.type === "started") resolve(event.data);
      else if (event.data?.type === "error") reject(new Error(event.data.message));
    };
    worker.postMessage(
      {
        type: "start",
        ring: ring.buffers,
        device: options.device,
        sampleRate: options.sampleRate,
        periodFrames: options.periodFrames,
        periods: options.periods,
        raisePriority: options.raisePriority,
      } satisfies OutputStartMessage,
    );
  });
  const stopped = new Promise<void>((resolve) => {
    worker.onmessage = (event: MessageEvent) => {
      if (event.data?.type === "stopped") resolve();
      else if (event.data?.type === "error") options.onError?.(event.data.message);
    };
  });
  return {
    ring,
    started,
    async close() {
      ring.requestStop();
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 2000))]);
      worker.terminate();
    },
  };
}
