/**
 * @module
 * Playlists (/cloud/playlists…), MIXEY AI, the exports (rekordbox XML, m3u8) and Sync Settings. Every
 * route that takes a playlist or track id answers 404 when it is not the user's.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv, SignedInEnv } from "../../context.ts";
import { requireUser } from "../../auth/middleware.ts";
import { parseForm } from "../../http/forms.ts";
import { JsonBodyError, readJsonBody } from "../../http/json_body.ts";
import { readBodyAtMost } from "../../http/read_body.ts";
import { ErrorPage } from "../../ui/pages.tsx";
import { renderPage } from "../../ui/render.tsx";
import { CLOUD_SYNC_MODES } from "../../db/schema/cloud_library.ts";
import { DEFAULT_LIBRARY_QUERY, libraryGenres, listLibraryTracks } from "../cloud/mod.ts";
import { LIBRARY_ASSETS } from "./assets.ts";
import { toM3u8 } from "./m3u8.ts";
import { toRekordboxXml } from "./rekordbox_xml.ts";
import { linkedDevices } from "./linked_devices.ts";
import { planSet } from "./mixey/planner.ts";
import { MAX_PROMPT_CHARS, readSetRequest } from "./mixey/read_request.ts";
import { PlaylistPage, PlaylistsPage } from "./playlist_pages.tsx";
import {
  addTrackToPlaylist,
  createPlaylist,
  deletePlaylist,
  findPlaylist,
  listPlaylists,
  MAX_PLAYLIST_NAME,
  MAX_PLAYLIST_TRACKS,
  moveTrackInPlaylist,
  PlaylistLimitError,
  playlistTrackIds,
  removeTrackFromPlaylist,
  renamePlaylist,
  setPlaylistOrder,
  setPlaylistSynced,
} from "./playlists.ts";
import { setSyncMode, syncMode, tracksToSync } from "./sync_settings.ts";
import { SyncPage } from "./sync_page.tsx";
import { allTrackDetails, tracksDetails } from "./track_details.ts";

function notFound<E extends AppEnv>(c: Context<E>, what = "Playlist") {
  return renderPage(c, {
    title: `${what} not found`,
    status: 404,
    body: ErrorPage({
      heading: `${what} not found`,
      message: `There is no such ${what.toLowerCase()} in your library.`,
    }),
  });
}

async function showPlaylists<E extends AppEnv>(
  c: Context<E>,
  extra: {
    prompt?: string;
    diagonals?: boolean;
    plan?: Parameters<typeof PlaylistsPage>[0]["plan"];
    error?: string;
  } = {},
  status = 200,
) {
  const playlists = await listPlaylists(c.var.deps.db, c.var.user.id);
  return renderPage(c, {
    title: "Playlists",
    status: status as 200,
    body: <PlaylistsPage playlists={playlists} assets={LIBRARY_ASSETS} {...extra} />,
  });
}

async function showPlaylist(c: Context<SignedInEnv>, playlistId: string, error?: string, status = 200) {
  const { db } = c.var.deps;
  const userId = c.var.user.id;
  const summary = (await listPlaylists(db, userId)).find((playlist) => playlist.id === playlistId);
  if (!summary) return notFound(c);
  const ids = await playlistTrackIds(db, playlistId);
  const tracks = await tracksDetails(db, userId, ids);
  const search = (c.req.query("q") ?? "").slice(0, 200);
  const inList = new Set(ids);
  const page = await listLibraryTracks(db, userId, {
    ...DEFAULT_LIBRARY_QUERY,
    text: search || undefined,
    pageSize: 20,
  });
  const candidates = page.rows.filter((row) => !inList.has(row.id));
  return renderPage(c, {
    title: summary.name,
    status: status as 200,
    body: (
      <PlaylistPage
        playlist={summary}
        tracks={tracks}
        candidates={candidates}
        search={search}
        assets={LIBRARY_ASSETS}
        error={error}
      />
    ),
  });
}

/** An export download: the file name from the playlist name, never a path. */
function download<E extends AppEnv>(c: Context<E>, body: string, name: string, extension: "xml" | "m3u8") {
  const base = name.replace(/[^\p{L}\p{N} ._-]+/gu, "_").trim().slice(0, 80) || "playlist";
  return c.body(body, 200, {
    "Content-Type": extension === "xml" ? "application/xml; charset=utf-8" : "audio/x-mpegurl; charset=utf-8",
    "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(`${base}.${extension}`)}`,
    "Cache-Control": "private, no-store",
  });
}

const idPattern = /^[A-Za-z0-9-]{1,64}$/;
const nameForm = z.object({
  name: z.string().trim().min(1, "A playlist needs a name.").max(MAX_PLAYLIST_NAME),
});
const createForm = nameForm.extend({
  trackIds: z.string().max(20_000).optional().transform((value) =>
    (value ?? "").split(",").map((id) => id.trim()).filter((id) => idPattern.test(id))
  ),
});
const trackForm = z.object({ trackId: z.string().regex(idPattern) });
const addForm = trackForm.extend({ playlistId: z.string().regex(idPattern) });
const moveForm = z.object({ step: z.enum(["up", "down"]) });
const mixeyForm = z.object({
  prompt: z.string().trim().min(1, "Describe the set first.").max(MAX_PROMPT_CHARS),
  diagonals: z.literal("on").optional(),
});

export const playlistRoutes = new Hono<AppEnv>();

playlistRoutes.get("/cloud/playlists", requireUser(), (c) => showPlaylists(c));

playlistRoutes.post("/cloud/playlists", requireUser(), async (c) => {
  const form = await parseForm(c, createForm);
  if (!form.ok) return await showPlaylists(c, { error: Object.values(form.errors)[0] }, 422);
  try {
    const playlist = await createPlaylist(c.var.deps.db, c.var.user.id, form.data.name, form.data.trackIds);
    return c.redirect(`/cloud/playlists/${playlist.id}`, 303);
  } catch (error) {
    if (error instanceof PlaylistLimitError || error instanceof RangeError) {
      return await showPlaylists(c, { error: error.message }, 422);
    }
    throw error;
  }
});

playlistRoutes.post("/cloud/playlists/mixey", requireUser(), async (c) => {
  const form = await parseForm(c, mixeyForm);
  if (!form.ok) return await showPlaylists(c, { error: Object.values(form.errors)[0] }, 422);
  const { db } = c.var.deps;
  const userId = c.var.user.id;
  const request = readSetRequest(form.data.prompt, await libraryGenres(db, userId));
  const diagonals = form.data.diagonals === "on";
  const plan = planSet(request, await allTrackDetails(db, userId), { diagonals });
  return await showPlaylists(c, { prompt: form.data.prompt, diagonals, plan });
});

/** The track page's "Add to a playlist". */
playlistRoutes.post("/cloud/playlists/add-track", requireUser(), async (c) => {
  const form = await parseForm(c, addForm);
  if (!form.ok) return notFound(c);
  const added = await addTrackToPlaylist(
    c.var.deps.db,
    c.var.user.id,
    form.data.playlistId,
    form.data.trackId,
  )
    .catch((error) => {
      if (error instanceof PlaylistLimitError) return false;
      throw error;
    });
  if (!added) return notFound(c);
  return c.redirect(`/cloud/playlists/${form.data.playlistId}`, 303);
});

playlistRoutes.get("/cloud/playlists/:id", requireUser(), (c) => showPlaylist(c, c.req.param("id")));

playlistRoutes.post("/cloud/playlists/:id/rename", requireUser(), async (c) => {
  const id = c.req.param("id");
  if (!(await findPlaylist(c.var.deps.db, c.var.user.id, id))) return notFound(c);
  const form = await parseForm(c, nameForm);
  if (!form.ok) return await showPlaylist(c, id, Object.values(form.errors)[0], 422);
  await renamePlaylist(c.var.deps.db, c.var.user.id, id, form.data.name);
  return c.redirect(`/cloud/playlists/${id}`, 303);
});

playlistRoutes.post("/cloud/playlists/:id/delete", requireUser(), async (c) => {
  if (!(await deletePlaylist(c.var.deps.db, c.var.user.id, c.req.param("id")))) return notFound(c);
  return c.redirect("/cloud/playlists", 303);
});

playlistRoutes.post("/cloud/playlists/:id/tracks", requireUser(), async (c) => {
  const id = c.req.param("id");
  const { db } = c.var.deps;
  const userId = c.var.user.id;
  if (!(await findPlaylist(db, userId, id))) return notFound(c);
  const form = await parseForm(c, trackForm);
  if (!form.ok) return notFound(c, "Track");
  try {
    if (!(await addTrackToPlaylist(db, userId, id, form.data.trackId))) return notFound(c, "Track");
  } catch (error) {
    if (error instanceof PlaylistLimitError) return await showPlaylist(c, id, error.message, 422);
    throw error;
  }
  return c.redirect(`/cloud/playlists/${id}`, 303);
});

playlistRoutes.post("/cloud/playlists/:id/tracks/:trackId/remove", requireUser(), async (c) => {
  const { id, trackId } = c.req.param();
  if (!(await findPlaylist(c.var.deps.db, c.var.user.id, id))) return notFound(c);
  if (!(await removeTrackFromPlaylist(c.var.deps.db, c.var.user.id, id, trackId))) {
    return notFound(c, "Track");
  }
  return c.redirect(`/cloud/playlists/${id}`, 303);
});

playlistRoutes.post("/cloud/playlists/:id/tracks/:trackId/move", requireUser(), async (c) => {
  const { id, trackId } = c.req.param();
  const { db } = c.var.deps;
  const userId = c.var.user.id;
  if (!(await findPlaylist(db, userId, id))) return notFound(c);
  const form = await parseForm(c, moveForm);
  if (!form.ok) return await showPlaylist(c, id, "Move a track up or down.", 422);
  if (!(await moveTrackInPlaylist(db, userId, id, trackId, form.data.step === "up" ? -1 : 1))) {
    return notFound(c, "Track");
  }
  return c.redirect(`/cloud/playlists/${id}`, 303);
});

const orderBody = z.object({ trackIds: z.array(z.string().regex(idPattern)).max(MAX_PLAYLIST_TRACKS) })
  .strict();

/** The whole order at once as JSON (`{ trackIds }`), for drag and drop; ids not the user's are left out. */
playlistRoutes.put("/cloud/playlists/:id/order", requireUser(), async (c) => {
  const { db } = c.var.deps;
  const userId = c.var.user.id;
  const id = c.req.param("id");
  if (!(await findPlaylist(db, userId, id))) return c.json({ error: "not found" }, 404);
  let body: unknown;
  try {
    body = await readJsonBody(c.req.raw, 128 * 1024);
  } catch (error) {
    if (error instanceof JsonBodyError) return c.json({ error: error.message }, error.status);
    throw error;
  }
  const order = orderBody.safeParse(body);
  if (!order.success) return c.json({ error: order.error.issues[0].message }, 400);
  await setPlaylistOrder(db, userId, id, order.data.trackIds);
  return c.json({ trackIds: await playlistTrackIds(db, id) });
});

for (const extension of ["xml", "m3u8"] as const) {
  playlistRoutes.get(`/cloud/playlists/:id/export.${extension}`, requireUser(), async (c) => {
    const { db } = c.var.deps;
    const userId = c.var.user.id;
    const playlist = await findPlaylist(db, userId, c.req.param("id"));
    if (!playlist) return notFound(c);
    const trackIds = await playlistTrackIds(db, playlist.id);
    const tracks = await tracksDetails(db, userId, trackIds);
    const body = extension === "xml"
      ? toRekordboxXml(tracks, [{ name: playlist.name, trackIds }])
      : toM3u8(playlist.name, tracks);
    return download(c, body, playlist.name, extension);
  });

  playlistRoutes.get(`/cloud/export/library.${extension}`, requireUser(), async (c) => {
    const { db } = c.var.deps;
    const userId = c.var.user.id;
    const tracks = await allTrackDetails(db, userId);
    if (extension === "m3u8") return download(c, toM3u8("MIXERA Cloud", tracks), "MIXERA Cloud", extension);
    const playlists = await Promise.all(
      (await listPlaylists(db, userId)).map(async (playlist) => ({
        name: playlist.name,
        trackIds: await playlistTrackIds(db, playlist.id),
      })),
    );
    return download(c, toRekordboxXml(tracks, playlists), "MIXERA Cloud", extension);
  });
}

async function showSync(c: Context<SignedInEnv>, saved: boolean) {
  const { db } = c.var.deps;
  const userId = c.var.user.id;
  const [mode, playlists, devices, synced] = await Promise.all([
    syncMode(db, userId),
    listPlaylists(db, userId),
    linkedDevices(db, userId),
    tracksToSync(db, userId),
  ]);
  return renderPage(c, {
    title: "Sync Settings",
    body: (
      <SyncPage
        mode={mode}
        playlists={playlists}
        devices={devices}
        syncedTracks={synced.length}
        assets={LIBRARY_ASSETS}
        saved={saved}
      />
    ),
  });
}

playlistRoutes.get("/cloud/sync", requireUser(), (c) => showSync(c, c.req.query("saved") === "1"));

/** The form repeats `playlist` once per ticked box, so it is read as a list (not last-value-wins). */
playlistRoutes.post("/cloud/sync", requireUser(), async (c) => {
  const bytes = await readBodyAtMost(c.req.raw, 64 * 1024);
  if (!bytes) return c.text("The form is too large.", 413);
  const form = new URLSearchParams(new TextDecoder().decode(bytes));
  const mode = z.enum(CLOUD_SYNC_MODES).safeParse(form.get("mode"));
  if (!mode.success) return c.text("Choose all tracks or chosen playlists.", 400);
  const chosen = new Set(form.getAll("playlist"));
  const { db } = c.var.deps;
  const userId = c.var.user.id;
  await setSyncMode(db, userId, mode.data);
  for (const playlist of await listPlaylists(db, userId)) {
    const synced = chosen.has(playlist.id);
    if (synced !== playlist.syncToDevices) await setPlaylistSynced(db, userId, playlist.id, synced);
  }
  return c.redirect("/cloud/sync?saved=1", 303);
});
