/**
 * @module
 * The aggregates of all of a DJ's plays and transitions computed by the database: a handful of GROUP BY
 * queries over the derived telemetry tables, each answering with a few rows however long the history.
 * aggregate.ts computes the same from records; a test holds the two to the same answer.
 */
import type { InValue } from "@libsql/client";
import type { Db } from "../../db/client.ts";
import { HARMONIC_RELATIONS } from "../telemetry/mod.ts";
import {
  type DjAggregates,
  GENRE_LIMIT,
  type PlayRecord,
  RANKED_TRANSITIONS,
  type ScoredTransition,
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

async function rankedTransitions(
  db: Db,
  userId: string,
): Promise<{ best: ScoredTransition[]; worst: ScoredTransition[] }> {
  const query = (order: string) =>
    rows(
      db,
      `SELECT *, ${SCORE_SQL} AS score FROM dj_transitions WHERE user_id = ? ORDER BY ${order} LIMIT ?`,
      [userId, RANKED_TRANSITIONS],
    );
  const [bestRows, worstRows] = await Promise.all([query("score DESC, at DESC"), query("score ASC, at ASC")]);
  const bestKeys = new Set(bestRows.map((r) => `${r.device_id}/${r.outgoing_play_id}/${r.incoming_play_id}`));
  const worst = worstRows.filter((r) =>
    !bestKeys.has(`${r.device_id}/${r.outgoing_play_id}/${r.incoming_play_id}`)
  );
  const playIds = [
    ...new Set([...bestRows, ...worst].flatMap((r) => [r.outgoing_play_id, r.incoming_play_id])),
  ];
  const plays = playIds.length
    ? await rows(
      db,
      `SELECT * FROM dj_plays WHERE user_id = ? AND play_id IN (${playIds.map(() => "?").join(", ")})`,
      [userId, ...playIds as string[]],
    )
    : [];
  const byId = new Map(plays.map((p) => [key(p.device_id, p.play_id), playRecord(p)]));
  const scored = (r: Row): ScoredTransition => ({
    transition: {
      id: `${key(r.device_id, r.outgoing_play_id)}>${r.incoming_play_id}`,
      sessionId: key(r.device_id, r.session_id),
      at: new Date(num(r.at)),
      fromPlayId: key(r.device_id, r.outgoing_play_id),
      toPlayId: key(r.device_id, r.incoming_play_id),
      tempoDeltaPct: r.tempo_delta_pct === null ? null : num(r.tempo_delta_pct),
      camelotRelation: r.camelot_relation as ScoredTransition["transition"]["camelotRelation"],
      overlapBeats: num(r.overlap_beats),
      phraseAligned: num(r.phrase_aligned) === 1,
    },
    from: byId.get(key(r.device_id, r.outgoing_play_id)) ?? null,
    to: byId.get(key(r.device_id, r.incoming_play_id)) ?? null,
    score: num(r.score),
  });
  return { best: bestRows.map(scored), worst: worst.map(scored) };
}

export async function aggregateFromDb(db: Db, userId: string): Promise<DjAggregates> {
  const args = [userId];
  const [[plays], genres, buckets, when, [favourite], [transitions], ranked] = await Promise.all([
    rows(
      db,
      `SELECT count(genre) AS with_genre, min(bpm) AS min_bpm, max(bpm) AS max_bpm, sum(bpm) AS sum_bpm,
        count(bpm) AS bpm_count, sum(bpm * played_sec / 60.0) AS beats, count(DISTINCT deck) AS decks
       FROM dj_plays WHERE user_id = ?`,
      args,
    ),
    rows(
      db,
      `SELECT genre, count(*) AS plays FROM dj_plays WHERE user_id = ? AND genre IS NOT NULL
       GROUP BY genre ORDER BY plays DESC, genre ASC LIMIT ${GENRE_LIMIT}`,
      args,
    ),
    rows(
      db,
      `SELECT CAST(bpm / 10 AS INTEGER) * 10 AS bucket, count(*) AS plays FROM dj_plays
       WHERE user_id = ? AND bpm IS NOT NULL GROUP BY bucket ORDER BY bucket`,
      args,
    ),
    rows(
      db,
      `SELECT CAST(strftime('%w', started_at / 1000, 'unixepoch') AS INTEGER) AS weekday,
        CAST(strftime('%H', started_at / 1000, 'unixepoch') AS INTEGER) AS hour, sum(played_sec) AS seconds
       FROM dj_plays WHERE user_id = ? GROUP BY weekday, hour`,
      args,
    ),
    rows(
      db,
      `SELECT CASE WHEN artist IS NULL THEN title ELSE artist || ' – ' || title END AS name, count(*) AS plays
       FROM dj_plays WHERE user_id = ? AND title IS NOT NULL GROUP BY name ORDER BY plays DESC, name ASC LIMIT 1`,
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
       FROM dj_transitions WHERE user_id = ?`,
      args,
    ),
    rankedTransitions(db, userId),
  ]);
  const whenGrid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const row of when) whenGrid[num(row.weekday)][num(row.hour)] = num(row.seconds);
  return {
    genres: genres.map((g) => ({ genre: String(g.genre), plays: num(g.plays) })),
    playsWithGenre: num(plays.with_genre),
    bpm: num(plays.bpm_count) > 0
      ? {
        min: num(plays.min_bpm),
        max: num(plays.max_bpm),
        sum: num(plays.sum_bpm),
        count: num(plays.bpm_count),
        buckets: buckets.map((b) => ({ from: num(b.bucket), plays: num(b.plays) })),
      }
      : null,
    whenGrid,
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
    best: ranked.best,
    worst: ranked.worst,
    beats: num(plays.beats),
    favourite: favourite && num(favourite.plays) > 1
      ? { name: String(favourite.name), plays: num(favourite.plays) }
      : null,
    decksUsed: num(plays.decks),
  };
}
