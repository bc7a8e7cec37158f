/** @module Routes of the admin area. Every route sits behind requireAdmin. */
import type { Context } from "hono";
import { z } from "zod";
import type { SignedInEnv } from "../../context.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { requireAdmin } from "../../auth/middleware.ts";
import { parseForm } from "../../http/forms.ts";
import { renderErrorPage, renderPage } from "../../ui/render.tsx";
import { disableAccount, enableAccount, findUserById, searchUsers } from "./service.ts";
import { AdminPage } from "./views.tsx";

/** Fixed messages for `?notice=`, so no text from the URL is echoed into the page. */
const NOTICES: Record<string, { kind: "success" | "error"; text: string }> = {
  disabled: { kind: "success", text: "The account was disabled and signed out everywhere." },
  enabled: { kind: "success", text: "The account was re-enabled. Its owner can sign in again." },
};

const listQuerySchema = z.object({
  q: z.string().max(200, { error: "Search for at most 200 characters." }).default(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

const actionFormSchema = z.object({ q: z.string().max(200).catch("") });

async function showAdmin(
  c: Context<SignedInEnv>,
  { query, page, queryError }: { query: string; page: number; queryError?: string },
) {
  const { users, total } = await searchUsers(c.var.deps.db, queryError ? "" : query, page);
  return renderPage(c, {
    title: "Admin",
    status: queryError ? 422 : 200,
    body: (
      <AdminPage
        users={users}
        total={total}
        query={query}
        page={page}
        selfId={c.var.user.id}
        queryError={queryError}
        notice={NOTICES[c.req.query("notice") ?? ""]}
      />
    ),
  });
}

function accountNotFound(c: Context<SignedInEnv>) {
  return renderErrorPage(c, 404, {
    heading: "Account not found",
    message: "There is no such account.",
    action: { href: "/admin", label: "Back to Admin" },
  });
}

function backToList(query: string, notice: string): string {
  return `/admin?${new URLSearchParams(query ? { q: query, notice } : { notice })}`;
}

export const adminRoutes = guardedRoutes("/admin", requireAdmin());

adminRoutes.get("/admin", (c) => {
  const parsed = listQuerySchema.safeParse({ q: c.req.query("q"), page: c.req.query("page") });
  if (!parsed.success) {
    return showAdmin(c, {
      query: (c.req.query("q") ?? "").slice(0, 200),
      page: 1,
      queryError: parsed.error.issues[0].message,
    });
  }
  return showAdmin(c, { query: parsed.data.q, page: parsed.data.page });
});

adminRoutes.post("/admin/users/:id/disable", async (c) => {
  const { db, clock } = c.var.deps;
  const target = await findUserById(db, c.req.param("id"));
  if (!target) return accountNotFound(c);
  const form = await parseForm(c, actionFormSchema);
  const query = form.ok ? form.data.q : "";
  // An admin who disabled themselves would be locked out with nobody left to undo it.
  if (target.id === c.var.user.id) {
    return renderErrorPage(c, 422, {
      heading: "You cannot disable your own account",
      message: "Ask another administrator, or use Danger Zone to delete your account.",
      action: { href: "/admin", label: "Back to Admin" },
      title: "Not possible",
    });
  }
  await disableAccount(db, target.id, clock.now());
  return c.redirect(backToList(query, "disabled"), 303);
});

adminRoutes.post("/admin/users/:id/enable", async (c) => {
  const { db } = c.var.deps;
  const target = await findUserById(db, c.req.param("id"));
  if (!target) return accountNotFound(c);
  const form = await parseForm(c, actionFormSchema);
  await enableAccount(db, target.id);
  return c.redirect(backToList(form.ok ? form.data.q : "", "enabled"), 303);
});
