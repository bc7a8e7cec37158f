/** @module The Connected Applications page: apps the user authorised, with scopes, last use and Revoke. */
import { type ConnectedApp, ScopeList } from "../oauth/mod.ts";
import { Notice, PageHeader } from "../../ui/components.tsx";
import { formatTime } from "../../ui/format.ts";

export function ConnectedAppsPage({ apps, notice }: { apps: ConnectedApp[]; notice?: string }) {
  return (
    <section>
      <PageHeader title="Connected Applications" intro="Apps with access to your account" />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {apps.length === 0
        ? (
          <div class="empty-state">
            <h2>No apps have access to your account yet.</h2>
            <p>When you use "Login with Mixera ID" on other sites, they'll appear here.</p>
          </div>
        )
        : (
          <ul class="connected-apps">
            {apps.map((app) => (
              <li key={app.clientId} class="panel" data-client-id={app.clientId}>
                <h2>{app.name}</h2>
                <p>
                  <a href={app.websiteUrl} rel="noopener noreferrer" target="_blank">{app.websiteUrl}</a>
                </p>
                <ScopeList scopes={app.scopes} />
                <p class="muted">
                  Authorised {formatTime(app.grantedAt)} · Last used{" "}
                  {app.lastUsedAt ? formatTime(app.lastUsedAt) : "Not used yet"}
                </p>
                <form method="post" action={`/connected-apps/${encodeURIComponent(app.clientId)}/revoke`}>
                  <button type="submit" class="button button-danger">Revoke access</button>
                </form>
              </li>
            ))}
          </ul>
        )}
    </section>
  );
}
