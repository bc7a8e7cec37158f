/**
 * @module
 * Framing benchmark: a 1 MiB message arriving in 1,000 reads, and many small messages in one read,
 * through the NUL/UBJS and newline decoders. Baseline, measured in the same run: a decoder that joins
 * what it holds with each new read (the pattern the shared byte queue replaces), whose cost grows
 * with the square of the message size.
 *
 * Usage: npm run bench -- framing
 */
import { createDelimitedDecoder, createNulOrUbjsDecoder } from "../framing/mod.ts";
import { fmt, table } from "./table.ts";

const encoder = new TextEncoder();

const textDecoder = new TextDecoder();

/** The baseline: copies the held bytes and the new read into one buffer on every push. */
function joiningDecoder() {
  let pending = new Uint8Array(0);
  return {
    push(chunk: Uint8Array): string[] {
      const joined = new Uint8Array(pending.length + chunk.length);
      joined.set(pending);
      joined.set(chunk, pending.length);
      const frames: string[] = [];
      let from = 0;
      for (let at = joined.indexOf(0, from); at >= 0; at = joined.indexOf(0, from)) {
        frames.push(textDecoder.decode(joined.subarray(from, at)));
        from = at + 1;
      }
      pending = joined.slice(from);
      return frames;
    },
  };
}

function millis(run: () => void, repeats: number): number {
  run();
  const started = performance.now();
  for (let i = 0; i < repeats; i++) run();
  return (performance.now() - started) / repeats;
}

const piece = encoder.encode("a".repeat(1024));
const end = encoder.encode("\0");
const bigMessage = (make: () => { push(chunk: Uint8Array): unknown }) => () => {
  const decoder = make();
  for (let i = 0; i < 1024; i++) decoder.push(piece);
  decoder.push(end);
};
const smallNul = encoder.encode(
  Array.from({ length: 200 }, (_, i) => `set /devices/0/inputs/1/FaderLevel/value ${i}\0`).join(""),
);
const smallLines = encoder.encode(Array.from({ length: 200 }, (_, i) => `play ${i % 4}\n`).join(""));

const baselineBig = millis(bigMessage(joiningDecoder), 5);
const nulBig = millis(bigMessage(() => createNulOrUbjsDecoder({ maxFrameSize: 2 << 20 })), 5);
// One decoder per connection: the small cases reuse theirs, as a connection does.
const joining = joiningDecoder();
const nul = createNulOrUbjsDecoder();
const lines = createDelimitedDecoder({ delimiter: "newline" });
const baselineSmall = millis(() => joining.push(smallNul), 2000);
const nulSmall = millis(() => nul.push(smallNul), 2000);
const lineSmall = millis(() => lines.push(smallLines), 2000);

const perSecond = (ms: number, messages: number) =>
  Math.round((messages / ms) * 1000).toLocaleString("en-US");
console.log(table(["case", "decoder", "time", "baseline (joining)", "ratio (better = >1)"], [
  [
    "1 MiB message in 1,024 reads",
    "NUL/UBJS",
    `${fmt(nulBig)} ms`,
    `${fmt(baselineBig)} ms`,
    fmt(baselineBig / nulBig, 1),
  ],
  [
    "200 messages in one read",
    "NUL/UBJS",
    `${perSecond(nulSmall, 200)} msg/s`,
    `${perSecond(baselineSmall, 200)} msg/s`,
    fmt(baselineSmall / nulSmall),
  ],
  ["200 lines in one read", "newline", `${perSecond(lineSmall, 200)} lines/s`, "", ""],
]));
