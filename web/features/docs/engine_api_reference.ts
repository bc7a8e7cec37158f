/**
 * @module
 * The MIXERA OS engine API reference, built from the controller's own tables: the commands its parser
 * accepts (with their argument counts), the events it sends, the cloud error codes, the log types and the
 * rates. Only the wording lives here; `satisfies` makes the type check fail when an event
 * is added or removed without its description, and `reference_test.ts` does the same for commands.
 */
import {
  ARG_COUNTS,
  DEFAULT_WAVEFORM_POINTS,
  LOG_TYPES,
  MAX_COMMAND_LINE_BYTES,
  MAX_WAVEFORM_POINTS,
  TEMPO_RANGES,
} from "../../../controller/api/command.ts";
import { CLOUD_TRACK_ERROR_CODES } from "../../../controller/cloud/tracks/errors.ts";
import type { ApiEvent } from "../../../controller/api/events.ts";
import { DECK_STATUS_HZ } from "../../../controller/api/deck_status_ticker.ts";
import { WAVEFORM_CHUNK_POINTS } from "../../../controller/api/handle_command.ts";
import { ControllerConfigSchema } from "../../../controller/config/schema.ts";

export {
  CLOUD_TRACK_ERROR_CODES,
  DECK_STATUS_HZ,
  DEFAULT_WAVEFORM_POINTS,
  LOG_TYPES,
  MAX_COMMAND_LINE_BYTES,
  WAVEFORM_CHUNK_POINTS,
};

/** The engine API's default address and ports, from the controller's configuration schema. */
export const ENGINE_API_DEFAULTS = ControllerConfigSchema.shape.api.parse({});

interface CommandDoc {
  /** `<required>` and `[optional]` parameters, or "—". */
  parameters: string;
  description: string;
}

/** What each command does, in the API's own words. */
export const COMMAND_DOCS: Record<string, CommandDoc> = {
  play: { parameters: "<deck>", description: "Start playback on deck 0–3" },
  pause: { parameters: "<deck>", description: "Pause playback" },
  stop: { parameters: "<deck>", description: "Stop and reset position" },
  load_track: { parameters: "<deck> <path>", description: "Load a local audio file (WAV, AIFF, MP3, FLAC)" },
  seek: { parameters: "<deck> <seconds>", description: "Jump to a position in seconds" },
  tempo: { parameters: "<deck> <percent>", description: "Set the tempo (varispeed) in percent" },
  tempo_range: {
    parameters: `<deck> <${TEMPO_RANGES.join("|")}>`,
    description: `Set the tempo range to ±${TEMPO_RANGES.join(", ±")} %`,
  },
  cue_set: { parameters: "<deck> <cue>", description: "Store the current position as cue 0–99" },
  cue_jump: { parameters: "<deck> <cue>", description: "Jump to a stored cue" },
  loop: { parameters: "<deck> <start> <end>", description: "Loop between two positions in seconds" },
  loop_off: { parameters: "<deck>", description: "End the loop" },
  ping: { parameters: "—", description: "Heartbeat, responds with pong" },
  get_deck_status: { parameters: "—", description: "One-shot deck snapshot" },
  get_waveform: {
    parameters: "<deck> [points]",
    description:
      `Request waveform data (${DEFAULT_WAVEFORM_POINTS} points by default, at most ${MAX_WAVEFORM_POINTS})`,
  },
  set_log: { parameters: "<type> <0|1>", description: "Toggle event logging" },
  load_cloud_track: {
    parameters: "<deck> <trackId>",
    description: "Download (unless cached) + load from cloud, with the track's cue points as hot cues",
  },
  cloud_list_tracks: {
    parameters: "[limit] [offset]",
    description: "List cloud library tracks (50 by default)",
  },
  cloud_get_metadata: {
    parameters: "<trackId>",
    description: "BPM, key, beatgrid, cue points and loops of a cloud track",
  },
  cloud_search_tracks: {
    parameters: "<query> <genre> <bpmMin> <bpmMax> <limit>",
    description: "Search the cloud library (quote terms with blanks; - or * for any)",
  },
  stem_separate: { parameters: "<uid> <path>", description: "Queue track for AI separation" },
  stem_status: { parameters: "—", description: "Get separation queue status" },
  stem_load: { parameters: "<deck> <uid>", description: "Load cached stems into deck" },
  stem_algo: { parameters: "<mode>", description: "Switch algorithm: simple / enhanced / demucs" },
  stem_clear_cache: { parameters: "[uid]", description: "Clear all or specific stem cache" },
  demucs_check: { parameters: "—", description: "Check DEMUCS installation" },
  stem_level: { parameters: "<deck> <stem> <db>", description: "Set a loaded stem's level in dB" },
  stem_mute: { parameters: "<deck> <stem> <0|1>", description: "Mute or unmute a loaded stem" },
};

export interface CommandRow extends CommandDoc {
  name: string;
}

/** Every command the parser knows, in the parser's order. */
export function commandRows(): CommandRow[] {
  return Object.keys(ARG_COUNTS).map((name) => ({
    name,
    ...(COMMAND_DOCS[name] ?? { parameters: "?", description: "" }),
  }));
}

/** Least and most arguments a documented parameter list takes: `<x>` is required, `[x]` optional. */
export function documentedArgumentCounts(parameters: string): [number, number] {
  const required = parameters.match(/<[^>]+>/g)?.length ?? 0;
  const optional = parameters.match(/\[[^\]]+\]/g)?.length ?? 0;
  return [required, required + optional];
}

interface EventDoc {
  frequency: string;
  keyData: string;
}

/** Every event the API sends; the type check fails when the API's event union and this list differ. */
export const EVENT_DOCS = {
  cmd_ack: { frequency: "Per command", keyData: "cmd, deck_id, ts_ms" },
  pong: { frequency: "On ping", keyData: "ts_ms" },
  deck_status: {
    frequency: `~${DECK_STATUS_HZ} Hz`,
    keyData: "decks[].position_sec, total_sec, playing, tempo_percent",
  },
  waveform_progress: { frequency: "During load", keyData: "deck_id, status, percent" },
  waveform_chunk: { frequency: "Per chunk", keyData: "waveform[], chunk_index, total_chunks, total_points" },
  track_loaded: { frequency: "Once per load", keyData: "deck_id, duration_sec, track" },
  log_state: { frequency: "On set_log", keyData: "type, enabled" },
  stem_queued: { frequency: "On stem_separate", keyData: "uid, tier, position" },
  stem_progress: { frequency: "During separation", keyData: "uid, tier, percent" },
  stem_done: { frequency: "Once per separation", keyData: "uid, tier, duration_sec, cached" },
  stem_error: { frequency: "On a failed separation", keyData: "uid, tier, message" },
  stem_status: { frequency: "On stem_status", keyData: "the separation queue" },
  stem_algo: { frequency: "On stem_algo", keyData: "algo" },
  stem_cache_cleared: { frequency: "On stem_clear_cache", keyData: "uid, removed_bytes, entries" },
  stems_loaded: { frequency: "On stem_load", keyData: "deck_id, uid, tier, duration_sec" },
  demucs_status: { frequency: "On demucs_check", keyData: "the DEMUCS installation report" },
  cloud_tracks_list: {
    frequency: "On cloud_list_tracks, cloud_search_tracks",
    keyData: "tracks[], count, total, offset, source",
  },
  cloud_track_metadata: {
    frequency: "On cloud_get_metadata",
    keyData: "bpm, key, beatgrid, cuePoints, loops",
  },
  cloud_track_loading: { frequency: "During load_cloud_track", keyData: "trackId, deck, status, percent" },
  cloud_track_loaded: { frequency: "Once per load_cloud_track", keyData: "trackId, deck, filename, cached" },
  error: { frequency: "On a refused command", keyData: "message, cmd, deck_id, code" },
} satisfies Record<ApiEvent["event"], EventDoc>;

export function eventRows(): ({ name: string } & EventDoc)[] {
  return Object.entries(EVENT_DOCS).map(([name, doc]) => ({ name, ...doc }));
}
