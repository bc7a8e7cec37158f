import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { openToken, sealToken } from "./sealed_tokens.ts";

const key = () => encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32)));

describe("sealed provider tokens", () => {
  it("open with the same key and owner only", async () => {
    const k = key();
    const sealed = await sealToken(k, "user-1:dropbox", "sl.access-token");
    assert.doesNotMatch(sealed, /access-token/);
    assert.equal(await openToken(k, "user-1:dropbox", sealed), "sl.access-token");
    assert.equal(await openToken(k, "user-2:dropbox", sealed), null);
    assert.equal(await openToken(key(), "user-1:dropbox", sealed), null);
    assert.equal(await openToken(k, "user-1:dropbox", "garbage"), null);
  });

  it("uses a fresh IV every time", async () => {
    const k = key();
    assert.notEqual(await sealToken(k, "o", "t"), await sealToken(k, "o", "t"));
  });
});
