import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HTTPException } from "hono/http-exception";
import { readBodyAtMost, setBodyDeadline, streamBodyAtMost } from "./read_body.ts";

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

describe("streamBodyAtMost", () => {
  const collect = async (chunks: AsyncIterable<Uint8Array>) => {
    let total = 0;
    for await (const chunk of chunks) total += chunk.byteLength;
    return total;
  };
  const bodyOf = (pieces: number[], error?: Error) => {
    const left = [...pieces];
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        const size = left.shift();
        if (size !== undefined) controller.enqueue(new Uint8Array(size));
        else if (error) controller.error(error);
        else controller.close();
      },
    });
  };

  it("hands over the whole body and says it is complete", async () => {
    const body = streamBodyAtMost(new Request("http://x/", { method: "PATCH", body: bodyOf([3, 4]) }), 7);
    assert.equal(await collect(body.chunks), 7);
    assert.equal(body.end(), "complete");
  });

  it("stops at the limit, keeping the bytes within it", async () => {
    const body = streamBodyAtMost(new Request("http://x/", { method: "PATCH", body: bodyOf([3, 4]) }), 5);
    assert.equal(await collect(body.chunks), 5);
    assert.equal(body.end(), "too large");
  });

  it("ends without throwing when the connection breaks, keeping what arrived", async () => {
    const request = new Request("http://x/", { method: "PATCH", body: bodyOf([3], new Error("reset")) });
    const body = streamBodyAtMost(request, 100);
    assert.equal(await collect(body.chunks), 3);
    assert.equal(body.end(), "aborted");
  });
});
