/** Slow clients against the real server on real sockets, with the timeouts shortened to a few hundred ms. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "./testing/test_app.ts";
import { type PortalServer, serveApp } from "./server.ts";

const TIMEOUT_MS = 300;
/** Far longer than any timeout above: a connection still open by then was not closed by the server. */
const GIVE_UP_MS = 4000;

let t: TestApp;
let server: PortalServer;

before(async () => {
  t = await createTestApp();
  server = serveApp(t.app, {
    hostname: "127.0.0.1",
    port: 0,
    timeouts: { headersMs: TIMEOUT_MS, bodyMs: TIMEOUT_MS, idleMs: TIMEOUT_MS },
  });
});
after(async () => {
  await server.shutdown();
  await t.close();
});

const encode = (text: string) => new TextEncoder().encode(text);

/** Everything the server sends until it closes, or `closed: false` when it is still open after GIVE_UP_MS. */
async function readUntilClosed(conn: Deno.Conn): Promise<{ closed: boolean; text: string }> {
  const buffer = new Uint8Array(64 * 1024);
  let text = "";
  let gaveUp = false;
  const timer = setTimeout(() => {
    gaveUp = true;
    conn.close();
  }, GIVE_UP_MS);
  try {
    while (true) {
      const read = await conn.read(buffer);
      if (read === null) break;
      text += new TextDecoder().decode(buffer.subarray(0, read));
    }
  } catch {
    // closed under the read: by us after GIVE_UP_MS, or a reset by the server
  } finally {
    clearTimeout(timer);
  }
  if (!gaveUp) conn.close();
  return { closed: !gaveUp, text };
}

const connect = () => Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("slow clients", () => {
  it("serves a normal request through the guard", async () => {
    const response = await fetch(`http://127.0.0.1:${server.addr.port}/signin`);
    assert.equal(response.status, 200);
    await response.body?.cancel();
  });

  it("closes a connection whose headers never complete", async () => {
    const conn = await connect();
    await conn.write(encode("GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    assert.equal((await readUntilClosed(conn)).closed, true);
  });

  it("closes a connection that trickles its headers a byte at a time", async () => {
    const conn = await connect();
    const result = readUntilClosed(conn);
    const trickle = (async () => {
      for (const byte of encode("GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(100))) {
        try {
          await conn.write(new Uint8Array([byte]));
        } catch {
          return;
        }
        await pause(TIMEOUT_MS / 3);
      }
    })();
    assert.equal((await result).closed, true);
    await trickle;
  });

  it("answers a body that stalls 408 and closes the connection", async () => {
    const conn = await connect();
    await conn.write(encode(
      "POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nSec-Fetch-Site: same-origin\r\n" +
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=a",
    ));
    const result = await readUntilClosed(conn);
    assert.equal(result.closed, true);
    assert.match(result.text, /^HTTP\/1\.1 408/);
  });

  it("closes a kept-alive connection that sends no next request", async () => {
    const conn = await connect();
    await conn.write(encode("GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    const result = await readUntilClosed(conn);
    assert.equal(result.closed, true);
    assert.match(result.text, /^HTTP\/1\.1 200/);
  });

  it("closes a connection that never sends a byte", async () => {
    assert.equal((await readUntilClosed(await connect())).closed, true);
  });
});
