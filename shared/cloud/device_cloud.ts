/**
 * @module
 * The device cloud API (`/api/device/cloud/tracks…`): what a linked controller sends and gets back when
 * it browses, searches and downloads its owner's cloud tracks. The portal answers with these shapes and
 * the controller parses them with the same schemas; errors use the device API's `{error, message}`.
 *
 * @example
 * ```ts
 * const query = TrackSearchQuerySchema.parse({ q: "house", bpmMin: "120", bpmMax: "135", limit: "20" });
 * const page = TrackListPageSchema.parse(await response.json());
 * page.items[0].bpm; // 128
 * ```
 */
import { z } from "zod";
import { CuePointSchema, LoopSchema, MAX_CUE_POINTS, MAX_LOOPS } from "./track_marks.ts";
import { DeviceErrorSchema } from "../devices/schemas.ts";

export const DEVICE_CLOUD_TRACKS_PATH = "/api/device/cloud/tracks";
export const DEVICE_CLOUD_SEARCH_PATH = "/api/device/cloud/tracks/search";
export const deviceCloudMetadataPath = (trackId: string) =>
  `${DEVICE_CLOUD_TRACKS_PATH}/${encodeURIComponent(trackId)}/metadata`;
export const deviceCloudDownloadPath = (trackId: string) =>
  `${DEVICE_CLOUD_TRACKS_PATH}/${encodeURIComponent(trackId)}/download`;

/** Page sizes: a page holds at most {@link MAX_PAGE_LIMIT} tracks, {@link DEFAULT_PAGE_LIMIT} when unasked. */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;
/** Offsets beyond this are refused (no library is that large; it keeps the SQL bounded). */
export const MAX_PAGE_OFFSET = 1_000_000;
/** Longest free-text search query and tag filter, in characters. */
export const MAX_SEARCH_QUERY_LENGTH = 200;
/** BPM filters outside this range are refused. */
export const MAX_SEARCH_BPM = 999;
/** How long a download URL stays valid. */
export const DOWNLOAD_URL_TTL_SECONDS = 3600;

/**
 * A track id as the portal issues it. Ids are used as cache file names on the controller, so only
 * letters, digits, `-` and `_` are allowed.
 */
export const TrackIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "not a track id");

export const AUDIO_FORMATS = ["mp3", "wav", "flac", "aiff"] as const;
export const AudioFormatSchema = z.enum(AUDIO_FORMATS);
export type AudioFormat = z.infer<typeof AudioFormatSchema>;

/** Longest title, artist, album or genre sent (tags read from files are cut to this length). */
export const MAX_TAG_LENGTH = 500;

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, "expected lower-case hex SHA-256");
const DateTimeSchema = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().max(max);

/** A Camelot code, `1A`…`12B`. */
export const CamelotSchema = z.string().regex(/^(1[0-2]|[1-9])[AB]$/, "expected a Camelot code like 8A");

/** One track as lists and search results show it. Analysis fields are null until the track is analysed. */
export const TrackSummarySchema = z.object({
  id: TrackIdSchema,
  title: text(MAX_TAG_LENGTH),
  artist: text(MAX_TAG_LENGTH).nullable(),
  album: text(MAX_TAG_LENGTH).nullable(),
  genre: text(MAX_TAG_LENGTH).nullable(),
  bpm: z.number().finite().positive().nullable(),
  /** Standard key notation ("Am", "F#m", "Bb"). */
  key: text(8).nullable(),
  /** The same key on the Camelot wheel ("8A"). */
  camelot: CamelotSchema.nullable(),
  durationSec: z.number().finite().min(0).nullable(),
  format: AudioFormatSchema,
  sizeBytes: z.number().int().min(0),
  /** SHA-256 of the whole file: what the download must hash to. */
  sha256: Sha256Schema,
  /** Latest of the upload, the analysis and the last cue/loop edit (a tag edit does not move it). */
  updatedAt: DateTimeSchema,
});
export type TrackSummary = z.infer<typeof TrackSummarySchema>;

export const TrackListPageSchema = z.object({
  items: z.array(TrackSummarySchema).max(MAX_PAGE_LIMIT),
  /** How many tracks match in all (not just on this page). */
  total: z.number().int().min(0),
  limit: z.number().int().min(1).max(MAX_PAGE_LIMIT),
  offset: z.number().int().min(0),
});
export type TrackListPage = z.infer<typeof TrackListPageSchema>;

/** Beat positions: the first downbeat and the tempo; beats follow every 60/bpm seconds. */
export const BeatgridSchema = z.object({
  bpm: z.number().finite().positive(),
  firstBeatSec: z.number().finite().min(0),
});
export type Beatgrid = z.infer<typeof BeatgridSchema>;

/** Everything a deck needs before it plays a cloud track. */
export const TrackMetadataSchema = TrackSummarySchema.extend({
  /** Null when the tempo or the first beat is unknown. */
  beatgrid: BeatgridSchema.nullable(),
  cuePoints: z.array(CuePointSchema).max(MAX_CUE_POINTS),
  loops: z.array(LoopSchema).max(MAX_LOOPS),
});
export type TrackMetadata = z.infer<typeof TrackMetadataSchema>;

/** Where to fetch a track's bytes (valid until `expiresAt`, HTTP Range supported) and how to check them. */
export const TrackDownloadSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  expiresAt: DateTimeSchema,
  sizeBytes: z.number().int().min(0),
  sha256: Sha256Schema,
});
export type TrackDownload = z.infer<typeof TrackDownloadSchema>;

/** A whole number from a query string: digits only, so `""`, `"1e3"` or `"-1"` are refused. */
const wholeNumberParam = (min: number, max: number) =>
  z.string().regex(/^\d{1,9}$/, "expected a whole number").transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** A BPM from a query string (`"128"`, `"127.5"`). */
const bpmParam = z.string().regex(/^\d{1,3}(\.\d{1,3})?$/, "expected a BPM like 128 or 127.5")
  .transform(Number).pipe(z.number().min(0).max(MAX_SEARCH_BPM));

const filterParam = z.string().trim().min(1).max(MAX_SEARCH_QUERY_LENGTH);

/** Query parameters of the track list. Unknown parameters are refused, so a typo never goes unnoticed. */
export const TrackListQuerySchema = z.object({
  limit: wholeNumberParam(1, MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  offset: wholeNumberParam(0, MAX_PAGE_OFFSET).default(0),
}).strict();
export type TrackListQuery = z.infer<typeof TrackListQuerySchema>;

/**
 * Query parameters of the search. `q` matches title, artist or album (case-insensitive substring);
 * `genre` matches the genre exactly (case-insensitive); `key` is a standard name ("Am") or a Camelot code
 * ("8A"); BPM bounds are inclusive. A filter left out matches everything.
 */
export const TrackSearchQuerySchema = z.object({
  q: filterParam.optional(),
  genre: filterParam.optional(),
  bpmMin: bpmParam.optional(),
  bpmMax: bpmParam.optional(),
  key: z.string().trim().min(1).max(8).optional(),
  limit: wholeNumberParam(1, MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  offset: wholeNumberParam(0, MAX_PAGE_OFFSET).default(0),
}).strict().refine(
  (query) => query.bpmMin === undefined || query.bpmMax === undefined || query.bpmMin <= query.bpmMax,
  { message: "bpmMin must not be above bpmMax", path: ["bpmMin"] },
);
export type TrackSearchQuery = z.infer<typeof TrackSearchQuerySchema>;

/** What every refusal of the device cloud API carries (the device API's error envelope). */
export const DeviceCloudErrorSchema = DeviceErrorSchema;
export type DeviceCloudError = z.infer<typeof DeviceCloudErrorSchema>;
