import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { baseUrlFor, checkEndpoint, classify, DEGRADED_AFTER_MS } from "./check.ts";
import type { StatusEndpoint } from "./registry.ts";
import { createStatusRegistry } from "./registry.ts";

const locked: StatusEndpoint = {
  id: "test.locked",
  service: "test",
  name: "Locked",
  method: "GET",
  path: "/locked",
  requiresAuth: true,
  liveStatuses: [401],
};

describe("status check classification", () => {
  it("counts a 2xx and a declared 401 as up", () => {
    assert.equal(classify(locked, 200, 12).state, "up");
    assert.equal(classify(locked, 401, 12).state, "up");
  });

  it("counts an undeclared status and a server error as down, naming it", () => {
    assert.deepEqual(classify(locked, 404, 5), {
      endpointId: "test.locked",
      state: "down",
      httpStatus: 404,
      responseMs: 5,
      detail: "unexpected 404",
    });
    assert.equal(classify(locked, 503, 5).detail, "server error 503");
  });

  it("counts a slow answer and a rate limit as degraded", () => {
    assert.equal(classify(locked, 401, DEGRADED_AFTER_MS + 1).state, "degraded");
    assert.equal(classify(locked, 429, 5).state, "degraded");
  });

  it("is down when nothing answers", async () => {
    const result = await checkEndpoint(
      locked,
      "http://127.0.0.1:9",
      () => Promise.reject(new TypeError("refused")),
    );
    assert.equal(result.state, "down");
    assert.equal(result.httpStatus, null);
    assert.equal(result.detail, "unreachable");
  });

  it("reaches an endpoint at its own target, its service's, or the public URL", () => {
    const publicUrl = "https://portal.example";
    assert.equal(baseUrlFor(locked, publicUrl, {}), publicUrl);
    assert.equal(baseUrlFor(locked, publicUrl, { test: "https://svc.example" }), "https://svc.example");
    assert.equal(
      baseUrlFor(locked, publicUrl, { test: "https://svc.example", "test.locked": "https://one.example" }),
      "https://one.example",
    );
  });
});

describe("status endpoint registry", () => {
  it("refuses a malformed id and a second, different definition of an id", () => {
    const registry = createStatusRegistry();
    assert.throws(() => registry.register({ ...locked, id: "nodot" }), /<service>\.<name>/);
    registry.register({ ...locked, id: "test.twice" });
    registry.register({ ...locked, id: "test.twice" });
    assert.throws(() => registry.register({ ...locked, id: "test.twice", path: "/other" }), /twice/);
    assert.deepEqual(registry.list().map((endpoint) => endpoint.id), ["test.twice"]);
  });
});
