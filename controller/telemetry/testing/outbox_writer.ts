/**
 * @module
 * A child process for the outbox's crash test: it opens the store in `argv[2]`, records heartbeats as
 * fast as it can and seals a batch every 25 events, printing the number of events recorded after each
 * commit, until it is killed.
 */
import { ControllerStore } from "../../store/store.ts";
import { TelemetryOutbox } from "../outbox.ts";

const store = new ControllerStore(process.argv[2]);
const outbox = new TelemetryOutbox(store.db);
let recorded = 0;
for (;;) {
  outbox.record({ kind: "heartbeat", ts: new Date().toISOString(), uptimeSec: recorded, cpuTempC: null });
  recorded++;
  if (recorded % 25 === 0) outbox.seal("MXR-20250701-000123");
  process.stdout.write(`${recorded}\n`);
  if (recorded % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
}
