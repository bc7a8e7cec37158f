/**
 * @module
 * The Worker that decodes and re-encodes profile pictures, so a large image costs a worker thread
 * its time instead of stopping every other request on the main thread. It answers each
 * {@link PictureJob} with one {@link PictureAnswer}.
 */
/// <reference lib="deno.worker" />
import type { ImageHeader } from "./image_header.ts";
import { type ProfilePicture, renderProfilePicture } from "./picture.ts";

export interface PictureJob {
  upload: Uint8Array;
  header: ImageHeader;
}

export type PictureAnswer = ProfilePicture | { problem: string };

self.onmessage = async (event: MessageEvent<PictureJob>) => {
  const { upload, header } = event.data;
  let answer: PictureAnswer;
  try {
    answer = await renderProfilePicture(upload, header);
  } catch {
    answer = { problem: "The picture could not be processed." };
  }
  self.postMessage(answer, "bytes" in answer ? [answer.bytes.buffer] : []);
};
