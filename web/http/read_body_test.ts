import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readBodyAtMost } from "./read_body.ts";

function streamOf(...parts: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
}

describe("readBodyAtMost", () => {
  it("joins a body streamed in several chunks", async () => {
    const request = new Request("http://x/", { method: "POST", body: streamOf("ab", "cd", "e") });
    assert.equal(new TextDecoder().decode((await readBodyAtMost(request, 5))!), "abcde");
  });

  it("refuses a body that grows past the limit while streaming", async () => {
    const request = new Request("http://x/", { method: "POST", body: streamOf("abc", "def") });
    assert.equal(await readBodyAtMost(request, 5), null);
  });

  it("refuses a declared Content-Length over the limit without reading", async () => {
    const request = new Request("http://x/", {
      method: "POST",
      body: "small",
      headers: { "content-length": "1000000" },
    });
    assert.equal(await readBodyAtMost(request, 100), null);
    assert.equal(request.bodyUsed, false);
  });

  it("reads a missing body as empty", async () => {
    assert.equal((await readBodyAtMost(new Request("http://x/"), 10))!.byteLength, 0);
  });
});
