/**
 * Mixer daemon benchmark: the daemon runs in its own process (pinned to one core when taskset
 * exists) serving an imported 11k-property device map; clients run here over loopback.
 * Baseline: the open Python implementation (open-apollo mixer-engine), measured over loopback on a
 * 2-core machine with CPython 3.11; its numbers are the `baseline` of each row.
 */
import type { Socket } from "bun";
import { connect } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDeviceMap } from "../daemon/testing/device_map_fixture.ts";
import { createTreeFromDeviceMap } from "../daemon/tree/device_map.ts";
import { snapshotPieces } from "../daemon/tree/persistence.ts";

/** A raw client that counts NUL-terminated replies without parsing them (so the client is not the bottleneck). */
class CountingClient {
  received = 0;
  bytes = 0;
  #waiters: { count: number; resolve: () => void }[] = [];
  #unsent: Uint8Array[] = [];
  #socket!: Socket<undefined>;
  #last = "";
  keepLast = false;

  static async connect(port: number): Promise<CountingClient> {
    const client = new CountingClient();
    client.#socket = await Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        data: (_s, chunk) => client.#onData(chunk),
        drain: () => client.#flush(),
      },
    });
    return client;
  }

  #onData(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    let at = chunk.indexOf(0);
    while (at >= 0) {
      this.received++;
      at = chunk.indexOf(0, at + 1);
    }
    if (this.keepLast) this.#last = new TextDecoder().decode(chunk);
    this.#waiters = this.#waiters.filter((w) => {
      if (this.received < w.count) return true;
      w.resolve();
      return false;
    });
  }

  lastChunk(): string {
    return this.#last;
  }

  /** Resolves once `count` replies have arrived in total. */
  until(count: number): Promise<void> {
    if (this.received >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  send(text: string): void {
    this.#unsent.push(Buffer.from(text));
    if (this.#unsent.length === 1) this.#flush();
  }

  #flush(): void {
    while (this.#unsent.length > 0) {
      const next = this.#unsent[0];
      const written = this.#socket.write(next);
      if (written >= next.length) this.#unsent.shift();
      else {
        this.#unsent[0] = next.subarray(Math.max(0, written));
        return;
      }
    }
  }

  close(): void {
    this.#socket.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function rssMb(pid: number): number {
  const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
  return match ? Number(match[1]) / 1024 : NaN;
}

const dir = mkdtempSync(join(tmpdir(), "daemon-bench-"));
const mapFile = join(dir, "apollo.json");
writeFileSync(mapFile, JSON.stringify(generateDeviceMap()));
// Persisting its state like the controller does (`run` always gives the daemon a state file).
const options = JSON.stringify({
  deviceMapFile: mapFile,
  stateFile: join(dir, "state.json"),
  logLevel: "warn",
});
const pinned = Bun.which("taskset") ? ["taskset", "-c", "1"] : [];
const standalone = join(import.meta.dir, "..", "daemon", "standalone.ts");
const child = Bun.spawn([...pinned, process.execPath, standalone, options], {
  stdout: "pipe",
  stderr: "pipe",
});
const firstLine = new TextDecoder().decode((await child.stdout.getReader().read()).value).split("\n")[0];
const { ports, pid } = JSON.parse(firstLine) as { ports: { text: number }; pid: number };
const stderrText = new Response(child.stderr).text();
const port = ports.text;
const rows: {
  measure: string;
  value: number;
  unit: string;
  target: string;
  baseline: number;
  better: "higher" | "lower";
  /** Shown instead of a ratio when the baseline has no such number. */
  note?: string;
}[] = [];
const property = "/devices/0/inputs/0/Param0/value";

// 1. Changing sets per second from one client (pipelined), completion marked by a tagged set.
{
  const client = await CountingClient.connect(port);
  const total = 200_000;
  const batch = 2_000;
  for (let warm = 0; warm < 2; warm++) {
    const start = performance.now();
    for (let i = 0; i < total; i += batch) {
      let chunk = "";
      for (let k = 0; k < batch; k++) chunk += `set ${property} ${((i + k) % 1000) / 1000}\0`;
      client.send(chunk);
      if (i % 20_000 === 0) await Bun.sleep(0);
    }
    client.send(`set ${property}?message_id=end 0.5\0`);
    await client.until(client.received + 1);
    const elapsed = (performance.now() - start) / 1000;
    if (warm === 1) {
      rows.push({
        measure: "changing sets/s (one client)",
        value: total / elapsed,
        unit: "/s",
        target: "≥ 50,000",
        baseline: 2_700,
        better: "higher",
      });
    }
  }
  const start = performance.now();
  let chunk = "";
  for (let k = 0; k < total; k++) chunk += `set ${property} 0.5\0`;
  client.send(chunk + `get /ping\0`);
  await client.until(client.received + 1);
  rows.push({
    measure: "no-op sets/s (one client)",
    value: total / ((performance.now() - start) / 1000),
    unit: "/s",
    target: "-",
    baseline: 144_000,
    better: "higher",
  });
  client.close();
}

/**
 * Set by one client → notification at another, one at a time, 1 ms apart (a hand on a fader), for
 * `durationMs`: spread over time, the samples meet whatever pause the daemon takes in that window
 * (garbage collection, the state-file write, meter ticks), not just the first few milliseconds.
 */
async function setToNotification(durationMs: number, target = port): Promise<number[]> {
  const setter = await CountingClient.connect(target);
  const watcher = await CountingClient.connect(target);
  watcher.send(`subscribe /devices/0/inputs/1/FaderLevel/value\0`);
  await watcher.until(1);
  const samples: number[] = [];
  const end = performance.now() + durationMs;
  for (let i = 0; performance.now() < end; i++) {
    const start = performance.now();
    setter.send(`set /devices/0/inputs/1/FaderLevel/value ${-(i % 50) - 1}.000000\0`);
    await watcher.until(watcher.received + 1);
    samples.push(performance.now() - start);
    await Bun.sleep(1);
  }
  setter.close();
  watcher.close();
  return samples.sort((a, b) => a - b);
}

function latencyRows(label: string, samples: number[], p99Target = "≤ 1"): void {
  rows.push({
    measure: `${label} p50`,
    value: percentile(samples, 50),
    unit: "ms",
    target: "-",
    baseline: 0.17,
    better: "lower",
  });
  rows.push({
    measure: `${label} p99`,
    value: percentile(samples, 99),
    unit: "ms",
    target: p99Target,
    baseline: 0.33,
    better: "lower",
  });
  rows.push({
    measure: `${label} p99.9`,
    value: percentile(samples, 99.9),
    unit: "ms",
    target: "-",
    baseline: NaN,
    better: "lower",
  });
}

// 2. Fan-out: one writer, 100 subscribers; then at once set → notification, while the burst's garbage,
// closed sockets and output buffers are still being dealt with.
{
  const subscribers = await Promise.all(Array.from({ length: 100 }, () => CountingClient.connect(port)));
  for (const s of subscribers) s.send(`subscribe ${property}\0`);
  await Promise.all(subscribers.map((s) => s.until(1)));
  const writer = await CountingClient.connect(port);
  const sets = 10_000;
  const start = performance.now();
  for (let i = 0; i < sets; i += 500) {
    let chunk = "";
    for (let k = 0; k < 500; k++) chunk += `set ${property} ${(i + k + 1) / (sets + 1)}\0`;
    writer.send(chunk);
    await Bun.sleep(0);
  }
  await Promise.all(subscribers.map((s) => s.until(1 + sets)));
  const elapsed = (performance.now() - start) / 1000;
  rows.push({
    measure: "fan-out to 100 subscribers",
    value: (100 * sets) / elapsed,
    unit: "notifications/s",
    target: "≥ 300,000",
    baseline: 37_700,
    better: "higher",
  });
  for (const s of subscribers) s.close();
  writer.close();
  latencyRows("set → notification, 2 s right after the fan-out", await setToNotification(2000));
}

// 3. Set by one client → notification at another, sequential, idle daemon.
await Bun.sleep(500);
latencyRows("set → notification, 2 s idle", await setToNotification(2000));

// The floor this machine sets for the same measurement: a relay that does nothing but pass each
// message from one client to the others (and answer a "subscribe", told apart from a "set" by its "u"), pinned like the daemon. On a loaded
// machine, waking an idle process costs milliseconds now and then; that part of the tail is not the daemon's.
{
  const relaySource = `
    const peers = new Set();
    const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: {
      open(s) { peers.add(s); },
      data(s, chunk) {
        if (chunk[1] === 117) { s.write("{}\\0"); return; }
        for (const peer of peers) if (peer !== s) peer.write('{"path":"/x/value","data":1}\\0');
      },
      close(s) { peers.delete(s); },
    } });
    console.log(server.port);`;
  const relay = Bun.spawn([...pinned, process.execPath, "-e", relaySource], { stdout: "pipe" });
  const relayPort = Number(new TextDecoder().decode((await relay.stdout.getReader().read()).value).trim());
  latencyRows("machine floor: relay, 2 s idle", await setToNotification(2000, relayPort), "-");
  relay.kill();
  await relay.exited;
}

// 4. Recursive get of the whole 11k-property tree.
let treeBytes = 0;
{
  const client = await CountingClient.connect(port);
  const samples: number[] = [];
  for (let i = 0; i < 60; i++) {
    const before = client.bytes;
    const start = performance.now();
    client.send("get /?recursive=1\0");
    await client.until(client.received + 1);
    if (i >= 10) samples.push(performance.now() - start);
    treeBytes = client.bytes - before;
  }
  samples.sort((a, b) => a - b);
  rows.push({
    measure: "get /?recursive=1, 11k properties (median)",
    value: percentile(samples, 50),
    unit: "ms",
    target: "≤ 10",
    baseline: 26,
    better: "lower",
  });
  client.close();
}

// 5. Memory with 100 subscribers that never read, fed 200k changing sets (~10 MB of notifications each).
let memoryNote = "";
let persistenceNote = "";
{
  const rssBefore = rssMb(pid);
  const stalled = await Promise.all(
    Array.from({ length: 100 }, () =>
      new Promise<ReturnType<typeof connect>>((resolve) => {
        const socket = connect(port, "127.0.0.1", () => resolve(socket));
        socket.on("error", () => {});
      })),
  );
  for (const socket of stalled) {
    socket.write("subscribe /devices/0/inputs/0\0");
    socket.pause();
  }
  await Bun.sleep(100);
  const writer = await CountingClient.connect(port);
  let peak = rssBefore;
  for (let i = 0; i < 200_000; i += 1000) {
    let chunk = "";
    for (let k = 0; k < 1000; k++) chunk += `set ${property} ${((i + k) % 997) / 997}\0`;
    writer.send(chunk);
    await Bun.sleep(1);
    peak = Math.max(peak, rssMb(pid));
  }
  writer.send("get /ping\0");
  await writer.until(1);
  await Bun.sleep(3000);
  const rssAfter = rssMb(pid);
  peak = Math.max(peak, rssAfter);
  rows.push({
    measure: "peak RSS growth, 100 non-reading subscribers × 200k sets",
    value: peak - rssBefore,
    unit: "MB",
    target: "bounded",
    baseline: NaN,
    better: "lower",
    note: "grew without bound",
  });
  memoryNote = `RSS before ${rssBefore.toFixed(1)} MB, peak ${peak.toFixed(1)} MB, after ${
    rssAfter.toFixed(1)
  } MB`;
  for (const socket of stalled) socket.destroy();
  writer.close();
}

// 6. The state write's hold on the event loop, in this process on the same 11k-property tree: the
// longest piece of synchronous work in a background write (one slice, then the event loop runs),
// against building the whole snapshot in one turn, as the write did before it was sliced (every set
// arriving meanwhile waited for it).
{
  const tree = createTreeFromDeviceMap(generateDeviceMap());
  const sliced: number[] = [];
  const whole: number[] = [];
  for (let round = 0; round < 50; round++) {
    tree.setValue(property.replace("/value", ""), (round % 10) / 10);
    let longest = 0;
    const pieces = snapshotPieces(tree);
    for (;;) {
      const start = performance.now();
      const next = pieces.next();
      if (!next.done) Buffer.from(next.value);
      longest = Math.max(longest, performance.now() - start);
      if (next.done) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    sliced.push(longest);
    await Bun.sleep(1);
    const start = performance.now();
    Buffer.from([...snapshotPieces(tree)].join(""));
    whole.push(performance.now() - start);
    await Bun.sleep(1);
  }
  sliced.sort((a, b) => a - b);
  whole.sort((a, b) => a - b);
  rows.push({
    measure: "state write: longest synchronous turn, 11k properties (median of 50)",
    value: percentile(sliced, 50),
    unit: "ms",
    target: "< 0.5",
    baseline: percentile(whole, 50),
    better: "lower",
  });
  persistenceNote = `whole snapshot in one turn (the former write): median ${
    percentile(whole, 50).toFixed(2)
  } ms, p90 ${percentile(whole, 90).toFixed(2)} ms; sliced write, longest turn: p90 ${
    percentile(sliced, 90).toFixed(2)
  } ms`;
}

child.kill("SIGTERM");
await child.exited;
const disconnected = (await stderrText).split("\n").filter((l) => l.includes("client not reading")).length;
rmSync(dir, { recursive: true, force: true });

const format = (n: number) =>
  Number.isNaN(n) ? "n/a" : n >= 1000 ? Math.round(n).toLocaleString("en-US") : n.toFixed(n < 1 ? 3 : 1);
console.log(
  `Mixer daemon (Bun ${Bun.version}${
    pinned.length ? ", daemon pinned to one core" : ""
  }); baseline = open-apollo (CPython 3.11, loopback, 2 cores)\n`,
);
console.log("| measure | MIXERA daemon | target | open-apollo baseline | ratio (better = >1) |");
console.log("|---|---|---|---|---|");
for (const row of rows) {
  const ratio = Number.isNaN(row.baseline)
    ? `n/a${row.note ? ` (${row.note})` : ""}`
    : `${(row.better === "higher" ? row.value / row.baseline : row.baseline / row.value).toFixed(1)}×`;
  console.log(
    `| ${row.measure} | ${format(row.value)} ${row.unit} | ${row.target} | ${
      format(row.baseline)
    } ${row.unit} | ${ratio} |`,
  );
}
console.log(`\nRecursive get reply: ${(treeBytes / 1e6).toFixed(2)} MB (baseline 1.43 MB).`);
console.log(`Memory: ${memoryNote}; ${disconnected} non-reading clients disconnected and logged.`);
console.log(
  `State write: ${persistenceNote} (that row's baseline is the one-turn snapshot, measured in this run).`,
);
