/** @module RFC 8414 authorization server metadata, derived from the issuer so it can never disagree with `iss`. */
import { DEVICE_CODE_GRANT } from "./device.ts";
import { SUPPORTED_CHALLENGE_METHODS } from "./pkce.ts";
import { SUPPORTED_SCOPES } from "./scopes.ts";

export function authorizationServerMetadata(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/api/oauth/authorize`,
    token_endpoint: `${issuer}/api/oauth/token`,
    userinfo_endpoint: `${issuer}/api/oauth/userinfo`,
    revocation_endpoint: `${issuer}/api/oauth/revoke`,
    introspection_endpoint: `${issuer}/api/oauth/introspect`,
    device_authorization_endpoint: `${issuer}/api/oauth/device_authorization`,
    service_documentation: `${issuer}/developer/docs`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token", DEVICE_CODE_GRANT],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    introspection_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    scopes_supported: SUPPORTED_SCOPES,
    code_challenge_methods_supported: [...SUPPORTED_CHALLENGE_METHODS],
    authorization_response_iss_parameter_supported: true,
  };
}
