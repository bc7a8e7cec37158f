/**
 * @module
 * zod schemas of every telemetry event a controller reports: DJ sessions, track plays, transitions,
 * mixer use counters, sampled fader moves (OCP §13), heartbeats, errors, accessory tags, energy
 * estimates and outbox drops. Objects are strict: an event carries exactly the fields below, so no
 * owner email, name or file path can ride along (OCP §7: no PII in periodic stats).
 */
import { z } from "zod";
import { MAX_SHORT_TEXT_LENGTH, MAX_TRACK_TEXT_LENGTH } from "./limits.ts";

const Timestamp = z.iso.datetime({ offset: true });
/** Controller-chosen ids of sessions and plays, unique per device. */
const LocalId = z.uuid();
const Deck = z.int().min(0).max(3);
const Count = z.int().min(0).max(1_000_000_000);
const Seconds = z.number().min(0).max(7 * 24 * 3600);
/** Short machine tokens: letters, digits and `_ . : -`, never free text. */
const Token = z.string().min(1).max(MAX_SHORT_TEXT_LENGTH).regex(
  /^[A-Za-z0-9_.:-]+$/,
  "expected letters, digits or _ . : -",
);
const TrackText = z.string().max(MAX_TRACK_TEXT_LENGTH);
const CamelotCode = z.string().regex(/^(1[0-2]|[1-9])[AB]$/, "expected a Camelot code such as 8A");
const Bpm = z.number().min(20).max(300);

/** How the incoming track's key relates to the outgoing one on the Camelot wheel. */
export const CAMELOT_RELATIONS = [
  "same",
  "adjacent",
  "relative",
  "diagonal",
  "energy_boost",
  "clash",
  "unknown",
] as const;
export const CamelotRelationSchema = z.enum(CAMELOT_RELATIONS);
export type CamelotRelation = z.infer<typeof CamelotRelationSchema>;

export const SESSION_END_REASONS = ["idle", "stopped", "shutdown"] as const;

export const SessionStartSchema = z.strictObject({
  kind: z.literal("session_start"),
  ts: Timestamp,
  sessionId: LocalId,
});

export const SessionEndSchema = z.strictObject({
  kind: z.literal("session_end"),
  ts: Timestamp,
  sessionId: LocalId,
  /** An idle gap, the DJ stopping every deck, or the controller shutting down. */
  reason: z.enum(SESSION_END_REASONS),
});

/** One track on one deck, reported when it stops or the deck loads another track. */
export const TrackPlaySchema = z.strictObject({
  kind: z.literal("track_play"),
  ts: Timestamp,
  sessionId: LocalId,
  playId: LocalId,
  deck: Deck,
  startedAt: Timestamp,
  endedAt: Timestamp,
  /** Seconds on air (channel fader and crossfader open), at most the wall time of the play. */
  playedSec: Seconds,
  bpm: Bpm.nullable(),
  key: CamelotCode.nullable(),
  genre: z.string().max(MAX_SHORT_TEXT_LENGTH).nullable(),
  cloudTrackId: Token.nullable(),
  /** Tag metadata for setlists and rights-society reports; never a file name or path. */
  title: TrackText.nullable(),
  artist: TrackText.nullable(),
  durationSec: Seconds.nullable(),
}).refine((play) => Date.parse(play.endedAt) >= Date.parse(play.startedAt), {
  message: "endedAt is before startedAt",
  path: ["endedAt"],
}).refine((play) => play.playedSec <= (Date.parse(play.endedAt) - Date.parse(play.startedAt)) / 1000 + 1, {
  message: "playedSec is longer than the play",
  path: ["playedSec"],
});

/** A blend from the outgoing play into the incoming one. */
export const TransitionSchema = z.strictObject({
  kind: z.literal("transition"),
  ts: Timestamp,
  sessionId: LocalId,
  outgoingPlayId: LocalId,
  incomingPlayId: LocalId,
  fromDeck: Deck,
  toDeck: Deck,
  /** |BPM out − BPM in| / BPM out in percent, the smallest of straight, half and double time. */
  tempoDeltaPct: z.number().min(0).max(1000).nullable(),
  camelotRelation: CamelotRelationSchema,
  /** Beats both decks were on air together. */
  overlapBeats: z.number().min(0).max(100_000),
  /** The blend started on an 8, 16 or 32 bar boundary of the incoming track. */
  phraseAligned: z.boolean(),
  /** Seconds from the low-EQ cut on one deck to the boost on the other; null without a bass swap. */
  bassSwapSec: z.number().min(-3600).max(3600).nullable(),
}).refine((transition) => transition.outgoingPlayId !== transition.incomingPlayId, {
  message: "a transition joins two different plays",
  path: ["incomingPlayId"],
});

/** How often the DJ touched the mixer during `periodSec`. */
export const MixerCountersSchema = z.strictObject({
  kind: z.literal("mixer_counters"),
  ts: Timestamp,
  periodSec: Seconds,
  faderMoves: Count,
  crossfaderMoves: Count,
  eqMoves: Count,
});

/** A sampled FADER_MOVE as forwarded from a fader board (OCP §13). */
export const FaderMoveSchema = z.strictObject({
  kind: z.literal("fader_move"),
  ts: Timestamp,
  chan: z.int().min(0).max(15),
  pos: z.number().min(0).max(1),
});

export const HeartbeatSchema = z.strictObject({
  kind: z.literal("heartbeat"),
  ts: Timestamp,
  uptimeSec: Seconds.max(100 * 365 * 24 * 3600),
  /** Null where the board has no thermal zone. */
  cpuTempC: z.number().min(-50).max(150).nullable(),
});

/** OCP §11's error envelope: a numeric code and an upper-case token, never free text. */
export const ErrorEventSchema = z.strictObject({
  kind: z.literal("error"),
  ts: Timestamp,
  code: z.int().min(0).max(99_999),
  message: z.string().min(1).max(MAX_SHORT_TEXT_LENGTH).regex(/^[A-Z0-9_]+$/, "expected an upper-case token"),
  fatal: z.boolean(),
});

export const ACCESSORY_TAGS = ["serial_missing", "untrusted_accessory"] as const;

/** An accessory connected without a serial (OCP §6) or without a secure element (OCP §9). */
export const AccessoryTagSchema = z.strictObject({
  kind: z.literal("accessory"),
  ts: Timestamp,
  tag: z.enum(ACCESSORY_TAGS),
  accessoryModel: Token.nullable(),
});

/** Energy over `periodSec` from the controller's documented power model. */
export const EnergyEstimateSchema = z.strictObject({
  kind: z.literal("energy"),
  ts: Timestamp,
  periodSec: Seconds,
  averageWatts: z.number().min(0).max(10_000),
  energyWh: z.number().min(0).max(1_000_000),
});

export const OUTBOX_DROP_REASONS = ["age", "size"] as const;

/** Batches the outbox discarded unsent because they grew too old or the outbox too large. */
export const OutboxDropSchema = z.strictObject({
  kind: z.literal("outbox_drop"),
  ts: Timestamp,
  reason: z.enum(OUTBOX_DROP_REASONS),
  droppedBatches: Count,
  droppedEvents: Count,
  oldestDroppedAt: Timestamp,
});

export const TelemetryEventSchema = z.discriminatedUnion("kind", [
  SessionStartSchema,
  SessionEndSchema,
  TrackPlaySchema,
  TransitionSchema,
  MixerCountersSchema,
  FaderMoveSchema,
  HeartbeatSchema,
  ErrorEventSchema,
  AccessoryTagSchema,
  EnergyEstimateSchema,
  OutboxDropSchema,
]);
export type TelemetryEvent = z.infer<typeof TelemetryEventSchema>;
export type TelemetryEventKind = TelemetryEvent["kind"];
export type TelemetryEventOf<K extends TelemetryEventKind> = Extract<TelemetryEvent, { kind: K }>;

export const TELEMETRY_EVENT_KINDS = TelemetryEventSchema.options.map((option) =>
  option.shape.kind.value
) as TelemetryEventKind[];
