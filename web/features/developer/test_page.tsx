/**
 * @module
 * The OAuth Test Page: a developer runs the whole authorization-code + PKCE flow against one of their
 * apps from the browser and sees every step. The work happens in test_page.js (CSP forbids inline
 * scripts); the pages only lay out the steps.
 */
import type { OAuthApp } from "../../db/schema/oauth.ts";
import { Notice, PageHeader } from "../../ui/components.tsx";
import { DEVELOPER_ASSETS, DeveloperStyles } from "./assets.tsx";

/** The redirect URI the test page uses; developers register it on the app they want to test. */
export function testCallbackUrl(issuer: string): string {
  return `${issuer}/developer/test/callback`;
}

export function TestPage(
  { apps, callbackUrl, selected }: { apps: OAuthApp[]; callbackUrl: string; selected?: string },
) {
  return (
    <section>
      <DeveloperStyles />
      <script src={DEVELOPER_ASSETS.testPageJs} defer></script>
      <PageHeader
        title="OAuth Test Page"
        intro="Run the whole Login with Mixera ID flow against your app and see each step."
      />
      <Notice kind="info">
        Register <code>{callbackUrl}</code>{" "}
        as a redirect URI of the app first. The secret you type stays in this browser tab (sessionStorage) and
        is only sent to the token endpoint.
      </Notice>
      <form id="test-start" class="panel" data-callback={callbackUrl}>
        <h2>1. Authorization request</h2>
        {apps.length
          ? (
            <div class="field">
              <label for="test-app">Your app</label>
              <select id="test-app">
                <option value="">Choose an app…</option>
                {apps.map((app) => (
                  <option key={app.id} value={app.id} selected={app.id === selected}>
                    {app.name} ({app.status})
                  </option>
                ))}
              </select>
            </div>
          )
          : null}
        <div class="field">
          <label for="test-client-id">client_id</label>
          <input id="test-client-id" name="client_id" value={selected ?? ""} required autocomplete="off" />
        </div>
        <div class="field">
          <label for="test-client-secret">client_secret (leave empty for public clients)</label>
          <input
            id="test-client-secret"
            name="client_secret"
            type="password"
            autocomplete="off"
            required={false}
          />
        </div>
        <div class="field">
          <label for="test-scope">scope</label>
          <input id="test-scope" name="scope" value="profile email offline_access" />
        </div>
        <button type="submit" class="button">Build authorization URL</button>
        <div id="test-authorize" hidden>
          <p>Authorization URL (with a fresh state and PKCE S256 challenge):</p>
          <pre class="code-block wrap"><code id="test-authorize-url"></code></pre>
          <a id="test-authorize-link" class="button" href="#">Start sign-in →</a>
        </div>
      </form>
    </section>
  );
}

export function TestCallbackPage() {
  return (
    <section>
      <DeveloperStyles />
      <script src={DEVELOPER_ASSETS.testPageJs} defer></script>
      <PageHeader title="OAuth Test Page" intro="The authorization server sent the browser back here." />
      <ol class="test-steps" id="test-callback">
        <li>
          <h2>2. Callback</h2>
          <pre class="code-block wrap"><code id="test-callback-params">Reading the callback…</code></pre>
        </li>
        <li>
          <h2>3. Token response</h2>
          <pre class="code-block wrap"><code id="test-token-response">Waiting…</code></pre>
        </li>
        <li>
          <h2>4. Userinfo</h2>
          <pre class="code-block wrap"><code id="test-userinfo-response">Waiting…</code></pre>
        </li>
      </ol>
      <p class="actions">
        <a class="button button-quiet" href="/developer/test">Run again</a>
      </p>
    </section>
  );
}
