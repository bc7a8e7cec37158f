/** @module The developer documentation page: how to add "Login with Mixera ID", for the real endpoints. */
import { PageHeader } from "../../ui/components.tsx";
import { ScrollingTable } from "../../ui/table.tsx";
import { SCOPES, SUPPORTED_SCOPES } from "../oauth/mod.ts";
import { DeveloperStyles } from "./assets.tsx";
import {
  DEVICE_FLOW,
  EXPRESS,
  FLASK,
  LOGIN_BUTTON,
  PLAIN_JAVASCRIPT,
  TOKEN_REQUEST_FORM,
  TOKEN_REQUEST_JSON,
  TOKEN_RESPONSE,
  withApiBase,
} from "./docs_examples.ts";

function Code({ children }: { children: string }) {
  return <pre class="code-block"><code>{children}</code></pre>;
}

/** Names in code type beside what they mean: parameters, fields, error codes. */
function ParamTable({ rows, columns }: { rows: [string, string][]; columns?: string[] }) {
  return (
    <ScrollingTable columns={columns}>
      {rows.map(([name, description]) => (
        <tr key={name}>
          <td>
            <code>{name}</code>
          </td>
          <td>{description}</td>
        </tr>
      ))}
    </ScrollingTable>
  );
}

const ERRORS: [string, string][] = [
  ["invalid_client", "Client ID or secret is invalid (401; Basic clients also get WWW-Authenticate)"],
  ["invalid_grant", "Authorization code or refresh token is invalid, expired, already used, or PKCE failed"],
  [
    "invalid_redirect_uri",
    "Redirect URI doesn't match registered URIs (shown to the user, never redirected)",
  ],
  ["app_not_approved", "Your app is pending review or was denied (token endpoint: unauthorized_client)"],
  ["access_denied", "User denied the authorization request"],
  [
    "invalid_request",
    "A parameter is missing, repeated or malformed (also: PKCE verifier without challenge)",
  ],
  ["unsupported_grant_type", "grant_type is not authorization_code, refresh_token or the device code grant"],
  ["unsupported_response_type", "response_type is not code"],
  ["invalid_scope", "Unknown scope, or a refresh that would widen the granted scope"],
  ["authorization_pending / slow_down / expired_token", "Device flow polling states (RFC 8628)"],
  ["rate_limited", "Too many failed client authentications (429 with Retry-After)"],
];

export function DocsPage({ issuer }: { issuer: string }) {
  const code = (sample: string) => <Code>{withApiBase(sample, issuer)}</Code>;
  return (
    <section class="docs">
      <DeveloperStyles />
      <PageHeader
        title="Developer Documentation"
        intro='Learn how to integrate "Login with Mixera ID" into your application.'
      />

      <div class="panel">
        <h2>Quick Start</h2>
        <ol>
          <li>
            Create an OAuth app in the <a href="/developer">Developer: Your Apps</a> section
          </li>
          <li>
            Save your <code>client_id</code> and <code>client_secret</code>
          </li>
          <li>Wait for your app to be approved by our team</li>
          <li>Implement the OAuth flow in your application (authorization code with PKCE)</li>
          <li>Exchange the authorization code for user information</li>
        </ol>
        <p>
          Metadata for libraries that discover endpoints (RFC 8414):{" "}
          <code>{issuer}/.well-known/oauth-authorization-server</code>. The issuer is <code>{issuer}</code>.
        </p>
      </div>

      <div class="panel">
        <h2>OAuth 2.0 Flow</h2>
        <h3>1. Redirect to Authorization</h3>
        <p>
          Send the user to our authorization endpoint with a fresh <code>state</code>{" "}
          and a PKCE challenge (<code>code_challenge = BASE64URL(SHA256(code_verifier))</code>, method{" "}
          <code>S256</code>):
        </p>
        <Code>
          {`${issuer}/api/oauth/authorize?client_id=YOUR_CLIENT_ID&redirect_uri=YOUR_REDIRECT_URI&response_type=code&scope=profile%20email&state=RANDOM_STATE&code_challenge=CHALLENGE&code_challenge_method=S256`}
        </Code>
        <h3>2. User Authorization</h3>
        <p>
          The user logs in and authorizes your app. They are then redirected back to your redirect_uri with
          {" "}
          <code>code</code>, your <code>state</code> unchanged and <code>iss</code> ={" "}
          <code>{issuer}</code>. Check both before using the code. Codes live 60 seconds and work once.
        </p>
        <p>
          Download our ready-to-use <a href="/developer/callback-template.html">callback page template</a>
          {" "}
          with MIXERA branding for your redirect URI.
        </p>
        <h3>3. Exchange Code for Token</h3>
        <p>From your server, as form data with HTTP Basic (recommended) …</p>
        {code(TOKEN_REQUEST_FORM)}
        <p>… or as JSON with the credentials in the body:</p>
        {code(TOKEN_REQUEST_JSON)}
        <h3>4. Receive User Data</h3>
        {code(TOKEN_RESPONSE)}
        <p>
          <code>refresh_token</code> is only present with the <code>offline_access</code>{" "}
          scope. Refresh tokens rotate: every refresh returns a new one. If the response is lost, presenting
          the old one again within 10 seconds returns the same new pair once; presenting it after that revokes
          the whole grant.
        </p>
      </div>

      <div class="panel">
        <h2>Scopes</h2>
        <ParamTable rows={SUPPORTED_SCOPES.map((scope) => [scope, SCOPES[scope]])} />
        <p class="muted">Without a scope parameter you get profile and email, as before scopes existed.</p>
      </div>

      <div class="panel">
        <h2>API Endpoints</h2>
        <h3>GET /api/oauth/authorize</h3>
        <p>Initiates the OAuth authorization flow. Query Parameters:</p>
        <ParamTable
          rows={[
            ["client_id", "Required. Your application's client ID."],
            [
              "redirect_uri",
              "Required. Must match a registered redirect URI exactly (public apps on 127.0.0.1 or [::1]: any port).",
            ],
            ["response_type", "Required. Must be code."],
            ["state", "Recommended. A random string to prevent CSRF attacks; returned unchanged."],
            ["scope", "Optional. Space-separated scopes; default profile email."],
            ["code_challenge", "Required for public clients, recommended for all: S256 PKCE challenge."],
            ["code_challenge_method", "S256 (plain is not accepted)."],
          ]}
        />
        <h3>POST /api/oauth/token</h3>
        <p>
          Exchanges a code, a refresh token or a device code for tokens. Form-encoded (RFC 6749) or JSON.
          Authenticate with HTTP Basic or with client_id and client_secret in the body (not both).
        </p>
        <ParamTable
          rows={[
            [
              "grant_type",
              "Required. authorization_code, refresh_token or urn:ietf:params:oauth:grant-type:device_code.",
            ],
            ["code", "authorization_code: the code received."],
            ["redirect_uri", "authorization_code: must match the original request."],
            ["code_verifier", "authorization_code: the PKCE verifier, when a challenge was sent."],
            ["refresh_token", "refresh_token: the current refresh token."],
            ["scope", "refresh_token: optional, may narrow but never widen."],
            ["device_code", "device code grant: the device_code received."],
            ["client_id / client_secret", "Client authentication in the body (or use HTTP Basic)."],
          ]}
        />
        <h3>GET /api/oauth/userinfo</h3>
        <p>
          With <code>Authorization: Bearer ACCESS_TOKEN</code>: <code>sub</code>,{" "}
          <code>mixeraId</code>, and per scope <code>name</code>, <code>profilePicture</code>,{" "}
          <code>email</code> with <code>email_verified</code>. Tokens in the query string are refused.
        </p>
        <p>
          <code>email_verified</code> (in userinfo and in the token response's{" "}
          <code>user</code>) says whether the person proved they read that mailbox. Only accounts with a
          verified address can sign in to apps, but check the flag before you treat the address as proven.
        </p>
        <h3>POST /api/oauth/revoke</h3>
        <p>
          RFC 7009. Client-authenticated, parameter{" "}
          <code>token</code>. Revoking a refresh token also revokes the access tokens issued with it. Always
          answers 200.
        </p>
        <h3>POST /api/oauth/introspect</h3>
        <p>
          RFC 7662, for confidential clients: is this token of mine active, for whom (<code>sub</code>), with
          which scope? <code>username</code> (the email) is included only for tokens with the{" "}
          <code>email</code> scope.
        </p>
        <h3>POST /api/oauth/device_authorization</h3>
        <p>RFC 8628 device flow for controllers and other devices without a browser:</p>
        {code(DEVICE_FLOW)}
      </div>

      <div class="panel">
        <h2>Code Examples</h2>
        <p>Add a "Login with Mixera ID" button to your website:</p>
        <Code>{LOGIN_BUTTON}</Code>
        <p class="muted">
          If your site has a strict Content-Security-Policy, move the inline style and handler into your own
          CSS and script files.
        </p>
        <h3>Plain JavaScript</h3>
        {code(PLAIN_JAVASCRIPT)}
        <h3>Express.js server implementation</h3>
        {code(EXPRESS)}
        <h3>Flask server implementation</h3>
        {code(FLASK)}
      </div>

      <div class="panel">
        <h2>Error Responses</h2>
        <p>
          Errors from the token, revoke, introspect and device endpoints are JSON{" "}
          <code>{`{"error": "...", "error_description": "..."}`}</code>; errors during authorization come back
          to your redirect URI as <code>?error=…&amp;state=…&amp;iss=…</code>.
        </p>
        <ParamTable columns={["Error Code", "Description"]} rows={ERRORS} />
      </div>

      <div class="panel">
        <h2>Security Best Practices</h2>
        <ul>
          <li>
            Keep your client secret secure. Never expose it in client-side code. Always make token exchange
            requests from your server.
          </li>
          <li>Use PKCE (S256) on every authorization request; apps that cannot keep a secret must.</li>
          <li>
            Always use HTTPS for your redirect URIs in production (http://127.0.0.1 is allowed for
            development).
          </li>
          <li>
            Validate the state parameter to prevent CSRF attacks, and check that <code>iss</code> is{" "}
            <code>{issuer}</code>. Generate a unique state for each authorization request.
          </li>
          <li>Store tokens securely. Use HTTP-only cookies or secure server-side sessions.</li>
          <li>Rotate your secret from the app page if it leaks; the old one keeps working for one hour.</li>
          <li>Handle errors gracefully. Don't expose detailed error messages to end users.</li>
        </ul>
      </div>

      <div class="panel">
        <h2>Need Help?</h2>
        <p>
          The <a href="/docs/ocp">Open Communication Protocol (OCP)</a>{" "}
          standardizes communication between MIXERA hardware, accessories, and cloud services;{" "}
          <a href="/docs/mixera-os">MIXERA OS</a> documents the controller's engine API.{" "}
          <a href="/ocp-status">OCP API Status</a> shows whether each endpoint is up.
        </p>
      </div>

      <p class="actions">
        <a class="button" href="/developer/test">Open OAuth Test Page →</a>
      </p>
    </section>
  );
}
