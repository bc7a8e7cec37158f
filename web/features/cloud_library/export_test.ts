import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { TrackDetails } from "./track_details.ts";
import { findAll, readXml } from "./testing/read_xml.ts";
import { toM3u8 } from "./m3u8.ts";
import { toRekordboxXml } from "./rekordbox_xml.ts";

function track(id: string, change: Partial<TrackDetails> = {}): TrackDetails {
  return {
    id,
    title: `Title ${id}`,
    artist: "DJ Test",
    album: null,
    genre: "Deep House",
    year: 2024,
    format: "mp3",
    storageKey: `cloud/u/${id}`,
    storageType: "audio/mpeg",
    originalFilename: `${id}.mp3`,
    sizeBytes: 8_388_608,
    createdAt: new Date(Date.UTC(2026, 0, 2)),
    durationSeconds: 240.4,
    sampleRate: 44100,
    bpm: 124,
    firstBeatSeconds: 0.125,
    keyName: "Am",
    keyCamelot: "8A",
    energy: 6,
    loudnessLufs: -9,
    marks: { cuePoints: [], loops: [] },
    ...change,
  };
}

describe("rekordbox XML export", () => {
  it("writes BPM, key, the beatgrid anchor, hot and memory cues and loops", () => {
    const cues = Array.from({ length: 9 }, (_, i) => ({ time: i * 16 }));
    const tracks = [
      track("a", { marks: { cuePoints: cues, loops: [{ start: 0, end: 8, name: "Intro" }] } }),
      track("b", {
        bpm: null,
        keyName: null,
        durationSeconds: null,
        format: "flac",
        originalFilename: "a.mp3",
      }),
    ];
    const root = readXml(toRekordboxXml(tracks, [{ name: "Warm-up", trackIds: ["b", "a", "elsewhere"] }]));
    assert.equal(root.name, "DJ_PLAYLISTS");
    const [collection] = findAll(root, "COLLECTION");
    assert.equal(collection.attributes.Entries, "2");
    const [a, b] = collection.children;
    assert.equal(a.attributes.AverageBpm, "124.00");
    assert.equal(a.attributes.Tonality, "Am");
    assert.equal(a.attributes.TotalTime, "240");
    assert.equal(a.attributes.Kind, "MP3 File");
    assert.equal(a.attributes.Location, "file://localhost/MIXERA%20Cloud/a.mp3");
    const [tempo] = findAll(a, "TEMPO");
    assert.deepEqual(tempo.attributes, { Inizio: "0.125", Bpm: "124.00", Metro: "4/4", Battito: "1" });
    const marks = findAll(a, "POSITION_MARK");
    assert.equal(marks.length, 10);
    assert.deepEqual(marks.slice(0, 8).map((mark) => mark.attributes.Num), [
      "0",
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
    ]);
    assert.deepEqual(marks[8].attributes, { Type: "0", Start: "128.000", Num: "-1" });
    assert.deepEqual(marks[9].attributes, {
      Name: "Intro",
      Type: "4",
      Start: "0.000",
      End: "8.000",
      Num: "-1",
    });
    assert.equal(b.attributes.AverageBpm, undefined);
    assert.equal(findAll(b, "TEMPO").length, 0);
    assert.equal(b.attributes.Kind, "FLAC File");
    assert.equal(b.attributes.Location, "file://localhost/MIXERA%20Cloud/a%20(2).mp3", "names stay unique");
    const [playlist] = findAll(root, "NODE").filter((node) => node.attributes.Type === "1");
    assert.equal(playlist.attributes.Name, "Warm-up");
    assert.equal(playlist.attributes.Entries, "2");
    assert.deepEqual(playlist.children.map((entry) => entry.attributes.Key), [
      b.attributes.TrackID,
      a.attributes.TrackID,
    ]);
  });

  it("escapes markup and drops characters XML cannot hold", () => {
    const title = `Rock & "Roll" <live> 'n' \u0001tab\tend`;
    const root = readXml(toRekordboxXml([track("x", { title, artist: "A\nB" })], []));
    const [entry] = findAll(root, "TRACK");
    assert.equal(entry.attributes.Name, `Rock & "Roll" <live> 'n' tab\tend`);
    assert.equal(entry.attributes.Artist, "A\nB");
  });
});

describe("m3u8 export", () => {
  it("lists the tracks in order with duration and label, one entry per line pair", () => {
    const text = toM3u8("Peak\nTime", [
      track("b", { artist: null, title: "Two\r\nLines" }),
      track("a", { durationSeconds: null }),
    ]);
    const lines = text.trimEnd().split("\n");
    assert.deepEqual(lines, [
      "#EXTM3U",
      "#PLAYLIST:Peak Time",
      "#EXTINF:240,Two Lines",
      "MIXERA Cloud/b.mp3",
      "#EXTINF:-1,DJ Test - Title a",
      "MIXERA Cloud/a.mp3",
    ]);
  });
});
