/** @module Routes of the Profile page and of the public profile picture URL. */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv, SignedInEnv } from "../../context.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { requireUser, requireVerified } from "../../auth/middleware.ts";
import { enforceRateLimits } from "../../http/too_many_requests.ts";
import type { RateLimit } from "../../security/rate_limit.ts";
import { parseForm } from "../../http/forms.ts";
import { renderPage } from "../../ui/render.tsx";
import { displayNameSchema } from "../auth/mod.ts";
import { MAX_PICTURE_BYTES } from "./picture.ts";
import { profilePictures } from "./picture_pool.ts";
import {
  readPictureByMixeraId,
  removeProfilePicture,
  replaceProfilePicture,
  updateDisplayName,
} from "./service.ts";
import { readUploadForm } from "./upload.ts";
import { ProfilePage } from "./views.tsx";
import { findApplication, hasPreviewAccess, PreviewStatePanel, reapplyAllowedAt } from "../preview/mod.ts";
import { cloudAccessEnabled, CloudAccessPanel } from "../devices/mod.ts";
import { leaderboardProfileBlock } from "../leaderboard/mod.ts";

/** Fixed messages for `?notice=`, so no text from the URL is echoed into the page. */
const NOTICES: Record<string, string> = {
  "name-saved": "Your display name was saved.",
  "picture-saved": "Your profile picture was updated.",
  "picture-removed": "Your profile picture was removed.",
};

const nameSchema = z.object({ displayName: displayNameSchema });

/** The Preview Program (or Admin Access), MIXERA Cloud and Badges & Leaderboard blocks, from their own areas. */
async function profileBlocks(c: Context<SignedInEnv>) {
  const { db, clock } = c.var.deps;
  const user = c.var.user;
  const application = await findApplication(db, user.id);
  return (
    <>
      <PreviewStatePanel
        user={user}
        application={application}
        reapplyAt={reapplyAllowedAt(application, clock.now())}
        showForm={false}
      />
      <CloudAccessPanel enabled={await cloudAccessEnabled(db, user.id)} />
      {await hasPreviewAccess(db, user) ? await leaderboardProfileBlock(db, user.id) : null}
    </>
  );
}

/** Uploads per account; each one costs a worker up to a second of decoding. */
export const PICTURE_UPLOADS_PER_USER: RateLimit = { limit: 20, windowMs: 60 * 60 * 1000 };

async function showProfile(
  c: Context<SignedInEnv>,
  options: { values?: Record<string, string>; errors?: Record<string, string>; status?: 200 | 413 | 422 } =
    {},
) {
  return renderPage(c, {
    title: "Profile",
    status: options.status ?? 200,
    body: (
      <ProfilePage
        user={c.var.user}
        values={options.values}
        errors={options.errors}
        notice={NOTICES[c.req.query("notice") ?? ""]}
        blocks={await profileBlocks(c)}
      />
    ),
  });
}

/** The Profile page and its forms, for the signed-in user. */
const profilePageRoutes = guardedRoutes("/profile", requireUser());

profilePageRoutes.get("/profile", (c) => showProfile(c));

profilePageRoutes.post("/profile/name", async (c) => {
  const form = await parseForm(c, nameSchema);
  if (!form.ok) {
    return showProfile(c, { values: form.values, errors: form.errors, status: form.tooLarge ? 413 : 422 });
  }
  await updateDisplayName(c.var.deps.db, c.var.user.id, form.data.displayName);
  return c.redirect("/profile?notice=name-saved", 303);
});

/** Picture uploads are the portal's most expensive request; verified accounts only, and not many. */
profilePageRoutes.post("/profile/picture", requireVerified(), async (c) => {
  await enforceRateLimits(c, [[`picture:user:${c.var.user.id}`, PICTURE_UPLOADS_PER_USER]]);
  const upload = await readUploadForm(c.req.raw, MAX_PICTURE_BYTES);
  if (!upload.ok) {
    const message = upload.reason === "too_large"
      ? "The picture must be 5 MB or smaller."
      : "Choose an image file to upload.";
    return showProfile(c, {
      errors: { picture: message },
      status: upload.reason === "too_large" ? 413 : 422,
    });
  }
  const file = upload.form.get("picture");
  if (!(file instanceof File)) {
    return showProfile(c, { errors: { picture: "Choose an image file to upload." }, status: 422 });
  }
  const picture = await profilePictures.normalize(new Uint8Array(await file.arrayBuffer()));
  if ("problem" in picture) return showProfile(c, { errors: { picture: picture.problem }, status: 422 });
  await replaceProfilePicture(c.var.deps, c.var.user, picture);
  return c.redirect("/profile?notice=picture-saved", 303);
});

profilePageRoutes.post("/profile/picture/delete", async (c) => {
  await removeProfilePicture(c.var.deps, c.var.user);
  return c.redirect("/profile?notice=picture-removed", 303);
});

export const profileRoutes = new Hono<AppEnv>();
profileRoutes.route("/", profilePageRoutes);

/**
 * Public on purpose: apps that use "Login with Mixera ID" receive this URL as `profilePicture` and load
 * it without the user's cookie. The bytes are our own re-encoding, never the upload.
 */
profileRoutes.get("/users/:mixeraId/picture", async (c) => {
  const mixeraId = c.req.param("mixeraId");
  if (!/^MXR-[A-Z0-9]{8}$/.test(mixeraId)) return c.notFound();
  const picture = await readPictureByMixeraId(c.var.deps, mixeraId);
  if (!picture) return c.notFound();
  return c.body(picture.bytes.slice().buffer, 200, {
    "Content-Type": picture.contentType,
    "Content-Disposition": "inline",
    "Cache-Control": "public, max-age=300",
    "Cross-Origin-Resource-Policy": "cross-origin",
  });
});
