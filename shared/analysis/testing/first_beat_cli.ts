/**
 * @module
 * Prints the analysis of one file as JSON (tempo, first beat, key, duration), so a test can run the same
 * analysis under Deno and under Bun and compare. Usage: `<runtime> first_beat_cli.ts <path>`.
 */
import process from "node:process";
import { analyzeTrack } from "../analyze_track.ts";

const analysis = await analyzeTrack(process.argv[2]);
console.log(JSON.stringify({
  bpm: analysis.bpm,
  firstBeatSeconds: analysis.firstBeatSeconds,
  key: analysis.key?.name,
  durationSeconds: analysis.durationSeconds,
}));
