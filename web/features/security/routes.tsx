/** @module Routes of the Security page: change password, list and revoke sessions. */
import type { Context } from "hono";
import { z } from "zod";
import type { SignedInEnv } from "../../context.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { requireUser } from "../../auth/middleware.ts";
import { newPasswordSchema, verifyPassword } from "../../auth/password.ts";
import { invalidateAllSessions, invalidateUserSession, listSessions } from "../../auth/session.ts";
import { parseForm } from "../../http/forms.ts";
import { enforceRateLimits } from "../../http/too_many_requests.ts";
import { renderErrorPage, renderPage } from "../../ui/render.tsx";
import { LIMITS, setPassword } from "../auth/mod.ts";
import { revokeAllOAuthAccessOfUser } from "../oauth/mod.ts";
import { RevokedRow, SecurityPage } from "./views.tsx";

/** Fixed messages for `?notice=`, so no text from the URL is echoed into the page. */
const NOTICES: Record<string, string> = {
  "password-changed": "Your password was changed. Every other session was signed out.",
  "session-revoked": "The session was ended.",
  "others-revoked": "All other sessions were signed out.",
};

const changePasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password." }).min(1, {
    error: "Enter your current password.",
  }),
  newPassword: newPasswordSchema,
});

async function showSecurityPage(
  c: Context<SignedInEnv>,
  options: { errors?: Record<string, string>; notice?: string; status?: 200 | 413 | 422 } = {},
) {
  const { db, clock } = c.var.deps;
  const user = c.var.user;
  const sessions = await listSessions(db, user.id, clock.now());
  return renderPage(c, {
    title: "Security",
    status: options.status ?? 200,
    body: (
      <SecurityPage
        sessions={sessions}
        currentId={c.var.session.id}
        errors={options.errors}
        notice={options.notice}
      />
    ),
  });
}

export const securityRoutes = guardedRoutes("/security", requireUser());

securityRoutes.get("/security", (c) => showSecurityPage(c, { notice: NOTICES[c.req.query("notice") ?? ""] }));

securityRoutes.post("/security/password", async (c) => {
  const { db, clock } = c.var.deps;
  const user = c.var.user;
  const form = await parseForm(c, changePasswordSchema);
  if (!form.ok) return showSecurityPage(c, { errors: form.errors, status: form.tooLarge ? 413 : 422 });
  await enforceRateLimits(c, [[`password-change:user:${user.id}`, LIMITS.passwordChangePerUser]]);
  if (!(await verifyPassword(user.passwordHash, form.data.currentPassword))) {
    return showSecurityPage(c, {
      errors: { currentPassword: "That is not your current password." },
      status: 422,
    });
  }
  await setPassword(db, user.id, form.data.newPassword);
  await invalidateAllSessions(db, user.id, c.var.session.id);
  await revokeAllOAuthAccessOfUser(db, user.id, clock.now());
  return c.redirect("/security?notice=password-changed", 303);
});

securityRoutes.post("/security/sessions/revoke-others", async (c) => {
  await invalidateAllSessions(c.var.deps.db, c.var.user.id, c.var.session.id);
  return c.redirect("/security?notice=others-revoked", 303);
});

securityRoutes.post("/security/sessions/:id/revoke", async (c) => {
  const sessionId = c.req.param("id");
  const notFound = () =>
    renderErrorPage(c, 404, {
      heading: "Session not found",
      message: "There is no such session on your account.",
      action: { href: "/security", label: "Back to Security" },
    });
  // The current session is ended by signing out, which also clears the cookie.
  if (sessionId === c.var.session.id) return notFound();
  if (!(await invalidateUserSession(c.var.deps.db, c.var.user.id, sessionId))) return notFound();
  if (c.req.header("hx-request") === "true") return c.html(<RevokedRow />);
  return c.redirect("/security?notice=session-revoked", 303);
});
