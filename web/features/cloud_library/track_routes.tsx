/**
 * @module
 * The track page (/cloud/tracks/:id): waveform and playback, tag editing, cue points and loops. The
 * audio is served with HTTP range requests (the browser's media element seeks by asking for byte
 * ranges), the waveform peaks as JSON. Every route answers 404 for a track that is not the user's.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv, SignedInEnv } from "../../context.ts";
import { requireUser } from "../../auth/middleware.ts";
import { parseForm } from "../../http/forms.ts";
import { JsonBodyError, readJsonBody } from "../../http/json_body.ts";
import { serveObject } from "../../http/serve_object.ts";
import { CONTENT_SECURITY_POLICY } from "../../security/headers.ts";
import { ErrorPage } from "../../ui/pages.tsx";
import { renderPage } from "../../ui/render.tsx";
import { analysisOf } from "../analysis/mod.ts";
import {
  CuePointSchema,
  LoopSchema,
  MAX_CUE_POINTS,
  MAX_LOOPS,
  type TrackMarks,
  TrackMarksSchema,
} from "../../../shared/cloud/track_marks.ts";
import { listPlaylists } from "./playlists.ts";
import { saveTrackMarks, trackDetails, TrackTagsSchema, updateTrackTags } from "./track_details.ts";
import { TrackPage } from "./track_page.tsx";
import { LIBRARY_ASSETS } from "./assets.ts";

const MAX_MARKS_JSON_BYTES = 32 * 1024;

function trackNotFound<E extends AppEnv>(c: Context<E>) {
  return renderPage(c, {
    title: "Track not found",
    status: 404,
    body: ErrorPage({ heading: "Track not found", message: "There is no such track in your library." }),
  });
}

/** A nonce for the styles wavesurfer.js puts into its shadow DOM (the CSP allows no other inline style). */
function styleNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

async function showTrack<E extends AppEnv>(
  c: Context<E>,
  notice?: { kind: "error" | "success"; text: string },
  status = 200,
) {
  const { db } = c.var.deps;
  const userId = c.var.user.id;
  const track = await trackDetails(db, userId, c.req.param("id")!);
  if (!track) return trackNotFound(c);
  const playlists = await listPlaylists(db, userId);
  const nonce = styleNonce();
  c.header(
    "Content-Security-Policy",
    CONTENT_SECURITY_POLICY.replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`),
  );
  return renderPage(c, {
    title: track.title,
    status: status as 200,
    body: (
      <TrackPage track={track} playlists={playlists} nonce={nonce} assets={LIBRARY_ASSETS} notice={notice} />
    ),
  });
}

/** Applies `change` to the track's marks and saves them, or re-renders with the reason it could not. */
async function changeMarks(c: Context<SignedInEnv>, change: (marks: TrackMarks) => TrackMarks | string) {
  const { db } = c.var.deps;
  const userId = c.var.user.id;
  const id = c.req.param("id")!;
  const track = await trackDetails(db, userId, id);
  if (!track) return trackNotFound(c);
  const next = change(track.marks);
  if (typeof next === "string") return await showTrack(c, { kind: "error", text: next }, 422);
  const checked = TrackMarksSchema.safeParse(next);
  if (!checked.success) {
    return await showTrack(c, { kind: "error", text: checked.error.issues[0].message }, 422);
  }
  await saveTrackMarks(db, userId, id, checked.data);
  return c.redirect(`/cloud/tracks/${id}`, 303);
}

const secondsField = z.coerce.number().finite().min(0);
const nameField = z.string().trim().max(64).optional().transform((value) => value || undefined);
const cueForm = z.object({ time: secondsField, name: nameField });
const loopForm = z.object({ start: secondsField, end: secondsField, name: nameField });
const indexParam = z.coerce.number().int().min(0).max(1000);

export const trackRoutes = new Hono<AppEnv>();

trackRoutes.get("/cloud/tracks/:id", requireUser(), (c) => showTrack(c));

trackRoutes.get("/cloud/tracks/:id/audio", requireUser(), async (c) => {
  const { db, storage } = c.var.deps;
  const track = await trackDetails(db, c.var.user.id, c.req.param("id"));
  const served = track && await serveObject(c.req.raw, storage, {
    key: track.storageKey,
    contentType: track.storageType,
    cacheControl: "private, max-age=3600",
    attachmentName: c.req.query("download") === "1" ? track.originalFilename : undefined,
  });
  return served || c.text("Not found", 404);
});

trackRoutes.get("/cloud/tracks/:id/peaks.json", requireUser(), async (c) => {
  const { db } = c.var.deps;
  const track = await trackDetails(db, c.var.user.id, c.req.param("id"));
  if (!track) return c.json({ error: "not found" }, 404);
  const analysis = await analysisOf(db, track.id);
  if (!analysis) return c.json({ error: "the track is not analysed yet" }, 404);
  return c.json(
    {
      durationSeconds: analysis.durationSeconds,
      pointsPerSecond: analysis.waveform.pointsPerSecond,
      peaks: analysis.waveform.peaks,
    },
    200,
    { "Cache-Control": "private, max-age=3600" },
  );
});

trackRoutes.post("/cloud/tracks/:id/tags", requireUser(), async (c) => {
  const { db } = c.var.deps;
  const userId = c.var.user.id;
  const id = c.req.param("id");
  if (!(await trackDetails(db, userId, id))) return trackNotFound(c);
  const form = await parseForm(c, TrackTagsSchema);
  if (!form.ok) return await showTrack(c, { kind: "error", text: Object.values(form.errors)[0] }, 422);
  await updateTrackTags(db, userId, id, form.data);
  return c.redirect(`/cloud/tracks/${id}`, 303);
});

trackRoutes.post("/cloud/tracks/:id/cues", requireUser(), async (c) => {
  const form = await parseForm(c, cueForm);
  return await changeMarks(c, (marks) => {
    if (!form.ok) return `Cue point: ${Object.values(form.errors)[0]}`;
    if (marks.cuePoints.length >= MAX_CUE_POINTS) return `A track has at most ${MAX_CUE_POINTS} cue points.`;
    const cue = CuePointSchema.safeParse(form.data);
    if (!cue.success) return `Cue point: ${cue.error.issues[0].message}`;
    return { ...marks, cuePoints: [...marks.cuePoints, cue.data] };
  });
});

trackRoutes.post("/cloud/tracks/:id/loops", requireUser(), async (c) => {
  const form = await parseForm(c, loopForm);
  return await changeMarks(c, (marks) => {
    if (!form.ok) return `Loop: ${Object.values(form.errors)[0]}`;
    if (marks.loops.length >= MAX_LOOPS) return `A track has at most ${MAX_LOOPS} loops.`;
    const loop = LoopSchema.safeParse(form.data);
    if (!loop.success) return `Loop: ${loop.error.issues[0].message}`;
    return { ...marks, loops: [...marks.loops, loop.data] };
  });
});

for (const kind of ["cues", "loops"] as const) {
  trackRoutes.post(`/cloud/tracks/:id/${kind}/:index/delete`, requireUser(), async (c) => {
    const index = indexParam.safeParse(c.req.param("index"));
    return await changeMarks(c, (marks) => {
      const list = kind === "cues" ? marks.cuePoints : marks.loops;
      if (!index.success || index.data >= list.length) return "There is no such mark.";
      return kind === "cues"
        ? { ...marks, cuePoints: marks.cuePoints.filter((_, i) => i !== index.data) }
        : { ...marks, loops: marks.loops.filter((_, i) => i !== index.data) };
    });
  });
}

/** The marks as JSON in the device API's shapes, and their wholesale replacement. */
trackRoutes.get("/cloud/tracks/:id/marks", requireUser(), async (c) => {
  const track = await trackDetails(c.var.deps.db, c.var.user.id, c.req.param("id"));
  if (!track) return c.json({ error: "not found" }, 404);
  return c.json(track.marks);
});

trackRoutes.put("/cloud/tracks/:id/marks", requireUser(), async (c) => {
  const { db } = c.var.deps;
  const userId = c.var.user.id;
  const id = c.req.param("id");
  if (!(await trackDetails(db, userId, id))) return c.json({ error: "not found" }, 404);
  let body: unknown;
  try {
    body = await readJsonBody(c.req.raw, MAX_MARKS_JSON_BYTES);
  } catch (error) {
    if (error instanceof JsonBodyError) return c.json({ error: error.message }, error.status);
    throw error;
  }
  const marks = TrackMarksSchema.safeParse(body);
  if (!marks.success) return c.json({ error: marks.error.issues[0].message }, 400);
  await saveTrackMarks(db, userId, id, marks.data);
  return c.json((await trackDetails(db, userId, id))!.marks);
});
