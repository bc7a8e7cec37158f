/**
 * @module
 * The Cloud page (/cloud), its track table fragment (/cloud/tracks, for htmx), track deletion and the
 * tus upload endpoint. Filters come in as query parameters, checked by one zod schema; anything out of
 * range answers 400 and changes nothing.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv, SignedInEnv } from "../../context.ts";
import { requireUser } from "../../auth/middleware.ts";
import { ErrorPage } from "../../ui/pages.tsx";
import { renderPage } from "../../ui/render.tsx";
import { CLOUD_ASSETS, cloudAssetRoutes } from "./assets.ts";
import {
  DEFAULT_LIBRARY_QUERY,
  LIBRARY_SORTS,
  libraryGenres,
  type LibraryQuery,
  listLibraryTracks,
  UnknownTrackError,
} from "./library.ts";
import { storageUsage } from "./quota.ts";
import { deleteTrack } from "./tracks.ts";
import { uploadRoutes } from "./upload_routes.ts";
import { CloudPage, Library, StorageBar } from "./views.tsx";
import "./user_data.ts";

const optionalNumber = z.preprocess(
  (value) => (value === "" ? undefined : value),
  z.coerce.number().min(0).max(400).optional(),
);
const optionalText = (max: number) =>
  z.preprocess((value) => (value === "" ? undefined : value), z.string().max(max).optional());

const librarySearch = z.object({
  q: optionalText(200),
  bpmMin: optionalNumber,
  bpmMax: optionalNumber,
  key: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string().regex(/^(1[0-2]|[1-9])[ABab]$/).optional(),
  ),
  genre: optionalText(100),
  compatible: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional(),
  ),
  sort: z.enum(LIBRARY_SORTS).default("added"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

function parseLibraryQuery<E extends AppEnv>(c: Context<E>): LibraryQuery | null {
  const parsed = librarySearch.safeParse(c.req.query());
  if (!parsed.success) return null;
  const value = parsed.data;
  return {
    ...DEFAULT_LIBRARY_QUERY,
    text: value.q,
    bpmMin: value.bpmMin,
    bpmMax: value.bpmMax,
    key: value.key?.toUpperCase(),
    genre: value.genre,
    compatibleWith: value.compatible,
    sort: value.sort,
    direction: value.dir,
    page: value.page,
  };
}

function notFound<E extends AppEnv>(c: Context<E>) {
  return renderPage(c, {
    title: "Track not found",
    status: 404,
    body: ErrorPage({ heading: "Track not found", message: "There is no such track in your library." }),
  });
}

function badFilter<E extends AppEnv>(c: Context<E>) {
  return renderPage(c, {
    title: "Bad filter",
    status: 400,
    body: ErrorPage({
      heading: "Bad filter",
      message: "A filter value is out of range (BPM 0–400, keys 1A–12B).",
    }),
  });
}

/** The table for `query`, or null when it names a track that is not the user's. */
async function libraryFor(c: Context<SignedInEnv>, query: LibraryQuery) {
  const { db } = c.var.deps;
  const userId = c.var.user.id;
  try {
    const [page, genres] = await Promise.all([
      listLibraryTracks(db, userId, query),
      libraryGenres(db, userId),
    ]);
    return { page, genres };
  } catch (error) {
    if (error instanceof UnknownTrackError) return null;
    throw error;
  }
}

async function renderCloudPage(c: Context<SignedInEnv>, query: LibraryQuery) {
  const library = await libraryFor(c, query);
  if (!library) return notFound(c);
  const user = c.var.user;
  const usage = await storageUsage(c.var.deps.db, user.id);
  return renderPage(c, {
    title: "MIXERA Cloud",
    body: (
      <CloudPage
        usage={usage}
        verified={Boolean(user.emailVerifiedAt)}
        query={query}
        scripts={CLOUD_ASSETS}
        {...library}
      />
    ),
  });
}

/** The swapped part: the library section, with the storage bar out of band (deletes change it). */
async function renderLibraryFragment(c: Context<SignedInEnv>, query: LibraryQuery) {
  const library = await libraryFor(c, query);
  if (!library) {
    return c.html(
      ErrorPage({ heading: "Track not found", message: "There is no such track in your library." }),
      404,
    );
  }
  const usage = await storageUsage(c.var.deps.db, c.var.user.id);
  return c.html(
    <>
      <Library query={query} {...library} />
      <StorageBar usage={usage} />
    </>,
  );
}

export const cloudRoutes = new Hono<AppEnv>();
cloudRoutes.route("/", cloudAssetRoutes);
cloudRoutes.route("/", uploadRoutes());

cloudRoutes.get("/cloud", requireUser(), async (c) => {
  const query = parseLibraryQuery(c);
  return query ? await renderCloudPage(c, query) : badFilter(c);
});

cloudRoutes.get("/cloud/tracks", requireUser(), async (c) => {
  const query = parseLibraryQuery(c);
  if (!query) return badFilter(c);
  return c.req.header("hx-request") === "true"
    ? await renderLibraryFragment(c, query)
    : await renderCloudPage(c, query);
});

cloudRoutes.post("/cloud/tracks/:id/delete", requireUser(), async (c) => {
  const deleted = await deleteTrack(c.var.deps, c.var.user.id, c.req.param("id"));
  if (!deleted) return notFound(c);
  if (c.req.header("hx-request") !== "true") return c.redirect("/cloud", 303);
  return await renderLibraryFragment(c, parseLibraryQuery(c) ?? DEFAULT_LIBRARY_QUERY);
});
