import { describe, expect, test } from "bun:test";
import { TELEMETRY_EVENT_KINDS } from "../../shared/telemetry/mod.ts";
import { PRIVATE_PATH, runSetScenario } from "./testing/scenario.ts";

/** Field names that would carry a person or a place on their disk. */
const PERSONAL_FIELD = /mail|name|user|owner|path|file|home|address|phone|ip$/i;

function walk(value: unknown, visit: (key: string, value: unknown) => void, key = ""): void {
  visit(key, value);
  if (Array.isArray(value)) value.forEach((item) => walk(item, visit, key));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) walk(v, visit, k);
  }
}

describe("telemetry privacy", () => {
  test("no event of any kind carries an email, a name or a file path", async () => {
    const { batches } = await runSetScenario();
    const events = batches.flatMap((batch) => batch.events);
    expect(new Set(events.map((event) => event.kind))).toEqual(new Set(TELEMETRY_EVENT_KINDS));
    const userName = "anna.schmidt";
    for (const event of events) {
      walk(event, (key, value) => {
        expect([event.kind, key, PERSONAL_FIELD.test(key)]).toEqual([event.kind, key, false]);
        if (typeof value !== "string") return;
        for (const secret of [userName, "Anna Schmidt", "/home/", PRIVATE_PATH, ".wav", "@"]) {
          expect([event.kind, key, value.includes(secret)]).toEqual([event.kind, key, false]);
        }
      });
    }
    // The envelope names the device, nothing else.
    for (const batch of batches) {
      expect(Object.keys(batch).sort()).toEqual(["batchId", "events", "sentAt", "serial", "v"]);
    }
  });
});
