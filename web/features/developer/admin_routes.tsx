/** @module The admin review queue for developer apps: approve, deny with a reason, revoke later. */
import { z } from "zod";
import { parseForm } from "../../http/forms.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { requireAdmin } from "../../auth/middleware.ts";
import type { OAuthApp } from "../../db/schema/oauth.ts";
import { Notice, PageHeader } from "../../ui/components.tsx";
import { renderPage } from "../../ui/render.tsx";
import { listAppsForReview, redirectUrisOf, reviewApp, type ReviewDecision } from "../oauth/mod.ts";
import { DeveloperStyles } from "./assets.tsx";

const reviewSchema = z.object({
  decision: z.enum(["approve", "deny", "revoke"]),
  reason: z.string().max(500).default(""),
});

function ReviewForm({ app }: { app: OAuthApp }) {
  const choices: ReviewDecision[] = app.status === "approved" ? ["revoke"] : ["approve", "deny"];
  return (
    <form method="post" action={`/admin/apps/${app.id}/review`}>
      {choices.some((choice) => choice !== "approve")
        ? (
          <div class="field">
            <label for={`reason-${app.id}`}>Reason (shown to the developer)</label>
            <input id={`reason-${app.id}`} name="reason" maxlength={500} required={false} />
          </div>
        )
        : null}
      <div class="actions">
        {choices.map((choice) => (
          <button
            key={choice}
            type="submit"
            name="decision"
            value={choice}
            class={choice === "approve" ? "button" : "button button-danger"}
          >
            {choice === "approve" ? "Approve" : choice === "deny" ? "Deny" : "Revoke"}
          </button>
        ))}
      </div>
    </form>
  );
}

function ReviewQueuePage({ apps, error }: { apps: OAuthApp[]; error?: string }) {
  return (
    <section>
      <DeveloperStyles />
      <PageHeader
        title="App review"
        intro="Developer apps waiting for review, and every app reviewed before."
      />
      {error ? <Notice kind="error">{error}</Notice> : null}
      {apps.length === 0 ? <p class="muted">No apps yet.</p> : null}
      <ul class="app-list">
        {apps.map((app) => (
          <li key={app.id} class="panel" data-client-id={app.id}>
            <h2>
              {app.name} <span class={`badge status-${app.status}`}>{app.status}</span>
            </h2>
            <p>{app.description}</p>
            <p>
              Website: <a href={app.websiteUrl} rel="noopener noreferrer">{app.websiteUrl}</a>
            </p>
            <p class="muted">Redirect URIs: {redirectUrisOf(app).join(", ")}</p>
            {app.reviewReason ? <p class="muted">Reason: {app.reviewReason}</p> : null}
            <ReviewForm app={app} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export const adminAppRoutes = guardedRoutes("/admin/apps", requireAdmin());

adminAppRoutes.get(
  "/admin/apps",
  async (c) =>
    renderPage(c, {
      title: "App review",
      body: <ReviewQueuePage apps={await listAppsForReview(c.var.deps.db)} />,
    }),
);

adminAppRoutes.post("/admin/apps/:id/review", async (c) => {
  const { db, clock } = c.var.deps;
  const form = await parseForm(c, reviewSchema);
  const result = form.ok
    ? await reviewApp(db, c.req.param("id"), form.data.decision, form.data.reason, clock.now())
    : {
      ok: false as const,
      error: "Choose approve, deny or revoke, with a reason of at most 500 characters",
    };
  if (!result.ok) {
    return renderPage(c, {
      title: "App review",
      status: 422,
      body: <ReviewQueuePage apps={await listAppsForReview(db)} error={result.error} />,
    });
  }
  return c.redirect("/admin/apps", 303);
});
