import { afterEach, describe, expect, test } from "bun:test";
import { CloudHttpClient, CloudRequestError } from "./http_client.ts";
import { parsePortalUrl } from "./portal_url.ts";

const servers: ReturnType<typeof Bun.serve>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.stop(true);
});

function portal(handler: (request: Request) => Response | Promise<Response>) {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: handler });
  servers.push(server);
  return `http://127.0.0.1:${server.port}`;
}

describe("portal HTTP client", () => {
  test("requires https except on loopback", () => {
    expect(parsePortalUrl("https://mixera.pro/x")).toEqual({ ok: true, origin: "https://mixera.pro" });
    expect(parsePortalUrl("http://localhost:8000").ok).toBe(true);
    expect(parsePortalUrl("http://127.0.0.1:8000").ok).toBe(true);
    expect(parsePortalUrl("http://mixera.pro").ok).toBe(false);
    expect(parsePortalUrl("http://192.168.1.5:8000").ok).toBe(false);
    expect(parsePortalUrl("ftp://mixera.pro").ok).toBe(false);
    expect(() => new CloudHttpClient({ portal: "http://portal.example" })).toThrow(CloudRequestError);
  });

  test("retries 5xx and 429 with growing jittered delays, then returns the answer", async () => {
    let calls = 0;
    const base = portal(() =>
      ++calls < 3 ? new Response("busy", { status: 503 }) : Response.json({ ok: true })
    );
    const delays: number[] = [];
    const client = new CloudHttpClient({
      portal: base,
      baseDelayMs: 100,
      random: () => 1,
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    });
    const answer = await client.request("GET", "/x");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true });
    expect(calls).toBe(3);
    expect(delays).toEqual([150, 300]);
  });

  test("returns a 4xx at once, and gives up after the attempts on a dead portal", async () => {
    let calls = 0;
    const base = portal(() => {
      calls++;
      return Response.json({ error: "invalid_token" }, { status: 401 });
    });
    const client = new CloudHttpClient({ portal: base, sleep: () => Promise.resolve() });
    expect((await client.request("POST", "/y", { json: {} })).status).toBe(401);
    expect(calls).toBe(1);

    const dead = new CloudHttpClient({
      portal: "http://127.0.0.1:9",
      attempts: 3,
      sleep: () => Promise.resolve(),
    });
    await expect(dead.request("GET", "/")).rejects.toThrow(/unreachable after 3 attempts/);
  });

  test("times out a portal that does not answer", async () => {
    const base = portal(() => new Promise<Response>(() => {}));
    const client = new CloudHttpClient({ portal: base, timeoutMs: 100, attempts: 1 });
    await expect(client.request("GET", "/slow")).rejects.toThrow(CloudRequestError);
  });
});
