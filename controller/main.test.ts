import { expect, test } from "bun:test";
import { CONTROLLER_VERSION } from "./main.ts";

test("the controller reports a semver version", () => {
  expect(CONTROLLER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
});
