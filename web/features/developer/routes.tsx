/**
 * @module
 * "Developer: Your Apps" (create, list, edit, delete, regenerate the secret), the developer
 * documentation, the OAuth Test Page and the downloadable callback template. Every app route checks
 * ownership in its query, so one developer's apps are invisible to another.
 */
import { type Context, Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { requireVerified } from "../../auth/middleware.ts";
import { z } from "zod";
import { parseForm } from "../../http/forms.ts";
import { renderErrorPage, renderPage } from "../../ui/render.tsx";
import {
  createOAuthApp,
  deleteOwnedApp,
  findOwnedApp,
  listOwnedApps,
  regenerateSecret,
  updateOwnedApp,
  validateAppInput,
} from "../oauth/mod.ts";
import { developerAssetRoutes } from "./assets.tsx";
import { adminAppRoutes } from "./admin_routes.tsx";
import { DocsPage } from "./docs.tsx";
import { callbackTemplate } from "./callback_template.ts";
import { TestCallbackPage, testCallbackUrl, TestPage } from "./test_page.tsx";
import { AppDetailPage, type AppFormValues, CredentialsPage, YourAppsPage } from "./views.tsx";

const FORM_FIELDS = ["name", "description", "websiteUrl", "redirectUris", "logoUrl", "clientType"] as const;

/** The app form's fields as strings (missing ones empty), from a size-capped body. */
async function readAppForm<E extends AppEnv>(c: Context<E>): Promise<AppFormValues | null> {
  const form = await parseForm(c, z.record(z.string(), z.string()));
  if (!form.ok && form.tooLarge) return null;
  const values: Record<string, string> = {};
  for (const field of FORM_FIELDS) values[field] = form.values[field] ?? "";
  return values;
}

const EDIT_NOTICES: Record<string, string> = {
  saved: "Changes saved.",
  review:
    "Changes saved. The name, website, logo or redirect URIs changed, so the app is back in review: existing sign-ins keep working, new ones wait for approval.",
};

/** Credentials pages carry a secret: never cache them. */
function noStore<E extends AppEnv>(c: Context<E>): void {
  c.header("Cache-Control", "no-store");
}

function appNotFound<E extends AppEnv>(c: Context<E>) {
  return renderErrorPage(c, 404, {
    heading: "App not found",
    message: "You have no app with that client ID.",
    action: { href: "/developer", label: "Back to Your Apps" },
  });
}

export const developerRoutes = new Hono<AppEnv>();

developerRoutes.route("/", developerAssetRoutes);
developerRoutes.route("/", adminAppRoutes);

developerRoutes.get(
  "/developer/docs",
  (c) =>
    renderPage(c, {
      title: "Developer Documentation",
      body: <DocsPage issuer={c.var.deps.config.publicUrl} />,
    }),
);

developerRoutes.get(
  "/developer/callback-template.html",
  (c) =>
    c.body(callbackTemplate(c.var.deps.config.publicUrl), 200, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Disposition": 'attachment; filename="mixera-callback.html"',
    }),
);

developerRoutes.get("/developer/test", async (c) => {
  const user = c.var.user;
  const apps = user ? await listOwnedApps(c.var.deps.db, user.id) : [];
  return renderPage(c, {
    title: "OAuth Test Page",
    body: (
      <TestPage
        apps={apps}
        callbackUrl={testCallbackUrl(c.var.deps.config.publicUrl)}
        selected={c.req.query("client_id")}
      />
    ),
  });
});

developerRoutes.get("/developer/test/callback", (c) => {
  c.header("Referrer-Policy", "no-referrer");
  noStore(c);
  return renderPage(c, { title: "OAuth Test Page: callback", body: <TestCallbackPage /> });
});

// Apps are published under their developer's account: only a proven address may register them.
const yourAppsRoutes = guardedRoutes("/developer/apps", requireVerified());

developerRoutes.get("/developer", requireVerified(), async (c) => {
  const user = c.var.user;
  return renderPage(c, {
    title: "Developer: Your Apps",
    body: <YourAppsPage apps={await listOwnedApps(c.var.deps.db, user.id)} />,
  });
});

yourAppsRoutes.post("/developer/apps", async (c) => {
  const user = c.var.user;
  const { db, clock } = c.var.deps;
  const values = await readAppForm(c);
  const validation = values
    ? validateAppInput(values)
    : { ok: false as const, errors: ["The form is too large"] };
  if (!validation.ok) {
    return renderPage(c, {
      title: "Developer: Your Apps",
      status: 422,
      body: (
        <YourAppsPage
          apps={await listOwnedApps(db, user.id)}
          values={values ?? {}}
          errors={validation.errors}
        />
      ),
    });
  }
  const { app, clientSecret } = await createOAuthApp(db, user.id, validation.values, clock.now());
  noStore(c);
  return renderPage(c, {
    title: "App Created - Pending Review",
    status: 201,
    body: <CredentialsPage app={app} clientSecret={clientSecret} warnings={validation.warnings} created />,
  });
});

yourAppsRoutes.get("/developer/apps/:id", async (c) => {
  const user = c.var.user;
  const app = await findOwnedApp(c.var.deps.db, user.id, c.req.param("id"));
  if (!app) return appNotFound(c);
  const notice = EDIT_NOTICES[c.req.query("notice") ?? ""];
  return renderPage(c, {
    title: app.name,
    body: (
      <AppDetailPage
        app={app}
        notice={notice}
        testCallbackUrl={testCallbackUrl(c.var.deps.config.publicUrl)}
      />
    ),
  });
});

yourAppsRoutes.post("/developer/apps/:id", async (c) => {
  const user = c.var.user;
  const { db, clock } = c.var.deps;
  const app = await findOwnedApp(db, user.id, c.req.param("id"));
  if (!app) return appNotFound(c);
  const values = await readAppForm(c);
  const validation = values
    ? validateAppInput({ ...values, clientType: app.clientType })
    : { ok: false as const, errors: ["The form is too large"] };
  if (!validation.ok) {
    return renderPage(c, {
      title: app.name,
      status: 422,
      body: (
        <AppDetailPage
          app={app}
          values={values ?? {}}
          errors={validation.errors}
          testCallbackUrl={testCallbackUrl(c.var.deps.config.publicUrl)}
        />
      ),
    });
  }
  const update = await updateOwnedApp(db, user.id, app.id, validation.values, clock.now());
  if (update === "not_found") return appNotFound(c);
  return c.redirect(`/developer/apps/${app.id}?notice=${update === "saved" ? "saved" : "review"}`, 303);
});

yourAppsRoutes.post("/developer/apps/:id/secret", async (c) => {
  const user = c.var.user;
  const { db, clock } = c.var.deps;
  const secret = await regenerateSecret(db, user.id, c.req.param("id"), clock.now());
  const app = secret ? await findOwnedApp(db, user.id, c.req.param("id")) : undefined;
  if (!secret || !app) return appNotFound(c);
  noStore(c);
  return renderPage(c, {
    title: "New client secret",
    body: <CredentialsPage app={app} clientSecret={secret} warnings={[]} created={false} />,
  });
});

yourAppsRoutes.post("/developer/apps/:id/delete", async (c) => {
  const user = c.var.user;
  if (!(await deleteOwnedApp(c.var.deps.db, user.id, c.req.param("id")))) return appNotFound(c);
  return c.redirect("/developer", 303);
});

developerRoutes.route("/", yourAppsRoutes);
