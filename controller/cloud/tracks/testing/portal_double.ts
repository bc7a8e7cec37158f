/**
 * @module
 * A small stand-in for the portal's device cloud API over real HTTP, for the cloud track library's tests:
 * list, search, metadata and signed download URLs that serve the bytes with HTTP Range. Switches make it
 * refuse (locked, cloud access off), cut a download short, corrupt it, or go away. Every answer is built
 * with the shared schemas, so it cannot drift from what the real portal sends. The real portal is
 * exercised end to end by web/e2e/cloud_tracks.spec.ts.
 */
import { createHash } from "node:crypto";
import {
  DEVICE_CLOUD_SEARCH_PATH,
  DEVICE_CLOUD_TRACKS_PATH,
  type TrackListPage,
  TrackListPageSchema,
  type TrackMetadata,
  TrackMetadataSchema,
  TrackSearchQuerySchema,
} from "../../../../shared/cloud/device_cloud.ts";
import { CloudHttpClient, type CloudResponse } from "../../http_client.ts";
import type { PortalCaller } from "../cloud_tracks.ts";

export interface PortalTrack {
  metadata: TrackMetadata;
  bytes: Uint8Array;
}

export interface PortalDouble {
  origin: string;
  /** A caller as the cloud link would be (no session: the double does not check one). */
  caller: PortalCaller;
  /** Request lines seen (`GET /api/device/cloud/tracks?limit=50&offset=0`, `GET /files/t1 bytes=10-`). */
  requests: string[];
  refuse: { error: "device_locked" | "cloud_access_disabled"; status: 403 } | null;
  /** Cut the next download after this many bytes, then drop the connection (then the switch resets). */
  cutAfterBytes: number | null;
  /** Serve one wrong byte in every download. */
  corrupt: boolean;
  add(track: PortalTrack): void;
  close(): void;
}

/** A track of these bytes (or `size` made-up ones) with its metadata (checksum and size filled in). */
export function portalTrack(
  id: string,
  content: number | Uint8Array,
  overrides: Partial<TrackMetadata> = {},
): PortalTrack {
  const bytes = typeof content === "number"
    ? new Uint8Array(content).map((_, i) => (i * 31 + id.length * 7) & 0xff)
    : content;
  const metadata = TrackMetadataSchema.parse({
    id,
    title: `Track ${id}`,
    artist: "DJ Test",
    album: null,
    genre: "Techno",
    bpm: 128,
    key: "Am",
    camelot: "8A",
    durationSec: 240,
    format: "mp3",
    sizeBytes: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    updatedAt: new Date(0).toISOString(),
    beatgrid: { bpm: 128, firstBeatSec: 0.1 },
    cuePoints: [{ time: 32.5 }, { time: 0 }],
    loops: [{ start: 0, end: 8 }],
    ...overrides,
  });
  return { metadata, bytes };
}

function pageOf(tracks: TrackMetadata[], limit: number, offset: number): TrackListPage {
  return TrackListPageSchema.parse({
    items: tracks.slice(offset, offset + limit).map((
      { beatgrid: _b, cuePoints: _c, loops: _l, ...summary },
    ) => summary),
    total: tracks.length,
    limit,
    offset,
  });
}

export function startPortalDouble(): PortalDouble {
  const tracks = new Map<string, PortalTrack>();
  const double: PortalDouble = {
    origin: "",
    caller: null as unknown as PortalCaller,
    requests: [],
    refuse: null,
    cutAfterBytes: null,
    corrupt: false,
    add: (track) => void tracks.set(track.metadata.id, track),
    close: () => {
      server.stop(true);
      cutting.stop(true);
    },
  };
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const url = new URL(request.url);
      const range = request.headers.get("range");
      double.requests.push(`GET ${url.pathname}${url.search}${range ? ` ${range}` : ""}`);
      if (url.pathname.startsWith("/files/")) {
        return serveFile(tracks.get(url.pathname.slice(7)), range, double);
      }
      if (double.refuse) {
        return Response.json({ error: double.refuse.error, message: "refused" }, {
          status: double.refuse.status,
        });
      }
      const all = [...tracks.values()].map((track) => track.metadata);
      if (url.pathname === DEVICE_CLOUD_TRACKS_PATH) {
        const limit = Number(url.searchParams.get("limit") ?? 50);
        return Response.json(pageOf(all, limit, Number(url.searchParams.get("offset") ?? 0)));
      }
      if (url.pathname === DEVICE_CLOUD_SEARCH_PATH) {
        const query = TrackSearchQuerySchema.parse(Object.fromEntries(url.searchParams));
        const found = all.filter((track) =>
          (!query.q || track.title.toLowerCase().includes(query.q.toLowerCase())) &&
          (!query.genre || track.genre?.toLowerCase() === query.genre.toLowerCase()) &&
          (query.bpmMin === undefined || (track.bpm ?? 0) >= query.bpmMin) &&
          (query.bpmMax === undefined || (track.bpm ?? 0) <= query.bpmMax)
        );
        return Response.json(pageOf(found, query.limit, query.offset));
      }
      const match = url.pathname.match(/^\/api\/device\/cloud\/tracks\/([^/]+)\/(metadata|download)$/);
      const track = match ? tracks.get(decodeURIComponent(match[1])) : undefined;
      if (!match || !track) {
        return Response.json({ error: "not_found", message: "no such track" }, { status: 404 });
      }
      if (match[2] === "metadata") return Response.json(track.metadata);
      const files = double.cutAfterBytes === null ? double.origin : `http://127.0.0.1:${cutting.port}`;
      return Response.json({
        url: `${files}/files/${track.metadata.id}`,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        sizeBytes: track.metadata.sizeBytes,
        sha256: track.metadata.sha256,
      });
    },
  });
  const cutting = startCuttingServer(tracks, double);
  double.origin = `http://127.0.0.1:${server.port}`;
  const http = new CloudHttpClient({ portal: double.origin, attempts: 1, timeoutMs: 2000 });
  double.caller = { call: (method, path): Promise<CloudResponse> => http.request(method, path) };
  return double;
}

function serveFile(track: PortalTrack | undefined, range: string | null, double: PortalDouble): Response {
  if (!track) return new Response("not found", { status: 404 });
  let bytes = track.bytes;
  if (double.corrupt) {
    bytes = bytes.slice();
    bytes[bytes.length >> 1] ^= 0xff;
  }
  const start = range ? Number(range.match(/^bytes=(\d+)-$/)?.[1] ?? NaN) : 0;
  if (!Number.isInteger(start) || start >= bytes.length) return new Response(null, { status: 416 });
  const body = bytes.slice(start) as Uint8Array<ArrayBuffer>;
  const headers: Record<string, string> = { "content-type": "audio/mpeg", "accept-ranges": "bytes" };
  if (range) headers["content-range"] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
  return new Response(body, { status: range ? 206 : 200, headers });
}

/**
 * A raw HTTP server for cut downloads: it announces the whole file, sends `cutAfterBytes` of it (all of
 * them flushed), then closes the connection, as a dropped connection would.
 */
function startCuttingServer(tracks: Map<string, PortalTrack>, double: PortalDouble) {
  const encoder = new TextEncoder();
  return Bun.listen<{ pending: Uint8Array }>({
    hostname: "127.0.0.1",
    port: 0,
    data: { pending: new Uint8Array() },
    socket: {
      data(socket, bytes) {
        const request = new TextDecoder().decode(bytes);
        const path = request.match(/^GET (\S+) /)?.[1] ?? "";
        const range = request.match(/\r\nrange: bytes=(\d+)-\r\n/i);
        double.requests.push(`GET ${path.split("?")[0]}${range ? ` bytes=${range[1]}-` : ""}`);
        const track = tracks.get(path.split("?")[0].replace("/files/", ""));
        const start = range ? Number(range[1]) : 0;
        const whole = track?.bytes.subarray(start) ?? new Uint8Array();
        const status = range ? "206 Partial Content" : "200 OK";
        const head = encoder.encode(
          `HTTP/1.1 ${status}\r\ncontent-length: ${whole.length}\r\nconnection: close\r\n` +
            (range
              ? `content-range: bytes ${start}-${start + whole.length - 1}/${start + whole.length}\r\n`
              : "") +
            "\r\n",
        );
        const cut = double.cutAfterBytes ?? whole.length;
        double.cutAfterBytes = null;
        const out = new Uint8Array(head.length + cut);
        out.set(head);
        out.set(whole.subarray(0, cut), head.length);
        socket.data = { pending: out };
        flush(socket);
      },
      drain: flush,
    },
  });
}

function flush(socket: { data: { pending: Uint8Array }; write(bytes: Uint8Array): number; end(): void }) {
  const written = socket.write(socket.data.pending);
  socket.data.pending = socket.data.pending.subarray(Math.max(0, written));
  if (socket.data.pending.length === 0) socket.end();
}
