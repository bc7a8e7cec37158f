import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HTTPException } from "hono/http-exception";
import { readBodyAtMost, setBodyDeadline } from "./read_body.ts";

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

  it("answers 408 when the body stalls past its deadline, and cancels it", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("email=a"));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request("http://x/", { method: "POST", body });
    setBodyDeadline(request, Date.now() + 50);
    await assert.rejects(
      readBodyAtMost(request, 1000),
      (error: unknown) => error instanceof HTTPException && error.status === 408,
    );
    assert.equal(cancelled, true);
  });

  it("reads a body that completes before its deadline", async () => {
    const request = new Request("http://x/", { method: "POST", body: streamOf("ab", "c") });
    setBodyDeadline(request, Date.now() + 5000);
    assert.equal(new TextDecoder().decode((await readBodyAtMost(request, 10))!), "abc");
  });
});
