/**
 * @module
 * Checks an S3 presigned URL (SigV4 query signing, `SignedHeaders=host`, unsigned payload) the way the
 * object store does, from the credentials alone. The s3rver test server enforces the expiry of such
 * URLs but does not verify their V4 signature, so tests of presigned URLs verify it with this.
 */
import { createHash, createHmac } from "node:crypto";

export type PresignedCheck = { ok: true } | { ok: false; reason: string };

/** encodeURIComponent plus the characters RFC 3986 reserves that it leaves alone. */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

export function checkPresignedUrl(
  presigned: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  now: Date,
): PresignedCheck {
  const url = new URL(presigned);
  const query = url.searchParams;
  const [algorithm, credential, date, expires, signedHeaders, signature] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
  ].map((name) => query.get(name));
  if (algorithm !== "AWS4-HMAC-SHA256" || !credential || !date || !expires || !signature) {
    return { ok: false, reason: "not a SigV4 presigned URL" };
  }
  if (signedHeaders !== "host") return { ok: false, reason: `signed headers ${signedHeaders} not supported` };
  const [accessKeyId, ...scopeParts] = credential.split("/");
  if (accessKeyId !== credentials.accessKeyId) return { ok: false, reason: "unknown access key" };
  const [day, region, service, terminator] = scopeParts;
  if (scopeParts.length !== 4 || terminator !== "aws4_request" || !date.startsWith(day)) {
    return { ok: false, reason: "malformed credential scope" };
  }
  const canonicalQuery = [...query.entries()]
    .filter(([name]) => name !== "X-Amz-Signature")
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const canonicalPath = url.pathname.split("/").map((part) => encodeRfc3986(decodeURIComponent(part))).join(
    "/",
  );
  const canonicalRequest = [
    "GET",
    canonicalPath,
    canonicalQuery,
    `host:${url.host}`,
    "",
    "host",
    "UNSIGNED-PAYLOAD",
  ]
    .join("\n");
  const scope = scopeParts.join("/");
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    date,
    scope,
    createHash("sha256").update(canonicalRequest).digest("hex"),
  ].join("\n");
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), service),
    "aws4_request",
  );
  if (createHmac("sha256", signingKey).update(stringToSign).digest("hex") !== signature) {
    return { ok: false, reason: "signature does not match" };
  }
  const signedAt = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(4, 6)) - 1,
    Number(date.slice(6, 8)),
    Number(date.slice(9, 11)),
    Number(date.slice(11, 13)),
    Number(date.slice(13, 15)),
  );
  if (signedAt + Number(expires) * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true };
}
