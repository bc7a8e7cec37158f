import { it } from "node:test";
import assert from "node:assert/strict";
import { app } from "./main.ts";

it("serves the home page", async () => {
  const res = await app.request("/");
  assert.equal(res.status, 200);
});
