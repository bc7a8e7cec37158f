/**
 * @module
 * Error responses of the OAuth endpoints: JSON `{error, error_description}` (RFC 6749 §5.2) for the
 * back channel, RFC 6750 `WWW-Authenticate: Bearer` challenges for resource endpoints.
 */
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Error codes: the standard ones plus Mixera ID's own `invalid_redirect_uri` and `app_not_approved`. */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "access_denied"
  | "unsupported_response_type"
  | "unsupported_token_type"
  | "invalid_redirect_uri"
  | "app_not_approved"
  | "authorization_pending"
  | "slow_down"
  | "expired_token"
  | "server_error"
  | "temporarily_unavailable"
  | "rate_limited";

/** Token responses and errors must never be cached (RFC 6749 §5.1). */
export const NO_STORE_HEADERS = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

/**
 * A thrown OAuth error. It is an HTTPException, so the app's one error handler answers it with
 * {@link oauthErrorResponse}: endpoints just throw.
 */
export class OAuthError extends HTTPException {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    status: ContentfulStatusCode = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message: `${code}: ${description}` });
  }

  override getResponse(): Response {
    return oauthErrorResponse(this);
  }
}

/**
 * JSON error response.
 * @example oauthErrorResponse(new OAuthError("invalid_grant", "code expired")) // 400 {"error":"invalid_grant",…}
 */
export function oauthErrorResponse(error: OAuthError): Response {
  return Response.json(
    { error: error.code, error_description: error.description },
    { status: error.status, headers: { ...NO_STORE_HEADERS, ...error.headers } },
  );
}

/** Client authentication failed (RFC 6749 §5.2): 401, and a Basic challenge when Basic was tried. */
export function invalidClient(description: string, usedBasic: boolean): OAuthError {
  return new OAuthError(
    "invalid_client",
    description,
    401,
    usedBasic ? { "WWW-Authenticate": 'Basic realm="mixera", charset="UTF-8"' } : {},
  );
}

/** Quotes a value for an auth-param, dropping characters that would break the header. */
function quote(value: string): string {
  return `"${value.replace(/["\\\r\n]/g, "")}"`;
}

/**
 * RFC 6750 §3 challenge. Without an error code (no token was sent) the challenge carries only the
 * realm and scope, as the RFC asks.
 */
export function bearerChallengeResponse(
  status: 400 | 401 | 403,
  error?: "invalid_request" | "invalid_token" | "insufficient_scope",
  description?: string,
): Response {
  const params = [`realm=${quote("mixera")}`];
  if (error) params.push(`error=${quote(error)}`);
  if (description) params.push(`error_description=${quote(description)}`);
  const body = error
    ? { error, error_description: description }
    : { error: "invalid_token", error_description: "Bearer token required" };
  return Response.json(body, {
    status,
    headers: { ...NO_STORE_HEADERS, "WWW-Authenticate": `Bearer ${params.join(", ")}` },
  });
}
