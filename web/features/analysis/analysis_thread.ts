/**
 * @module
 * The Worker an analysis runs in, so decoding and DSP never hold up the portal's event loop. It takes one
 * `{ path }` message, posts progress while it decodes, then the result or the failure, and is terminated
 * by its runner afterwards.
 */
import { analyzeTrack, type TrackAnalysis } from "../../../shared/analysis/mod.ts";
import { AudioParseError } from "../../../shared/audio/pcm_layout.ts";

export type ThreadRequest = { path: string };
export type ThreadReply =
  | { type: "progress"; share: number }
  | { type: "done"; analysis: TrackAnalysis }
  | { type: "failed"; message: string; permanent: boolean };

declare const self: Worker;

self.onmessage = async (event: MessageEvent<ThreadRequest>) => {
  const post = (reply: ThreadReply) => self.postMessage(reply);
  try {
    const analysis = await analyzeTrack(event.data.path, {
      onProgress: (share) => post({ type: "progress", share }),
    });
    post({ type: "done", analysis });
  } catch (error) {
    const permanent = error instanceof AudioParseError;
    const message = permanent
      ? `not a playable audio file: ${(error as Error).message}`
      : String((error as Error)?.message ?? error);
    post({ type: "failed", message, permanent });
  }
};
