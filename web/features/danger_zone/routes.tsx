/** @module Routes of the Danger Zone: export the account's data, delete the account. */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv, SignedInEnv } from "../../context.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { requireUser } from "../../auth/middleware.ts";
import { verifyPassword } from "../../auth/password.ts";
import { deleteSessionCookie } from "../../auth/session.ts";
import { deleteDeviceCookie } from "../../auth/device_cookie.ts";
import { parseForm } from "../../http/forms.ts";
import { enforceRateLimits } from "../../http/too_many_requests.ts";
import type { RateLimit } from "../../security/rate_limit.ts";
import { renderPage } from "../../ui/render.tsx";
import { exportDisposition } from "./export_document.ts";
import { deleteAccount, exportUserData } from "./service.ts";
import { AccountDeletedPage, DangerZonePage } from "./views.tsx";

const MINUTE = 60 * 1000;
/** Exports read every table; a handful per hour is plenty for a person. */
const EXPORTS_PER_USER: RateLimit = { limit: 10, windowMs: 60 * MINUTE };
/** Password guesses through the delete form, like those on the Security page. */
const DELETE_ATTEMPTS_PER_USER: RateLimit = { limit: 10, windowMs: 15 * MINUTE };

const deleteSchema = z.object({
  password: z.string({ error: "Enter your password." }).min(1, { error: "Enter your password." }),
});

function showDangerZone(
  c: Context<SignedInEnv>,
  errors?: Record<string, string>,
  status: 200 | 413 | 422 = 200,
) {
  return renderPage(c, { title: "Danger Zone", status, body: <DangerZonePage errors={errors} /> });
}

/** The Danger Zone page and its forms, for the signed-in user. */
const accountRoutes = guardedRoutes("/danger-zone", requireUser());

accountRoutes.get("/danger-zone", (c) => showDangerZone(c));

// A POST, so the portal's CSRF check refuses it from other sites: a cross-site link or image cannot
// start an export and use up the quota.
accountRoutes.post("/danger-zone/export", async (c) => {
  const user = c.var.user;
  await enforceRateLimits(c, [[`export:user:${user.id}`, EXPORTS_PER_USER]]);
  const document = await exportUserData(c.var.deps, user);
  return c.body(JSON.stringify(document, null, 2), 200, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Disposition": exportDisposition(document),
    "Cache-Control": "no-store",
  });
});

accountRoutes.post("/danger-zone/delete", async (c) => {
  const user = c.var.user;
  const form = await parseForm(c, deleteSchema);
  if (!form.ok) return showDangerZone(c, form.errors, form.tooLarge ? 413 : 422);
  await enforceRateLimits(c, [[`delete-account:user:${user.id}`, DELETE_ATTEMPTS_PER_USER]]);
  if (!(await verifyPassword(user.passwordHash, form.data.password))) {
    return showDangerZone(c, { password: "That is not your password. Your account was not deleted." }, 422);
  }
  await deleteAccount(c.var.deps, user);
  deleteSessionCookie(c);
  deleteDeviceCookie(c);
  return c.redirect("/account-deleted", 303);
});

export const dangerZoneRoutes = new Hono<AppEnv>();
dangerZoneRoutes.route("/", accountRoutes);

dangerZoneRoutes.get("/account-deleted", (c) => {
  if (c.var.user) return c.redirect("/danger-zone", 303);
  return renderPage(c, { title: "Account deleted", variant: "card", body: <AccountDeletedPage /> });
});
