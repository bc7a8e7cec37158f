/**
 * @module
 * The admin switch for "skip the analysis queue" (MIXERA Pro's perk until plans grant it):
 * `POST /admin/users/:id/analysis-queue` with `skip=1` or `skip=0`.
 */
import { Hono } from "hono";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { AppEnv } from "../../context.ts";
import { requireAdmin } from "../../auth/middleware.ts";
import { users } from "../../db/schema/users.ts";
import { parseForm } from "../../http/forms.ts";
import { renderPage } from "../../ui/render.tsx";
import { ErrorPage } from "../../ui/pages.tsx";
import { setSkipsQueue } from "./priority.ts";

const skipFormSchema = z.object({ skip: z.enum(["0", "1"], { error: "Send skip=1 or skip=0." }) });

export const analysisAdminRoutes = new Hono<AppEnv>();

analysisAdminRoutes.post("/admin/users/:id/analysis-queue", requireAdmin(), async (c) => {
  const { db, clock } = c.var.deps;
  const [target] = await db.select({ id: users.id }).from(users).where(eq(users.id, c.req.param("id")));
  if (!target) {
    return renderPage(c, {
      title: "Account not found",
      status: 404,
      body: ErrorPage({ heading: "Account not found", message: "There is no such account." }),
    });
  }
  const form = await parseForm(c, skipFormSchema);
  if (!form.ok) {
    return renderPage(c, {
      title: "Not changed",
      status: 422,
      body: ErrorPage({
        heading: "Nothing was changed",
        message: form.errors.skip ?? "The form was not valid.",
      }),
    });
  }
  await setSkipsQueue(db, target.id, form.data.skip === "1", clock.now());
  return c.redirect("/admin", 303);
});
