/**
 * @module
 * Writes tracks (and their analysis results) straight into the database, for table tests and the
 * 10,000-track benchmark: no files, just rows shaped like real ones.
 */
import type { Db } from "../../../db/client.ts";
import { trackAnalysis } from "../../../db/schema/analysis.ts";
import { cloudTracks } from "../../../db/schema/cloud.ts";
import { CAMELOT_CODES } from "../camelot.ts";

export interface SeedTrack {
  id: string;
  title: string;
  artist: string | null;
  genre: string | null;
  bpm: number | null;
  keyCamelot: string | null;
  durationSeconds: number;
  sizeBytes: number;
  analysed: boolean;
}

const GENRES = ["Deep House", "Techno", "Tech House", "Drum & Bass", "Disco", "Trance"];

/** `count` deterministic tracks: varied titles, artists, genres, BPM 90–175, all 24 keys. */
export function seedTracks(count: number, prefix = "t"): SeedTrack[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${String(i).padStart(6, "0")}`,
    title: `Track ${i} ${["Sunrise", "Nightdrive", "Groove", "Echoes", "Pulse"][i % 5]}`,
    artist: i % 7 === 0 ? null : `Artist ${i % 40}`,
    genre: i % 9 === 0 ? null : GENRES[i % GENRES.length],
    bpm: 90 + ((i * 37) % 8500) / 100,
    keyCamelot: CAMELOT_CODES[(i * 5) % 24],
    durationSeconds: 180 + (i % 240),
    sizeBytes: 3_000_000 + (i % 100) * 50_000,
    analysed: i % 10 !== 3,
  }));
}

/** Inserts the tracks for `userId` in batches (analysis rows only for `analysed` ones). */
export async function insertSeedTracks(db: Db, userId: string, tracks: SeedTrack[]): Promise<void> {
  const start = Date.UTC(2026, 0, 1);
  for (let at = 0; at < tracks.length; at += 500) {
    const batch = tracks.slice(at, at + 500);
    await db.insert(cloudTracks).values(batch.map((track, i) => ({
      id: track.id,
      userId,
      storageKey: `cloud/${userId}/${track.id}`,
      storageType: "audio/mpeg",
      originalFilename: `${track.title}.mp3`,
      format: "mp3" as const,
      sizeBytes: track.sizeBytes,
      sha256: track.id.padEnd(64, "0"),
      audioFingerprint: track.id.padEnd(64, "1"),
      title: track.title,
      artist: track.artist,
      genre: track.genre,
      createdAt: new Date(start + (at + i) * 60_000),
    })));
    const analysed = batch.filter((track) => track.analysed);
    if (analysed.length === 0) continue;
    await db.insert(trackAnalysis).values(analysed.map((track) => ({
      trackId: track.id,
      durationSeconds: track.durationSeconds,
      sampleRate: 44100,
      channels: 2,
      bpm: track.bpm,
      bpmConfidence: 0.9,
      firstBeatSeconds: 0.1,
      keyName: "Am",
      keyCamelot: track.keyCamelot,
      keyConfidence: 0.8,
      loudnessLufs: -9,
      energy: 6,
      waveform: '{"pointsPerSecond":10,"peaks":[]}',
      fileTags: "{}",
    })));
  }
}
