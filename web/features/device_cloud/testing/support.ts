/**
 * @module
 * Test support for the device cloud API: an owner (Preview Program member, cloud access on) with a
 * controller linked through the real device grant and a live OCP session, and library tracks written
 * straight into the database and the storage with real checksums.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { TestApp, TestBrowser } from "../../../testing/test_app.ts";
import { trackAnalysis } from "../../../db/schema/analysis.ts";
import { cloudTracks } from "../../../db/schema/cloud.ts";
import {
  cloudPlaylists,
  cloudPlaylistTracks,
  cloudSyncSettings,
  cloudTrackMarks,
} from "../../../db/schema/cloud_library.ts";
import { devices } from "../../../db/schema/devices.ts";
import type { User } from "../../../db/schema/users.ts";
import type { TrackMarks } from "../../../../shared/cloud/track_marks.ts";
import { freshSerial, previewMember } from "../../devices/testing/support.ts";
import { SimulatedController } from "../../device_api/testing/support.ts";

export interface CloudOwner {
  user: User;
  browser: TestBrowser;
  controller: SimulatedController;
  /** The controller's row id in `devices`. */
  deviceId: string;
}

/** An owner with cloud access on and one linked controller that has shaken hands. */
export async function cloudOwner(t: TestApp, options: { cloudAccess?: boolean } = {}): Promise<CloudOwner> {
  const { user, browser } = await previewMember(t);
  if (options.cloudAccess ?? true) {
    const saved = await browser.post("/devices/cloud-access", { enabled: "on" });
    assert.ok(saved.status < 400, `cloud access answered ${saved.status}`);
  }
  const controller = await addController(t, browser);
  const [device] = await t.deps.db.select({ id: devices.id }).from(devices)
    .where(eq(devices.serial, controller.serial));
  return { user, browser, controller, deviceId: device.id };
}

/** Another controller linked to the owner behind `browser`, with a live session. */
export async function addController(t: TestApp, browser: TestBrowser): Promise<SimulatedController> {
  const controller = await SimulatedController.create(t, freshSerial());
  const linked = await controller.link(await controller.authorize(browser));
  assert.equal(linked.status, 200, await linked.clone().text());
  assert.equal((await controller.hello()).status, 200);
  return controller;
}

export interface LibraryTrack {
  id: string;
  title: string;
  artist?: string | null;
  album?: string | null;
  genre?: string | null;
  /** Analysis results; left out, the track is not analysed yet. */
  analysis?: {
    bpm: number;
    firstBeatSeconds: number;
    keyName: string;
    keyCamelot: string;
    durationSeconds: number;
  };
  marks?: TrackMarks;
  bytes?: Uint8Array;
  /** Upload time; tracks added later get later times by default. */
  createdAt?: Date;
}

let uploadClock = Date.UTC(2026, 0, 1);

/** Stores the track's file and rows (with the file's real SHA-256) for `userId`; returns the file. */
export async function addLibraryTrack(t: TestApp, userId: string, track: LibraryTrack): Promise<Uint8Array> {
  const bytes = track.bytes ?? new TextEncoder().encode(`${track.id} `.repeat(500));
  const storageKey = `cloud/${userId}/${track.id}`;
  await t.deps.storage.put(storageKey, bytes);
  uploadClock += 60_000;
  await t.deps.db.insert(cloudTracks).values({
    id: track.id,
    userId,
    storageKey,
    storageType: "audio/mpeg",
    originalFilename: `${track.title}.mp3`,
    format: "mp3",
    sizeBytes: bytes.byteLength,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    audioFingerprint: null,
    title: track.title,
    artist: track.artist ?? null,
    album: track.album ?? null,
    genre: track.genre ?? null,
    createdAt: track.createdAt ?? new Date(uploadClock),
  });
  if (track.analysis) {
    await t.deps.db.insert(trackAnalysis).values({
      trackId: track.id,
      ...track.analysis,
      sampleRate: 44100,
      channels: 2,
      bpmConfidence: 0.9,
      keyConfidence: 0.8,
      loudnessLufs: -9,
      energy: 6,
      waveform: '{"pointsPerSecond":10,"peaks":[]}',
      fileTags: "{}",
      analyzedAt: new Date(uploadClock + 1000),
    });
  }
  if (track.marks) {
    await t.deps.db.insert(cloudTrackMarks).values({
      trackId: track.id,
      cuePoints: JSON.stringify(track.marks.cuePoints),
      loops: JSON.stringify(track.marks.loops),
      updatedAt: new Date(uploadClock + 2000),
    });
  }
  return bytes;
}

/** Switches the owner to "chosen playlists only", syncing one playlist that holds `trackIds`. */
export async function syncOnlyPlaylist(t: TestApp, userId: string, trackIds: string[]): Promise<void> {
  const playlistId = crypto.randomUUID();
  await t.deps.db.insert(cloudPlaylists).values({ id: playlistId, userId, name: "Gig", syncToDevices: true });
  if (trackIds.length > 0) {
    await t.deps.db.insert(cloudPlaylistTracks).values(
      trackIds.map((trackId, position) => ({ playlistId, trackId, position })),
    );
  }
  await t.deps.db.insert(cloudSyncSettings).values({ userId, mode: "playlists" })
    .onConflictDoUpdate({ target: cloudSyncSettings.userId, set: { mode: "playlists" } });
}

/** The path and query of an absolute URL, for `app.request`. */
export function localPath(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}
