/**
 * @module
 * The local stand-in for Google Drive and Dropbox: serves, on one loopback port, the subset of both
 * providers' APIs the portal uses (authorization with auto-approval, code and refresh-token grants with
 * client authentication and PKCE, the account, file search/upload/update/download/delete), so the link
 * flow and the storage adapters run for real without the internet. Point EXTERNAL_STORAGE_STANDIN_URL
 * at it (development and tests only). Run alone with
 * `deno run -A web/features/infinity/external_storage/standin_server.ts [port]`.
 */
import { createHash } from "node:crypto";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";

export interface StandinClient {
  clientId: string;
  clientSecret: string;
}

interface Grant {
  provider: "google_drive" | "dropbox";
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
}

export interface StandinServer {
  url: string;
  /** Stored files per provider, by Drive file name or Dropbox path. */
  files: { google_drive: Map<string, Uint8Array>; dropbox: Map<string, Uint8Array> };
  /** Makes every access token issued so far invalid, as if it had expired. */
  expireAccessTokens(): void;
  /** How many refresh-token grants were served. */
  refreshes(): number;
  close(): Promise<void>;
}

const random = () => encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(18)));

/** The whole file, or the slice a `Range: bytes=a-b` header asks for (206). */
function media(request: Request, data: Uint8Array): Response {
  const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.get("range") ?? "");
  if (!range) return new Response(data.slice());
  const [start, end] = [Number(range[1]), Math.min(Number(range[2]), data.length - 1)];
  return new Response(data.slice(start, end + 1), {
    status: 206,
    headers: { "content-range": `bytes ${start}-${end}/${data.length}` },
  });
}
const json = (body: unknown, status = 200) => Response.json(body, { status });

/** Bytes ↔ a string of one char per byte, so multipart bodies can be cut with string search. */
function bytesToBinary(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}
const binaryToBytes = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

/** The media part of a Drive multipart/related upload and the name in its metadata part. */
function parseDriveMultipart(
  contentType: string,
  body: Uint8Array,
): { name: string; data: Uint8Array } | null {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) return null;
  const parts = bytesToBinary(body).split(`--${boundary}`).slice(1, -1);
  if (parts.length !== 2) return null;
  const content = (part: string) => part.slice(part.indexOf("\r\n\r\n") + 4, part.length - 2);
  try {
    const metadata = JSON.parse(new TextDecoder().decode(binaryToBytes(content(parts[0]))));
    return typeof metadata.name === "string"
      ? { name: metadata.name, data: binaryToBytes(content(parts[1])) }
      : null;
  } catch {
    return null;
  }
}

/**
 * Starts the stand-in on a free loopback port (or `port`), accepting the given clients.
 *
 * @example
 * const standin = await startStandinServer({ google_drive: { clientId: "g", clientSecret: "gs" } });
 */
export function startStandinServer(
  clients: Partial<Record<"google_drive" | "dropbox", StandinClient>>,
  { port = 0, accounts = { google_drive: "dj@gmail.example", dropbox: "dj@dropbox.example" } } = {},
): StandinServer {
  const codes = new Map<string, Grant>();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, Grant["provider"]>();
  const files = { google_drive: new Map<string, Uint8Array>(), dropbox: new Map<string, Uint8Array>() };
  const driveIds = new Map<string, string>();
  let refreshCount = 0;

  function authorize(provider: Grant["provider"], url: URL): Response {
    const client = clients[provider];
    const redirectUri = url.searchParams.get("redirect_uri") ?? "";
    if (!client || url.searchParams.get("client_id") !== client.clientId || !redirectUri) {
      return new Response("unknown client", { status: 400 });
    }
    const code = random();
    codes.set(code, {
      provider,
      clientId: client.clientId,
      redirectUri,
      codeChallenge: url.searchParams.get("code_challenge") ?? undefined,
    });
    const back = new URL(redirectUri);
    back.searchParams.set("code", code);
    back.searchParams.set("state", url.searchParams.get("state") ?? "");
    return Response.redirect(back.toString(), 302);
  }

  function issue(grant: Grant) {
    const accessToken = random();
    accessTokens.set(accessToken, grant.provider);
    const refreshToken = random();
    refreshTokens.set(refreshToken, grant);
    return json({
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: "bearer",
      expires_in: 3600,
    });
  }

  async function token(provider: Grant["provider"], request: Request): Promise<Response> {
    const client = clients[provider];
    const form = new URLSearchParams(await request.text());
    const basic = request.headers.get("authorization")?.replace(/^Basic /, "") ?? "";
    const [id, secret] = atob(basic).split(":").map(decodeURIComponent);
    if (!client || id !== client.clientId || secret !== client.clientSecret) {
      return json({ error: "invalid_client" }, 401);
    }
    if (form.get("grant_type") === "refresh_token") {
      const grant = refreshTokens.get(form.get("refresh_token") ?? "");
      if (!grant || grant.provider !== provider) return json({ error: "invalid_grant" }, 400);
      refreshCount++;
      const accessToken = random();
      accessTokens.set(accessToken, provider);
      return json({ access_token: accessToken, token_type: "bearer", expires_in: 3600 });
    }
    const code = form.get("code") ?? "";
    const grant = codes.get(code);
    codes.delete(code);
    if (!grant || grant.provider !== provider || grant.redirectUri !== form.get("redirect_uri")) {
      return json({ error: "invalid_grant" }, 400);
    }
    if (grant.codeChallenge) {
      const verifier = form.get("code_verifier") ?? "";
      const challenge = encodeBase64urlNoPadding(createHash("sha256").update(verifier).digest());
      if (challenge !== grant.codeChallenge) {
        return json({ error: "invalid_grant", error_description: "PKCE" }, 400);
      }
    }
    return issue(grant);
  }

  const bearer = (request: Request) => accessTokens.get(request.headers.get("authorization")?.slice(7) ?? "");

  async function drive(request: Request, url: URL): Promise<Response> {
    const stored = files.google_drive;
    const nameOf = (id: string) => [...driveIds].find(([, fileId]) => fileId === id)?.[0];
    if (url.pathname === "/drive/v3/about") return json({ user: { emailAddress: accounts.google_drive } });
    if (url.pathname === "/drive/v3/files" && request.method === "GET") {
      const name = /name = '((?:[^'\\]|\\.)*)'/.exec(url.searchParams.get("q") ?? "")?.[1]?.replace(
        /\\(.)/g,
        "$1",
      );
      const id = name !== undefined && stored.has(name) ? driveIds.get(name) : undefined;
      return json({ files: id ? [{ id }] : [] });
    }
    if (url.pathname === "/upload/drive/v3/files" && request.method === "POST") {
      const upload = parseDriveMultipart(
        request.headers.get("content-type") ?? "",
        new Uint8Array(await request.arrayBuffer()),
      );
      if (!upload) return json({ error: { message: "bad multipart body" } }, 400);
      const id = random();
      driveIds.set(upload.name, id);
      stored.set(upload.name, upload.data);
      return json({ id });
    }
    const update = /^\/upload\/drive\/v3\/files\/([\w-]+)$/.exec(url.pathname);
    if (update && request.method === "PATCH") {
      const name = nameOf(update[1]);
      if (!name) return json({ error: { message: "not found" } }, 404);
      stored.set(name, new Uint8Array(await request.arrayBuffer()));
      return json({ id: update[1] });
    }
    const file = /^\/drive\/v3\/files\/([\w-]+)$/.exec(url.pathname);
    const name = file && nameOf(file[1]);
    if (!file || !name) return json({ error: { message: "not found" } }, 404);
    if (request.method === "DELETE") {
      stored.delete(name);
      driveIds.delete(name);
      return new Response(null, { status: 204 });
    }
    if (url.searchParams.get("alt") === "media") return media(request, stored.get(name)!);
    return json({ id: file[1], name, size: String(stored.get(name)!.length) });
  }

  async function dropbox(request: Request, url: URL): Promise<Response> {
    const stored = files.dropbox;
    const notFound = (summary: string) => json({ error_summary: `${summary}/not_found/..` }, 409);
    const argPath = () => String(JSON.parse(request.headers.get("dropbox-api-arg") ?? "{}").path ?? "");
    switch (url.pathname) {
      case "/2/users/get_current_account":
        return json({ email: accounts.dropbox, name: { display_name: "DJ" } });
      case "/2/files/upload":
        stored.set(argPath(), new Uint8Array(await request.arrayBuffer()));
        return json({ path_display: argPath() });
      case "/2/files/download": {
        const data = stored.get(argPath());
        return data ? media(request, data) : notFound("path");
      }
      case "/2/files/get_metadata": {
        const data = stored.get(String((await request.json()).path ?? ""));
        return data ? json({ ".tag": "file", size: data.length }) : notFound("path");
      }
      case "/2/files/delete_v2": {
        const path = String((await request.json()).path ?? "");
        if (!stored.delete(path)) return notFound("path_lookup");
        return json({ metadata: { path_display: path } });
      }
    }
    return json({ error_summary: "unknown endpoint" }, 404);
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, async (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/o/oauth2/v2/auth") return authorize("google_drive", url);
    if (url.pathname === "/oauth2/authorize") return authorize("dropbox", url);
    if (url.pathname === "/token" && request.method === "POST") return await token("google_drive", request);
    if (url.pathname === "/oauth2/token" && request.method === "POST") return await token("dropbox", request);
    const provider = bearer(request);
    if (url.pathname.startsWith("/drive/") || url.pathname.startsWith("/upload/drive/")) {
      return provider === "google_drive" ? await drive(request, url) : json({ error: { code: 401 } }, 401);
    }
    if (url.pathname.startsWith("/2/")) {
      return provider === "dropbox"
        ? await dropbox(request, url)
        : json({ error_summary: "invalid_access_token" }, 401);
    }
    return new Response("not found", { status: 404 });
  });

  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    files,
    expireAccessTokens: () => accessTokens.clear(),
    refreshes: () => refreshCount,
    close: () => server.shutdown(),
  };
}

if (import.meta.main) {
  const port = Number(Deno.args[0] ?? "9400");
  const client = (prefix: string) => ({
    clientId: Deno.env.get(`${prefix}_CLIENT_ID`) ?? "standin-client",
    clientSecret: Deno.env.get(`${prefix}_CLIENT_SECRET`) ?? "standin-secret",
  });
  const standin = startStandinServer({ google_drive: client("GOOGLE_DRIVE"), dropbox: client("DROPBOX") }, {
    port,
  });
  console.log(`External storage stand-in (Google Drive + Dropbox subset) at ${standin.url}`);
}
