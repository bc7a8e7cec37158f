/**
 * @module The OAuth endpoints OCP API Status checks. Without credentials each answers with its own
 * error (400 for a request without parameters, 401 for one without client or token), which proves it is live.
 */
import { registerStatusEndpoints } from "../status/mod.ts";

registerStatusEndpoints(
  {
    id: "oauth.metadata",
    service: "oauth",
    name: "Authorization server metadata",
    method: "GET",
    path: "/.well-known/oauth-authorization-server",
    requiresAuth: false,
    liveStatuses: [],
  },
  {
    id: "oauth.authorize",
    service: "oauth",
    name: "Authorize",
    method: "GET",
    path: "/api/oauth/authorize",
    requiresAuth: false,
    liveStatuses: [400],
  },
  {
    id: "oauth.token",
    service: "oauth",
    name: "Token",
    method: "POST",
    path: "/api/oauth/token",
    requiresAuth: true,
    liveStatuses: [400, 401],
    body: "",
  },
  {
    id: "oauth.userinfo",
    service: "oauth",
    name: "User info",
    method: "GET",
    path: "/api/oauth/userinfo",
    requiresAuth: true,
    liveStatuses: [401],
  },
  {
    id: "oauth.revoke",
    service: "oauth",
    name: "Revoke",
    method: "POST",
    path: "/api/oauth/revoke",
    requiresAuth: true,
    liveStatuses: [400, 401],
    body: "",
  },
  {
    id: "oauth.introspect",
    service: "oauth",
    name: "Introspect",
    method: "POST",
    path: "/api/oauth/introspect",
    requiresAuth: true,
    liveStatuses: [400, 401],
    body: "",
  },
  {
    id: "oauth.device_authorization",
    service: "oauth",
    name: "Device authorization",
    method: "POST",
    path: "/api/oauth/device_authorization",
    requiresAuth: true,
    liveStatuses: [400, 401],
    body: "",
  },
);
