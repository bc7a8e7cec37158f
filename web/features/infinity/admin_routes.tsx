/** @module Admin routes of Infinity: the plan catalogue and its edits. */
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { requireAdmin } from "../../auth/middleware.ts";
import { parseForm } from "../../http/forms.ts";
import { renderPage } from "../../ui/render.tsx";
import { PlansAdminPage } from "./admin_views.tsx";
import { findPlan, listPlans } from "./catalog.ts";
import { planFormSchema, updatePlan } from "./plan_admin.ts";

export const infinityAdminRoutes = new Hono<AppEnv>();
infinityAdminRoutes.use("/admin/infinity", requireAdmin());
infinityAdminRoutes.use("/admin/infinity/*", requireAdmin());

infinityAdminRoutes.get("/admin/infinity", async (c) =>
  renderPage(c, {
    title: "Infinity plans",
    body: (
      <PlansAdminPage
        plans={await listPlans(c.var.deps.db)}
        notice={c.req.query("notice") === "saved" ? "The plan was saved." : undefined}
      />
    ),
  }));

infinityAdminRoutes.post("/admin/infinity/plans/:id", async (c) => {
  const { db, clock } = c.var.deps;
  const plan = await findPlan(db, c.req.param("id"));
  if (!plan) return c.notFound();
  const form = await parseForm(c, planFormSchema);
  if (!form.ok) {
    return renderPage(c, {
      title: "Infinity plans",
      status: form.tooLarge ? 413 : 422,
      body: (
        <PlansAdminPage
          plans={await listPlans(db)}
          editing={plan.id}
          values={form.values}
          errors={form.errors}
        />
      ),
    });
  }
  await updatePlan(db, plan, form.data, clock.now());
  return c.redirect("/admin/infinity?notice=saved", 303);
});
