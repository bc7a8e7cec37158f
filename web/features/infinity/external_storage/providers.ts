/**
 * @module
 * Google Drive and Dropbox as the portal links them: the endpoints of arctic's `Google` and `Dropbox`
 * providers (authorization code flow; PKCE for Google, as arctic does), driven through arctic's
 * `OAuth2Client` so that EXTERNAL_STORAGE_STANDIN_URL can move every endpoint to the local stand-in
 * server in development and tests. A provider is offered only when its credentials are configured.
 */
import { OAuth2Client } from "arctic";
import type { Config } from "../../../../shared/config/config.ts";
import type { ExternalProvider } from "../../../db/schema/external_storage.ts";

export interface ProviderEndpoints {
  authorize: string;
  token: string;
  /** Metadata API (Drive v3 / Dropbox API v2). */
  api: string;
  /** Upload and download API. */
  content: string;
}

export interface ProviderInfo {
  id: ExternalProvider;
  name: string;
  scopes: string[];
  pkce: boolean;
  /** Parameters that make the provider hand out a refresh token. */
  offlineParams: Record<string, string>;
  endpoints: ProviderEndpoints;
}

export const PROVIDERS: Record<ExternalProvider, ProviderInfo> = {
  google_drive: {
    id: "google_drive",
    name: "Google Drive",
    // The app's own hidden folder: the portal sees only the files it stored.
    scopes: ["https://www.googleapis.com/auth/drive.appdata"],
    pkce: true,
    offlineParams: { access_type: "offline", prompt: "consent" },
    endpoints: {
      authorize: "https://accounts.google.com/o/oauth2/v2/auth",
      token: "https://oauth2.googleapis.com/token",
      api: "https://www.googleapis.com",
      content: "https://www.googleapis.com",
    },
  },
  dropbox: {
    id: "dropbox",
    name: "Dropbox",
    scopes: [],
    pkce: false,
    offlineParams: { token_access_type: "offline" },
    endpoints: {
      authorize: "https://www.dropbox.com/oauth2/authorize",
      token: "https://api.dropboxapi.com/oauth2/token",
      api: "https://api.dropboxapi.com",
      content: "https://content.dropboxapi.com",
    },
  },
};

export function isExternalProvider(value: string): value is ExternalProvider {
  return Object.hasOwn(PROVIDERS, value);
}

/** The provider's credentials, or undefined when this portal is not configured for it. */
export function credentialsFor(config: Config, provider: ExternalProvider) {
  const credentials = provider === "google_drive"
    ? config.externalStorage.googleDrive
    : config.externalStorage.dropbox;
  return credentials && config.externalStorage.tokenKey ? credentials : undefined;
}

/** The endpoints to call: the provider's own, or the same paths on the stand-in server when one is set. */
export function endpointsFor(config: Config, provider: ExternalProvider): ProviderEndpoints {
  const endpoints = PROVIDERS[provider].endpoints;
  const standin = config.externalStorage.standinUrl;
  if (!standin) return endpoints;
  const moved = (url: string) => {
    const parsed = new URL(url);
    return `${standin}${parsed.pathname === "/" ? "" : parsed.pathname}`;
  };
  return {
    authorize: moved(endpoints.authorize),
    token: moved(endpoints.token),
    api: moved(endpoints.api),
    content: moved(endpoints.content),
  };
}

export function callbackUrl(config: Config, provider: ExternalProvider): string {
  return `${config.publicUrl}/infinity/external-storage/${provider}/callback`;
}

/** arctic's OAuth client for the provider, or undefined when it is not configured. */
export function oauthClientFor(config: Config, provider: ExternalProvider): OAuth2Client | undefined {
  const credentials = credentialsFor(config, provider);
  if (!credentials) return undefined;
  return new OAuth2Client(credentials.clientId, credentials.clientSecret, callbackUrl(config, provider));
}
