import { describe, expect, it } from "bun:test";
import { createMemoryLogger } from "../log/logger.ts";
import { refuseForeignOrigin } from "./origin.ts";

const request = (origin?: string) =>
  new Request("http://127.0.0.1:4721/", { headers: origin ? { origin } : {} });

describe("refuseForeignOrigin", () => {
  it("lets listed origins and non-browser clients through, refuses and logs the others", async () => {
    const { logger, records } = createMemoryLogger();
    const allowed = ["http://localhost:8000"];
    expect(refuseForeignOrigin(request(), allowed, logger, "daemon")).toBeNull();
    expect(refuseForeignOrigin(request("http://localhost:8000"), allowed, logger, "daemon")).toBeNull();
    const refusal = refuseForeignOrigin(request("http://evil.example"), allowed, logger, "api")!;
    expect(refusal.status).toBe(403);
    expect(await refusal.text()).toContain("http://evil.example");
    expect(records.map((r) => [r.category, r.msg, r.origin])).toEqual([
      ["api", "websocket origin refused", "http://evil.example"],
    ]);
  });
});
