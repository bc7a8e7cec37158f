import { describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import { loadConfig } from "../../config/load.ts";
import { cloudCacheDir } from "./service.ts";

describe("the cloud track cache's place and size", () => {
  test("is ~/.mixera_cache/cloud by default, a leading ~/ means the home directory", () => {
    expect(cloudCacheDir(null, "/home/dj")).toBe("/home/dj/.mixera_cache/cloud");
    expect(cloudCacheDir("~/tracks", "/home/dj")).toBe("/home/dj/tracks");
    expect(cloudCacheDir("cache/cloud", "/home/dj")).toBe(resolve("cache/cloud"));
  });

  test("comes from MIXERA_CLOUD_CACHE_DIR and MIXERA_CLOUD_CACHE_MAX_BYTES, with a lower bound on the cap", () => {
    const result = loadConfig({
      env: { MIXERA_CLOUD_CACHE_DIR: "/srv/cloud", MIXERA_CLOUD_CACHE_MAX_BYTES: String(2 * 1024 ** 3) },
      flags: {},
      home: "/home/dj",
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.config.cloud).toMatchObject({ cacheDir: "/srv/cloud", cacheMaxBytes: 2 * 1024 ** 3 });
    const defaults = loadConfig({ env: {}, flags: {}, home: "/home/dj" });
    if (!defaults.ok) throw new Error(defaults.message);
    expect(defaults.config.cloud).toMatchObject({ cacheDir: null, cacheMaxBytes: 16 * 1024 ** 3 });
    const tooSmall = loadConfig({
      env: { MIXERA_CLOUD_CACHE_MAX_BYTES: "1000" },
      flags: {},
      home: "/home/dj",
    });
    expect(tooSmall.ok ? "" : tooSmall.message).toMatch(
      /cloud\.cacheMaxBytes \(from MIXERA_CLOUD_CACHE_MAX_BYTES\)/,
    );
  });
});
