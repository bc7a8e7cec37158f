/** @module Pages of "Developer: Your Apps": guidelines, the app form, credentials shown once, app details. */
import type { OAuthApp } from "../../db/schema/oauth.ts";
import { Notice, PageHeader } from "../../ui/components.tsx";
import { redirectUrisOf } from "../oauth/mod.ts";
import { DeveloperStyles } from "./assets.tsx";

export interface AppFormValues {
  name?: string;
  description?: string;
  websiteUrl?: string;
  redirectUris?: string;
  logoUrl?: string;
  clientType?: string;
}

export function AppGuidelines() {
  return (
    <div class="panel">
      <h2>App Guidelines</h2>
      <p>To get your app approved, please ensure:</p>
      <ul>
        <li>Your app has a clear, descriptive name</li>
        <li>
          Redirect URIs use HTTPS (except loopback for testing and native apps: http://127.0.0.1 or
          http://[::1]; public apps may use any port there)
        </li>
        <li>Your website URL is valid and accessible</li>
        <li>Your app doesn't impersonate Mixera or other brands</li>
        <li>Your app provides value to users and isn't spam</li>
      </ul>
      <p class="muted">
        Apps that violate these guidelines may be denied or revoked. Contact support if you have questions.
      </p>
    </div>
  );
}

function TextArea(
  { label, name, value, hint }: { label: string; name: string; value?: string; hint?: string },
) {
  return (
    <div class="field">
      <label for={`field-${name}`}>{label}</label>
      {hint ? <p class="hint">{hint}</p> : null}
      <textarea id={`field-${name}`} name={name} maxlength={20000}>{value ?? ""}</textarea>
    </div>
  );
}

function Input(
  { label, name, value, hint, required = true, type = "text" }: {
    label: string;
    name: string;
    value?: string;
    hint?: string;
    required?: boolean;
    type?: string;
  },
) {
  return (
    <div class="field">
      <label for={`field-${name}`}>{label}</label>
      {hint ? <p class="hint">{hint}</p> : null}
      <input
        id={`field-${name}`}
        name={name}
        type={type}
        value={value ?? ""}
        required={required}
        maxlength={500}
      />
    </div>
  );
}

/** The create/edit form; the client type can only be chosen at creation. */
export function AppForm(
  { action, values = {}, errors = [], submitLabel, creating }: {
    action: string;
    values?: AppFormValues;
    errors?: string[];
    submitLabel: string;
    creating: boolean;
  },
) {
  return (
    <form method="post" action={action} class="panel app-form">
      {errors.length
        ? (
          <Notice kind="error">
            <ul>{errors.map((error) => <li key={error}>{error}</li>)}</ul>
          </Notice>
        )
        : null}
      <Input label="App name" name="name" value={values.name} />
      <TextArea
        label="Description"
        name="description"
        value={values.description}
        hint="What your app does."
      />
      <Input label="Website URL" name="websiteUrl" value={values.websiteUrl} type="url" />
      <TextArea
        label="Redirect URIs"
        name="redirectUris"
        value={values.redirectUris}
        hint="One per line. Must match exactly what your app sends (for public apps, the port of a 127.0.0.1 or [::1] URI may differ)."
      />
      <Input label="Logo URL (optional)" name="logoUrl" value={values.logoUrl} required={false} type="url" />
      {creating
        ? (
          <div class="field">
            <label for="field-clientType">Client type</label>
            <p class="hint">
              Confidential: a server keeps the client secret. Public: apps that cannot keep a secret (mobile,
              desktop, devices) and must use PKCE.
            </p>
            <select id="field-clientType" name="clientType">
              <option value="confidential" selected={values.clientType !== "public"}>
                Confidential (server)
              </option>
              <option value="public" selected={values.clientType === "public"}>
                Public (native, device)
              </option>
            </select>
          </div>
        )
        : null}
      <button type="submit" class="button">{submitLabel}</button>
    </form>
  );
}

function StatusBadge({ app }: { app: OAuthApp }) {
  const labels = { pending: "Pending review", approved: "Approved", denied: "Denied", revoked: "Revoked" };
  return <span class={`badge status-${app.status}`}>{labels[app.status]}</span>;
}

function ReviewReason({ app }: { app: OAuthApp }) {
  if (!app.reviewReason || (app.status !== "denied" && app.status !== "revoked")) return null;
  return <Notice kind="error">Reason from the MIXERA team: {app.reviewReason}</Notice>;
}

export function YourAppsPage(
  { apps, values, errors }: { apps: OAuthApp[]; values?: AppFormValues; errors?: string[] },
) {
  return (
    <section>
      <DeveloperStyles />
      <PageHeader
        title="Developer: Your Apps"
        intro='Create OAuth clients to add "Login with Mixera ID" to your own websites and apps.'
      />
      <p class="actions">
        <a class="button button-quiet" href="/developer/docs">Developer Documentation</a>
        <a class="button button-quiet" href="/developer/test">Open OAuth Test Page →</a>
      </p>
      {apps.length
        ? (
          <ul class="app-list">
            {apps.map((app) => (
              <li key={app.id} class="panel" data-client-id={app.id}>
                <h2>
                  <a href={`/developer/apps/${app.id}`}>{app.name}</a> <StatusBadge app={app} />
                </h2>
                <p class="muted">
                  Client ID: <code>{app.id}</code>
                </p>
                <ReviewReason app={app} />
              </li>
            ))}
          </ul>
        )
        : <p class="muted">You have no apps yet.</p>}
      <AppGuidelines />
      <h2 id="create">Create OAuth Application</h2>
      <AppForm action="/developer/apps" values={values} errors={errors} submitLabel="Create app" creating />
    </section>
  );
}

/** Shown once after creation or regeneration: the secret is never displayed again. */
export function CredentialsPage(
  { app, clientSecret, warnings, created }: {
    app: OAuthApp;
    clientSecret: string | null;
    warnings: string[];
    created: boolean;
  },
) {
  return (
    <section>
      <DeveloperStyles />
      <PageHeader title={created ? "App Created - Pending Review" : "New client secret"} />
      {warnings.map((warning) => <Notice key={warning} kind="info">{warning}</Notice>)}
      <div class="panel">
        {clientSecret
          ? <Notice kind="error">Save these credentials now - the secret won't be shown again!</Notice>
          : (
            <Notice kind="info">
              Public clients have no secret: use PKCE (S256) on every authorization.
            </Notice>
          )}
        <dl class="credentials">
          <dt>client_id</dt>
          <dd data-testid="client-id">{app.id}</dd>
          {clientSecret
            ? (
              <>
                <dt>client_secret</dt>
                <dd data-testid="client-secret">{clientSecret}</dd>
              </>
            )
            : null}
        </dl>
        {created ? <p>Note: Your app needs to be reviewed before it can be used.</p> : (
          <p>
            The previous secret keeps working for one hour so you can roll out the new one.
          </p>
        )}
      </div>
      <p>Need help testing your integration?</p>
      <p class="actions">
        <a class="button" href="/developer/test">Open OAuth Test Page →</a>
        <a class="button button-quiet" href="/developer/docs">Developer Documentation</a>
        <a class="button button-quiet" href="/developer">Back to Your Apps</a>
      </p>
    </section>
  );
}

export function AppDetailPage(
  { app, values, errors = [], notice, testCallbackUrl }: {
    app: OAuthApp;
    values?: AppFormValues;
    errors?: string[];
    notice?: string;
    testCallbackUrl: string;
  },
) {
  const current: AppFormValues = values ?? {
    name: app.name,
    description: app.description,
    websiteUrl: app.websiteUrl,
    redirectUris: redirectUrisOf(app).join("\n"),
    logoUrl: app.logoUrl ?? "",
  };
  return (
    <section>
      <DeveloperStyles />
      <PageHeader title={app.name} intro={<StatusBadge app={app} />} />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ReviewReason app={app} />
      <div class="panel">
        <dl class="credentials">
          <dt>client_id</dt>
          <dd>{app.id}</dd>
          <dt>Client type</dt>
          <dd>{app.clientType}</dd>
        </dl>
        <p class="muted">
          To use the OAuth Test Page, add <code>{testCallbackUrl}</code> to the redirect URIs.
        </p>
      </div>
      <h2>Edit</h2>
      <AppForm
        action={`/developer/apps/${app.id}`}
        values={current}
        errors={errors}
        submitLabel="Save changes"
        creating={false}
      />
      {app.clientType === "confidential"
        ? (
          <form method="post" action={`/developer/apps/${app.id}/secret`} class="panel">
            <h2>Client secret</h2>
            <p>Regenerating shows a new secret once; the old one keeps working for one hour.</p>
            <button type="submit" class="button button-quiet">Regenerate secret</button>
          </form>
        )
        : null}
      <form method="post" action={`/developer/apps/${app.id}/delete`} class="panel">
        <h2>Delete app</h2>
        <p>Every user's access through this app ends immediately.</p>
        <button type="submit" class="button button-danger">Delete app</button>
      </form>
    </section>
  );
}
