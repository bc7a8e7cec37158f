/**
 * @module
 * The mergeable aggregates of a DJ's plays and transitions computed by the database: a handful of
 * GROUP BY queries over the derived telemetry tables, each answering with a few rows however long the
 * history. aggregate.ts computes the same from records; a test holds the two to the same answer.
 */
import type { InValue } from "@libsql/client";
import type { Db } from "../../db/client.ts";
import { HARMONIC_RELATIONS } from "../telemetry/mod.ts";
import { emptyGrid, keepCandidates, type PartialAggregates } from "./aggregate.ts";
import {
  type CamelotRelation,
  type PlayRecord,
  RANKED_TRANSITIONS,
  type ScoredTransition,
  type TransitionRecord,
} from "./history.ts";
import {
  KEY_SCORES,
  NORMAL_MAX_PCT,
  SCORE_WEIGHTS,
  SEAMLESS_MAX_PCT,
  TEMPO_SCORES,
  UNKNOWN_TEMPO_SCORE,
} from "./transitions.ts";

type Row = Record<string, unknown>;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

async function rows(db: Db, sql: string, args: InValue[]): Promise<Row[]> {
  return (await db.$client.execute({ sql, args })).rows as unknown as Row[];
}

const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const quoted = (values: readonly string[]) => values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ");

/** transitionScore() as SQL, built from the same constants. */
const SCORE_SQL =
  `round((${SCORE_WEIGHTS.key} * (CASE camelot_relation ${
    Object.entries(KEY_SCORES).map(([relation, score]) => `WHEN '${relation}' THEN ${score}`).join(" ")
  } ELSE 0 END) + ${SCORE_WEIGHTS.tempo} * (CASE WHEN tempo_delta_pct IS NULL THEN ${UNKNOWN_TEMPO_SCORE} ` +
  `WHEN abs(tempo_delta_pct) <= ${SEAMLESS_MAX_PCT} THEN ${TEMPO_SCORES.seamless} ` +
  `WHEN abs(tempo_delta_pct) <= ${NORMAL_MAX_PCT} THEN ${TEMPO_SCORES.normal} ELSE ${TEMPO_SCORES.hard} END) + ` +
  `${SCORE_WEIGHTS.phrase} * phrase_aligned) * 100)`;

const key = (deviceId: unknown, localId: unknown) => `${deviceId}/${localId}`;

function playRecord(row: Row): PlayRecord {
  return {
    id: key(row.device_id, row.play_id),
    sessionId: key(row.device_id, row.session_id),
    deck: num(row.deck),
    startedAt: new Date(num(row.started_at)),
    endedAt: new Date(num(row.ended_at)),
    playedSec: num(row.played_sec),
    bpm: row.bpm === null ? null : num(row.bpm),
    key: (row.camelot_key as string | null) ?? null,
    genre: (row.genre as string | null) ?? null,
    title: (row.title as string | null) ?? null,
    artist: (row.artist as string | null) ?? null,
    durationSec: row.duration_sec === null ? null : num(row.duration_sec),
  };
}

function transitionRecord(r: Row): TransitionRecord {
  return {
    id: `${key(r.device_id, r.outgoing_play_id)}>${r.incoming_play_id}`,
    sessionId: key(r.device_id, r.session_id),
    at: new Date(num(r.at)),
    fromPlayId: key(r.device_id, r.outgoing_play_id),
    toPlayId: key(r.device_id, r.incoming_play_id),
    tempoDeltaPct: r.tempo_delta_pct === null ? null : num(r.tempo_delta_pct),
    camelotRelation: r.camelot_relation as CamelotRelation,
    overlapBeats: num(r.overlap_beats),
    phraseAligned: num(r.phrase_aligned) === 1,
  };
}

/** The user's plays with these ids (`<device id>/<play id>`), by id. */
export async function playsById(
  db: Db,
  userId: string,
  ids: readonly string[],
): Promise<Map<string, PlayRecord>> {
  const wanted = new Set(ids);
  const localIds = [...new Set(ids.map((id) => id.slice(id.indexOf("/") + 1)))];
  const found = localIds.length
    ? await rows(
      db,
      `SELECT * FROM dj_plays WHERE user_id = ? AND play_id IN (${localIds.map(() => "?").join(", ")})`,
      [userId, ...localIds],
    )
    : [];
  return new Map(found.map(playRecord).filter((p) => wanted.has(p.id)).map((p) => [p.id, p]));
}

async function candidates(db: Db, userId: string, before: number): Promise<ScoredTransition[]> {
  const query = (order: string, limit: number) =>
    rows(
      db,
      `SELECT *, ${SCORE_SQL} AS score FROM dj_transitions WHERE user_id = ? AND at < ? ORDER BY ${order} LIMIT ?`,
      [userId, before, limit],
    );
  const [top, bottom] = await Promise.all([
    query("score DESC, at DESC", RANKED_TRANSITIONS),
    query("score ASC, at ASC", 2 * RANKED_TRANSITIONS),
  ]);
  const seen = new Set<string>();
  const unique = [...top, ...bottom].map((r) => ({ record: transitionRecord(r), score: num(r.score) }))
    .filter(({ record }) => !seen.has(record.id) && seen.add(record.id));
  const plays = await playsById(
    db,
    userId,
    unique.flatMap(({ record }) => [record.fromPlayId!, record.toPlayId!]),
  );
  return keepCandidates(unique.map(({ record, score }) => ({
    transition: record,
    from: plays.get(record.fromPlayId!) ?? null,
    to: plays.get(record.toPlayId!) ?? null,
    score,
  })));
}

/**
 * The mergeable aggregates of the user's plays that started, and transitions that happened, before
 * `before` (all of them by default).
 */
export async function partialFromDb(
  db: Db,
  userId: string,
  before = new Date(8.64e15),
): Promise<PartialAggregates> {
  const args = [userId, before.getTime()];
  const [[plays], genres, names, decks, buckets, when, [transitions], ranked] = await Promise.all([
    rows(
      db,
      `SELECT min(bpm) AS min_bpm, max(bpm) AS max_bpm, sum(bpm) AS sum_bpm, count(bpm) AS bpm_count,
        sum(bpm * played_sec / 60.0) AS beats
       FROM dj_plays WHERE user_id = ? AND started_at < ?`,
      args,
    ),
    rows(
      db,
      `SELECT genre, count(*) AS plays FROM dj_plays WHERE user_id = ? AND started_at < ? AND genre IS NOT NULL
       GROUP BY genre`,
      args,
    ),
    rows(
      db,
      `SELECT CASE WHEN artist IS NULL THEN title ELSE artist || ' – ' || title END AS name, count(*) AS plays
       FROM dj_plays WHERE user_id = ? AND started_at < ? AND title IS NOT NULL GROUP BY name`,
      args,
    ),
    rows(db, `SELECT DISTINCT deck FROM dj_plays WHERE user_id = ? AND started_at < ?`, args),
    rows(
      db,
      `SELECT CAST(bpm / 10 AS INTEGER) * 10 AS bucket, count(*) AS plays FROM dj_plays
       WHERE user_id = ? AND started_at < ? AND bpm IS NOT NULL GROUP BY bucket`,
      args,
    ),
    rows(
      db,
      // Integer arithmetic on epoch milliseconds (1970-01-01 was a Thursday, weekday 4): cheaper than strftime.
      `SELECT (started_at / ${DAY_MS} + 4) % 7 AS weekday, (started_at / ${HOUR_MS}) % 24 AS hour,
        sum(played_sec) AS seconds
       FROM dj_plays WHERE user_id = ? AND started_at < ? GROUP BY weekday, hour`,
      args,
    ),
    rows(
      db,
      `SELECT count(*) AS count,
        coalesce(sum(camelot_relation <> 'unknown'), 0) AS keyed,
        coalesce(sum(camelot_relation IN (${quoted(HARMONIC_RELATIONS)})), 0) AS harmonic,
        coalesce(sum(tempo_delta_pct IS NOT NULL AND abs(tempo_delta_pct) <= ${SEAMLESS_MAX_PCT}), 0) AS seamless,
        coalesce(sum(abs(tempo_delta_pct) > ${SEAMLESS_MAX_PCT} AND abs(tempo_delta_pct) <= ${NORMAL_MAX_PCT}), 0)
          AS normal,
        coalesce(sum(abs(tempo_delta_pct) > ${NORMAL_MAX_PCT}), 0) AS hard,
        coalesce(sum(overlap_beats), 0) AS overlap_sum, count(overlap_beats) AS overlap_count,
        max(overlap_beats) AS longest_overlap, coalesce(sum(phrase_aligned), 0) AS phrase_aligned
       FROM dj_transitions WHERE user_id = ? AND at < ?`,
      args,
    ),
    candidates(db, userId, before.getTime()),
  ]);
  const whenGrid = emptyGrid();
  for (const row of when) whenGrid[num(row.weekday)][num(row.hour)] = num(row.seconds);
  return {
    genres: new Map(genres.map((g) => [String(g.genre), num(g.plays)])),
    names: new Map(names.map((n) => [String(n.name), num(n.plays)])),
    decks: new Set(decks.map((d) => num(d.deck))),
    bpm: num(plays.bpm_count) > 0
      ? {
        min: num(plays.min_bpm),
        max: num(plays.max_bpm),
        sum: num(plays.sum_bpm),
        count: num(plays.bpm_count),
      }
      : null,
    bpmBuckets: new Map(buckets.map((b) => [num(b.bucket), num(b.plays)])),
    whenGrid,
    beats: num(plays.beats),
    transitions: {
      count: num(transitions.count),
      keyed: num(transitions.keyed),
      harmonic: num(transitions.harmonic),
      buckets: {
        seamless: num(transitions.seamless),
        normal: num(transitions.normal),
        hard: num(transitions.hard),
      },
      overlapSum: num(transitions.overlap_sum),
      overlapCount: num(transitions.overlap_count),
      longestOverlap: transitions.longest_overlap === null ? null : num(transitions.longest_overlap),
      phraseAligned: num(transitions.phrase_aligned),
    },
    candidates: ranked,
  };
}

/** How many of the user's plays and transitions lie before `before`: the key under which their aggregates stay valid. */
export async function countBefore(db: Db, userId: string, before: Date): Promise<string> {
  const [[plays], [transitions]] = await Promise.all([
    rows(db, `SELECT count(*) AS n FROM dj_plays WHERE user_id = ? AND started_at < ?`, [
      userId,
      before.getTime(),
    ]),
    rows(db, `SELECT count(*) AS n FROM dj_transitions WHERE user_id = ? AND at < ?`, [
      userId,
      before.getTime(),
    ]),
  ]);
  return `${num(plays.n)}/${num(transitions.n)}`;
}
