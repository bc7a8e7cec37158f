/** @module The overview at `/` and the "not available yet" pages of areas nobody has built. */
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { requireUser } from "../../auth/middleware.ts";
import { requirePreview } from "../preview/mod.ts";
import { type Area, AREAS } from "../../ui/areas.ts";
import { PageHeader } from "../../ui/components.tsx";
import { NotAvailablePage } from "../../ui/pages.tsx";
import { renderPage } from "../../ui/render.tsx";

function Overview({ areas, name }: { areas: readonly Area[]; name: string }) {
  return (
    <section>
      <PageHeader title={`Welcome, ${name}`} intro="Everything about your MIXERA account in one place." />
      <div class="grid">
        {areas.map((area) => (
          <a class="tile" href={area.path}>
            <strong>{area.title}</strong>
            <span>{area.summary}</span>
          </a>
        ))}
      </div>
    </section>
  );
}

function Landing() {
  return (
    <div class="card">
      <h1>MIXERA portal</h1>
      <p>Your account for MIXERA controllers, the cloud library and the apps that use your Mixera ID.</p>
      <div class="actions">
        <a class="button" href="/signin">Sign in</a>
        <a class="button button-quiet" href="/signup">Create account</a>
      </div>
    </div>
  );
}

export const homeRoutes = new Hono<AppEnv>();

homeRoutes.get("/", (c) => {
  const user = c.var.user;
  if (!user) return renderPage(c, { title: "Welcome", variant: "card", body: <Landing /> });
  const areas = AREAS.filter((area) => !area.adminOnly || user.role === "admin");
  return renderPage(c, { title: "Overview", body: <Overview areas={areas} name={user.displayName} /> });
});

/**
 * A "not available yet" page for every area. Mounted after the features, so an area that has its own
 * routes never reaches these.
 */
export const placeholderRoutes = new Hono<AppEnv>();
for (const area of AREAS) {
  const guard = area.preview ? requirePreview({ area: area.title }) : requireUser();
  placeholderRoutes.get(area.path, guard, (c) => {
    if (area.adminOnly && c.var.user.role !== "admin") return c.notFound();
    return renderPage(c, { title: area.title, body: <NotAvailablePage area={area} /> });
  });
}
