import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  DEFAULT_PAGE_LIMIT,
  deviceCloudDownloadPath,
  DeviceCloudErrorSchema,
  deviceCloudMetadataPath,
  MAX_PAGE_LIMIT,
  TrackDownloadSchema,
  TrackIdSchema,
  TrackListPageSchema,
  TrackListQuerySchema,
  TrackMetadataSchema,
  TrackSearchQuerySchema,
} from "./device_cloud.ts";

const SHA = "a".repeat(64);
const summary = {
  id: "0b6f3c9e-5d1a-4f7e-9a2b-8c4d6e1f2a3b",
  title: "My Track",
  artist: "DJ Name",
  album: null,
  genre: "Techno",
  bpm: 128,
  key: "Am",
  camelot: "8A",
  durationSec: 240,
  format: "mp3",
  sizeBytes: 8_388_608,
  sha256: SHA,
  updatedAt: "2026-01-01T00:00:00.000Z",
};

describe("TrackListPageSchema", () => {
  it("accepts a page of tracks, analysed or not", () => {
    const unanalysed = { ...summary, id: "t2", bpm: null, key: null, camelot: null, durationSec: null };
    const page = { items: [summary, unanalysed], total: 7, limit: 2, offset: 4 };
    assert.deepEqual(TrackListPageSchema.parse(page), page);
  });

  it("refuses a bad checksum, an unknown format, a wrong Camelot code and a negative total", () => {
    const bad = [
      { items: [{ ...summary, sha256: "ABC" }], total: 1, limit: 1, offset: 0 },
      { items: [{ ...summary, format: "ogg" }], total: 1, limit: 1, offset: 0 },
      { items: [{ ...summary, camelot: "13A" }], total: 1, limit: 1, offset: 0 },
      { items: [], total: -1, limit: 1, offset: 0 },
    ];
    for (const page of bad) assert.equal(TrackListPageSchema.safeParse(page).success, false);
  });
});

describe("TrackMetadataSchema", () => {
  it("carries the beatgrid, cue points and loops in the device shapes", () => {
    const metadata = {
      ...summary,
      beatgrid: { bpm: 128, firstBeatSec: 0.12 },
      cuePoints: [{ time: 0 }, { time: 32.5, name: "Drop" }],
      loops: [{ start: 0, end: 8 }],
    };
    assert.deepEqual(TrackMetadataSchema.parse(metadata), metadata);
    assert.equal(
      TrackMetadataSchema.safeParse({ ...metadata, loops: [{ start: 8, end: 1 }] }).success,
      false,
    );
    assert.equal(TrackMetadataSchema.safeParse({ ...metadata, beatgrid: null }).success, true);
  });
});

describe("TrackDownloadSchema", () => {
  it("accepts an http(s) URL with its expiry and checksum, nothing else", () => {
    const answer = {
      url: "http://127.0.0.1:8000/api/device/cloud/files/x?expires=1&signature=y",
      expiresAt: "2026-01-01T01:00:00.000Z",
      sizeBytes: 10,
      sha256: SHA,
    };
    assert.deepEqual(TrackDownloadSchema.parse(answer), answer);
    assert.equal(TrackDownloadSchema.safeParse({ ...answer, url: "file:///etc/passwd" }).success, false);
    assert.equal(TrackDownloadSchema.safeParse({ ...answer, expiresAt: "tomorrow" }).success, false);
  });
});

describe("TrackIdSchema", () => {
  it("allows only ids that are safe as file names", () => {
    assert.equal(TrackIdSchema.safeParse("67980ec71648c734b60d9c06").success, true);
    for (const id of ["", "../etc", "a/b", "a b", "x".repeat(65)]) {
      assert.equal(TrackIdSchema.safeParse(id).success, false, id);
    }
  });

  it("builds the metadata and download paths", () => {
    assert.equal(deviceCloudMetadataPath("t1"), "/api/device/cloud/tracks/t1/metadata");
    assert.equal(deviceCloudDownloadPath("t1"), "/api/device/cloud/tracks/t1/download");
  });
});

describe("TrackListQuerySchema", () => {
  it("defaults the page and reads numbers from the query string", () => {
    assert.deepEqual(TrackListQuerySchema.parse({}), { limit: DEFAULT_PAGE_LIMIT, offset: 0 });
    assert.deepEqual(TrackListQuerySchema.parse({ limit: "10", offset: "20" }), { limit: 10, offset: 20 });
  });

  it("refuses limits out of bounds, non-numbers and unknown parameters", () => {
    const bad = [
      { limit: "0" },
      { limit: String(MAX_PAGE_LIMIT + 1) },
      { limit: "" },
      { limit: "1e2" },
      { offset: "-1" },
      { page: "2" },
    ];
    for (const query of bad) {
      assert.equal(TrackListQuerySchema.safeParse(query).success, false, JSON.stringify(query));
    }
  });
});

describe("TrackSearchQuerySchema", () => {
  it("reads every filter", () => {
    assert.deepEqual(
      TrackSearchQuerySchema.parse({
        q: " house ",
        genre: "Techno",
        bpmMin: "120",
        bpmMax: "127.5",
        key: "8A",
        limit: "20",
      }),
      { q: "house", genre: "Techno", bpmMin: 120, bpmMax: 127.5, key: "8A", limit: 20, offset: 0 },
    );
    assert.deepEqual(TrackSearchQuerySchema.parse({}), { limit: DEFAULT_PAGE_LIMIT, offset: 0 });
  });

  it("refuses an inverted BPM range, bad numbers, over-long text and unknown parameters", () => {
    const bad = [
      { bpmMin: "130", bpmMax: "120" },
      { bpmMin: "fast" },
      { bpmMax: "1000" },
      { q: "x".repeat(201) },
      { q: "   " },
      { limit: "500" },
      { bpm: "128" },
    ];
    for (const query of bad) {
      assert.equal(TrackSearchQuerySchema.safeParse(query).success, false, JSON.stringify(query));
    }
  });
});

describe("DeviceCloudErrorSchema", () => {
  it("is the device API's error envelope", () => {
    assert.equal(
      DeviceCloudErrorSchema.safeParse({ error: "not_found", message: "no such track" }).success,
      true,
    );
    assert.equal(DeviceCloudErrorSchema.safeParse({ error: "nope", message: "x" }).success, false);
  });
});
