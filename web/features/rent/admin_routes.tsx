/** @module Admin routes of Rent Technology: the inventory list, adding and editing items. */
import { Hono } from "hono";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../context.ts";
import { requireAdmin } from "../../auth/middleware.ts";
import { parseForm } from "../../http/forms.ts";
import { renderPage } from "../../ui/render.tsx";
import { InventoryPage } from "./admin_views.tsx";
import { createItem, findItem, itemFormSchema, listInventory, updateItem } from "./inventory.ts";

const NOTICES: Record<string, string> = {
  added: "The item was added to the inventory.",
  saved: "The item was saved.",
};

async function showInventory(
  c: Context<AppEnv>,
  form: { editing?: string; values?: Record<string, string>; errors?: Record<string, string> } = {},
  status: ContentfulStatusCode = 200,
) {
  return renderPage(c, {
    title: "Rental inventory",
    status,
    body: (
      <InventoryPage
        items={await listInventory(c.var.deps.db)}
        {...form}
        notice={NOTICES[c.req.query("notice") ?? ""]}
      />
    ),
  });
}

export const rentAdminRoutes = new Hono<AppEnv>();
rentAdminRoutes.use("/admin/rent", requireAdmin());
rentAdminRoutes.use("/admin/rent/*", requireAdmin());

rentAdminRoutes.get("/admin/rent", (c) => showInventory(c));

rentAdminRoutes.post("/admin/rent/items", async (c) => {
  const form = await parseForm(c, itemFormSchema);
  if (!form.ok) {
    return showInventory(c, { editing: "new", ...form }, form.tooLarge ? 413 : 422);
  }
  await createItem(c.var.deps.db, form.data, c.var.deps.clock.now());
  return c.redirect("/admin/rent?notice=added", 303);
});

rentAdminRoutes.post("/admin/rent/items/:id", async (c) => {
  const item = await findItem(c.var.deps.db, c.req.param("id"));
  if (!item) return c.notFound();
  const form = await parseForm(c, itemFormSchema);
  if (!form.ok) {
    return showInventory(c, { editing: item.id, ...form }, form.tooLarge ? 413 : 422);
  }
  await updateItem(c.var.deps.db, item.id, form.data);
  return c.redirect("/admin/rent?notice=saved", 303);
});
