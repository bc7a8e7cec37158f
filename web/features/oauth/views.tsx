/** @module Pages of the authorization flow: consent, authorization errors, and device activation. */
import type { OAuthApp } from "../../db/schema/oauth.ts";
import { Field, Notice, PageHeader } from "../../ui/components.tsx";
import { type Scope, SCOPES } from "./scopes.ts";

export function ScopeList({ scopes }: { scopes: Scope[] }) {
  return (
    <ul class="scope-list">
      {scopes.map((scope) => (
        <li>
          <strong>{SCOPES[scope]}</strong> <span class="muted">({scope})</span>
        </li>
      ))}
    </ul>
  );
}

function AppIdentity({ app }: { app: OAuthApp }) {
  return (
    <p>
      <strong>{app.name}</strong> (
      <a href={app.websiteUrl} rel="noopener noreferrer" target="_blank">{new URL(app.websiteUrl).host}</a>)
      {app.description ? <span class="muted">— {app.description}</span> : null}
    </p>
  );
}

/**
 * The consent screen. Every authorization parameter travels back in hidden fields; the POST handler
 * validates them again from scratch, so nothing here is trusted.
 */
export function ConsentPage(
  { app, scopes, params, newScopesOnly }: {
    app: OAuthApp;
    scopes: Scope[];
    params: Record<string, string>;
    newScopesOnly: boolean;
  },
) {
  return (
    <section class="card consent">
      <h1>Authorize {app.name}</h1>
      <AppIdentity app={app} />
      <p>
        {newScopesOnly ? "This app now asks for more access to your Mixera ID:" : "This app would like to:"}
      </p>
      <ScopeList scopes={scopes} />
      <form method="post" action="/api/oauth/authorize">
        {Object.entries(params).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <div class="actions">
          <button type="submit" class="button" name="decision" value="allow">Allow</button>
          <button type="submit" class="button button-quiet" name="decision" value="deny">Deny</button>
        </div>
      </form>
      <p class="muted">
        You can revoke this access at any time under <a href="/connected-apps">Connected Apps</a>.
      </p>
    </section>
  );
}

/** Shown instead of redirecting when the client or redirect URI cannot be trusted (RFC 6749 §4.1.2.1). */
export function AuthorizeErrorPage({ code, message }: { code: string; message: string }) {
  return (
    <section class="error-page">
      <h1>This sign-in link does not work</h1>
      <p>{message}</p>
      <p class="muted">
        Error code: <code>{code}</code>. If you followed a link from another site, tell its developers.
      </p>
      <a class="button" href="/">Go to the overview</a>
    </section>
  );
}

export function ActivatePage({ userCode, error }: { userCode?: string; error?: string }) {
  return (
    <section>
      <PageHeader
        title="Activate a device"
        intro="Enter the code shown on your MIXERA controller or other device to let it use your Mixera ID."
      />
      {error ? <Notice kind="error">{error}</Notice> : null}
      <form method="post" action="/activate" class="panel">
        <Field
          label="Device code"
          name="user_code"
          value={userCode}
          hint="Eight letters, for example BCDF-GHJK"
          autocomplete="off"
          maxlength={20}
        />
        <button type="submit" class="button">Continue</button>
      </form>
    </section>
  );
}

export function ActivateConsentPage(
  { app, scopes, userCode }: { app: OAuthApp; scopes: Scope[]; userCode: string },
) {
  return (
    <section class="panel consent">
      <h1>Connect {app.name}?</h1>
      <AppIdentity app={app} />
      <p>
        The device showing <code>{userCode}</code> would like to:
      </p>
      <ScopeList scopes={scopes} />
      <form method="post" action="/activate">
        <input type="hidden" name="user_code" value={userCode} />
        <div class="actions">
          <button type="submit" class="button" name="decision" value="allow">Allow</button>
          <button type="submit" class="button button-quiet" name="decision" value="deny">Deny</button>
        </div>
      </form>
    </section>
  );
}

export function ActivateDonePage({ approved, appName }: { approved: boolean; appName: string }) {
  return (
    <section class="panel">
      <h1>{approved ? "Device connected" : "Request denied"}</h1>
      <p>
        {approved
          ? `${appName} can now use your Mixera ID. Return to your device; it continues on its own.`
          : `${appName} was not given access. You can close this page.`}
      </p>
      <a class="button" href="/connected-apps">Connected Apps</a>
    </section>
  );
}
