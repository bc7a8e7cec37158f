/**
 * @module
 * The OAuth provider's pages and documents: authorization with consent, the /activate page and the
 * RFC 8414 metadata. The endpoints programs call are in back_channel_routes.ts.
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "../../context.ts";
import { clientIp } from "../../http/client_ip.ts";
import { readBodyAtMost } from "../../http/read_body.ts";
import { CONTENT_SECURITY_POLICY } from "../../security/headers.ts";
import { enforceRateLimits } from "../../http/too_many_requests.ts";
import { requireUser } from "../../auth/middleware.ts";
import { renderErrorPage, renderPage } from "../../ui/render.tsx";
import { findApp } from "./apps.ts";
import {
  checkAuthorizeRequest,
  checkClientAndRedirect,
  clientRedirectUrl,
  collectParams,
} from "./authorize.ts";
import { grantedScopes, rememberConsent } from "./consents.ts";
import { decideDeviceRequest, findPendingDeviceRequest } from "./device.ts";
import { authorizationServerMetadata } from "./metadata.ts";
import { isSubset, readStoredScopes } from "./scopes.ts";
import { settingsOf } from "./settings.ts";
import { MAX_TOKEN_REQUEST_BYTES } from "./token_request.ts";
import { issueAuthorizationCode } from "./tokens.ts";
// Declares whose rows the OAuth tables hold, for data export and account deletion.
import "./status_endpoints.ts";
import "./user_data.ts";
import {
  ActivateConsentPage,
  ActivateDonePage,
  ActivatePage,
  AuthorizeErrorPage,
  ConsentPage,
} from "./views.tsx";

/** People typing device codes get a few tries; guessing a live code needs millions (RFC 8628 §5.1). */
const USER_CODE_ENTRY_LIMIT = { limit: 10, windowMs: 15 * 60 * 1000 };

/**
 * Authorization pages must not be framed (clickjacking) nor leak their URL through Referer; they keep
 * the portal's whole CSP, so an injection on them runs no script either.
 */
function protectAuthorizationPage<E extends AppEnv>(c: Context<E>): void {
  c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  c.header("X-Frame-Options", "DENY");
  c.header("Referrer-Policy", "no-referrer");
}

/** The pages a person sees: authorization with consent, /activate, and the metadata document. */
export const oauthRoutes = new Hono<AppEnv>();

oauthRoutes.get(
  "/.well-known/oauth-authorization-server",
  (c) =>
    c.json(authorizationServerMetadata(settingsOf(c).issuer), 200, {
      "Cache-Control": "public, max-age=3600",
    }),
);

/**
 * Apps receive the user's address, and devices act for the account, so both need an address the user
 * proved is theirs: anything else gets a page that says how to verify.
 */
function verifyEmailFirst<E extends AppEnv>(c: Context<E>, action: string) {
  return renderErrorPage(c, 403, {
    heading: "Verify your email first",
    message: `To ${action}, confirm your email address first: enter the code we mailed you.`,
    action: { href: "/verify-email", label: "Verify your email" },
    variant: "card",
  });
}

/** Runs the authorization checks shared by the GET (start) and the POST (consent decision). */
async function handleAuthorize<E extends AppEnv>(
  c: Context<E>,
  entries: Iterable<[string, string]>,
  decision?: string,
) {
  const { db, clock } = c.var.deps;
  const settings = settingsOf(c);
  protectAuthorizationPage(c);
  const isPost = c.req.method === "POST";
  const { params, repeated } = collectParams(entries);
  const trusted = await checkClientAndRedirect(db, params, repeated);
  if (trusted.kind === "page") {
    return renderPage(c, {
      title: "Sign-in link does not work",
      status: trusted.status,
      variant: "card",
      body: <AuthorizeErrorPage code={trusted.code} message={trusted.message} />,
    });
  }
  const user = c.var.user;
  if (!user) {
    const next = isPost ? "/" : new URL(c.req.url).pathname + new URL(c.req.url).search;
    return c.redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
  }
  if (!user.emailVerifiedAt) return verifyEmailFirst(c, `sign in to ${trusted.app.name}`);
  const request = checkAuthorizeRequest(trusted, params, repeated);
  const redirect = (response: Record<string, string | undefined>) =>
    c.redirect(
      clientRedirectUrl(trusted.redirectUri, { ...response, state: trusted.state, iss: settings.issuer }),
      isPost ? 303 : 302,
    );
  if (request.kind === "error") {
    return redirect({ error: request.code, error_description: request.description });
  }

  const now = clock.now();
  const issueCode = async () => {
    const code = await issueAuthorizationCode(
      db,
      {
        userId: user.id,
        clientId: request.app.id,
        redirectUri: request.redirectUri,
        scopes: request.scopes,
        codeChallenge: request.codeChallenge,
      },
      settings,
      now,
    );
    return redirect({ code });
  };
  if (isPost) {
    if (decision === "deny") {
      return redirect({ error: "access_denied", error_description: "the user denied access" });
    }
    if (decision !== "allow") {
      return redirect({ error: "invalid_request", error_description: "missing consent decision" });
    }
    await rememberConsent(db, user.id, request.app.id, request.scopes, now);
    return await issueCode();
  }
  const granted = await grantedScopes(db, user.id, request.app.id);
  if (granted.length && isSubset(request.scopes, granted)) return await issueCode();
  return renderPage(c, {
    title: `Authorize ${request.app.name}`,
    variant: "card",
    body: (
      <ConsentPage
        app={request.app}
        scopes={request.scopes}
        params={request.params}
        newScopesOnly={granted.length > 0}
      />
    ),
  });
}

oauthRoutes.get("/api/oauth/authorize", (c) => handleAuthorize(c, new URL(c.req.url).searchParams));

oauthRoutes.post("/api/oauth/authorize", async (c) => {
  const form = await readSmallForm(c.req.raw);
  if (!form) return formTooLarge(c);
  return handleAuthorize(c, form, form.get("decision") ?? undefined);
});

/** Consent and activation forms are a few hundred bytes; null for one over the back-channel limit. */
async function readSmallForm(request: Request): Promise<URLSearchParams | null> {
  const bytes = await readBodyAtMost(request, MAX_TOKEN_REQUEST_BYTES);
  return bytes && new URLSearchParams(new TextDecoder().decode(bytes));
}

function formTooLarge<E extends AppEnv>(c: Context<E>) {
  return renderErrorPage(c, 413, {
    heading: "Form too large",
    message: "The form sent was larger than this page ever sends.",
  });
}

/** Only verified accounts can connect devices (see {@link verifyEmailFirst}). */
function requireVerifiedForActivate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.var.user?.emailVerifiedAt) {
      protectAuthorizationPage(c);
      return verifyEmailFirst(c, "connect a device");
    }
    await next();
  };
}

oauthRoutes.get("/activate", requireUser(), requireVerifiedForActivate(), (c) => {
  protectAuthorizationPage(c);
  const userCode = (c.req.query("user_code") ?? "").slice(0, 20);
  return renderPage(c, { title: "Activate a device", body: <ActivatePage userCode={userCode} /> });
});

oauthRoutes.post("/activate", requireUser(), requireVerifiedForActivate(), async (c) => {
  const { db, clock } = c.var.deps;
  protectAuthorizationPage(c);
  const user = c.var.user;
  const now = clock.now();
  await enforceRateLimits(c, [
    [`oauth:activate:user:${user.id}`, USER_CODE_ENTRY_LIMIT],
    [`oauth:activate:ip:${clientIp(c)}`, USER_CODE_ENTRY_LIMIT],
  ]);
  const form = await readSmallForm(c.req.raw);
  if (!form) return formTooLarge(c);
  const userCode = (form.get("user_code") ?? "").slice(0, 20);
  const request = await findPendingDeviceRequest(db, userCode, now);
  const app = request ? await findApp(db, request.clientId) : undefined;
  if (!request || !app || app.status !== "approved") {
    return renderPage(c, {
      title: "Activate a device",
      status: 400,
      body: (
        <ActivatePage userCode={userCode} error="That code is not valid or has expired. Check your device." />
      ),
    });
  }
  const decision = form.get("decision");
  const scopes = readStoredScopes(request.scope);
  if (decision === "allow" || decision === "deny") {
    const approved = decision === "allow";
    await decideDeviceRequest(db, request.deviceCodeHash, user.id, approved, now);
    if (approved) await rememberConsent(db, user.id, app.id, scopes, now);
    return renderPage(c, {
      title: "Activate a device",
      body: <ActivateDonePage approved={approved} appName={app.name} />,
    });
  }
  return renderPage(c, {
    title: `Connect ${app.name}`,
    body: <ActivateConsentPage app={app} scopes={scopes} userCode={userCode.toUpperCase()} />,
  });
});
