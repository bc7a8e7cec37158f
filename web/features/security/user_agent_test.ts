import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cachedUserAgentCount, describeUserAgent, USER_AGENT_CACHE_SIZE } from "./user_agent.ts";

describe("describeUserAgent", () => {
  it("names browser and system", () => {
    assert.deepEqual(
      describeUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
      ),
      { browser: "Mobile Safari 17", os: "iOS 17.1" },
    );
    assert.deepEqual(
      describeUserAgent(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
      ),
      { browser: "Chrome 131", os: "Linux" },
    );
  });

  it("admits when it cannot tell", () => {
    assert.deepEqual(describeUserAgent(""), { browser: "Unknown browser", os: "Unknown system" });
    assert.equal(describeUserAgent("curl/8.0").os, "Unknown system");
  });

  it("answers repeated headers the same and remembers a bounded number of them", () => {
    const chrome =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    assert.deepEqual(describeUserAgent(chrome), describeUserAgent(chrome));
    for (let i = 0; i < USER_AGENT_CACHE_SIZE + 50; i++) describeUserAgent(`agent-${i}/1.0`);
    assert.equal(cachedUserAgentCount(), USER_AGENT_CACHE_SIZE);
    assert.deepEqual(
      describeUserAgent(chrome),
      { browser: "Chrome 131", os: "Linux" },
      "right after eviction too",
    );
  });
});
