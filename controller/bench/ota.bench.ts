/**
 * Installing a 100 MB firmware artifact: manifest check (Ed25519 over the raw bytes, then the fields),
 * resumable download over loopback HTTP into the inactive slot, size + sha256 check, fsync, rename and
 * the `current` symlink swap — against a plain file copy of the same bytes (baseline, `copyFileSync`),
 * measured in the same run, with the parts it is made of (copy + fsync, sha256, a plain download with
 * no checks) beside it.
 */
import { closeSync, copyFileSync, fsyncSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, percentile, table } from "../../shared/bench/table.ts";
import { checkRelease } from "../ota/check_release.ts";
import { sha256OfFile } from "../ota/download.ts";
import { stageRelease, switchToRelease } from "../ota/install.ts";
import { initLayout, pointCurrentAt, pointGoodAt } from "../ota/slots.ts";
import { startArtifactServer } from "../ota/testing/artifact_server.ts";
import { manifestFor, newSigningKey, sha256Hex, signed } from "../ota/testing/releases.ts";

const SIZE = 100 * 1024 * 1024;
const RUNS = 3;
const work = mkdtempSync(join(tmpdir(), "mixera-ota-bench-"));
const artifact = new Uint8Array(SIZE);
for (let offset = 0; offset < SIZE; offset += 65_536) {
  crypto.getRandomValues(artifact.subarray(offset, offset + 65_536));
}
const source = join(work, "artifact");
writeFileSync(source, artifact);
const server = startArtifactServer();
server.serve("artifact", { bytes: artifact });
const key = await newSigningKey();
const factory = join(work, "factory");
writeFileSync(factory, "factory build");
const layout = initLayout(join(work, "install"), factory, {
  version: "1.0.0",
  sha256: sha256Hex(new TextEncoder().encode("factory build")),
  size: 13,
  sequence: 0,
  installedAt: new Date().toISOString(),
});

async function time(run: () => unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function series(run: (i: number) => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await time(() => run(i)));
  return times.sort((a, b) => a - b);
}

const copy = await series((i) => copyFileSync(source, join(work, `copy-${i}`)));
const copyAndFsync = await series((i) => {
  const target = join(work, `copy-fsync-${i}`);
  copyFileSync(source, target);
  const fd = openSync(target, "r");
  fsyncSync(fd);
  closeSync(fd);
});
const hash = await series(() => sha256OfFile(source));
const download = await series(async (i) => {
  const response = await fetch(server.url("artifact"));
  await Bun.write(join(work, `download-${i}`), response);
});
let verifyMs = 0;
const install = await series(async (i) => {
  // Each run starts from slot a being current and good, so every install writes slot b afresh.
  pointCurrentAt(layout, "a");
  pointGoodAt(layout, "a");
  rmSync(layout.binary("b"), { force: true });
  rmSync(layout.releaseFile("b"), { force: true });
  const envelope = await signed(
    manifestFor(artifact, server.url("artifact"), { version: `1.0.${i + 1}`, sequence: i + 1 }),
    key,
  );
  const verifyStart = performance.now();
  const check = await checkRelease(envelope, {
    trustedKeys: [key.publicKey],
    model: "MXR-DJCTRL-v2",
    installedVersion: "1.0.0",
    trust: { highestVersion: "1.0.0", lastSequence: 0 },
    now: new Date(),
  });
  verifyMs += performance.now() - verifyStart;
  if (!check.ok) throw new Error(check.message);
  const slot = await stageRelease(layout, check.manifest);
  switchToRelease(layout, slot);
});
server.stop();
rmSync(work, { recursive: true, force: true });

const median = (times: number[]) => percentile(times, 50);
const mbPerS = (ms: number) => fmt(SIZE / 1024 / 1024 / (ms / 1000), 0);
const base = median(copy);
console.log(
  `100 MB artifact, ${RUNS} runs each, median; manifest check alone ${fmt(verifyMs / RUNS, 3)} ms\n`,
);
console.log(table(["path", "median ms", "MB/s", "× plain copy"], [
  ["plain file copy (baseline)", fmt(base, 0), mbPerS(base), "1.00"],
  ...([["plain file copy + fsync", copyAndFsync], ["sha256 of the file alone", hash]] as const).map((
    [label, times],
  ) => [label, fmt(median(times), 0), mbPerS(median(times)), fmt(median(times) / base)]),
  [
    "plain download to a file, no checks",
    fmt(median(download), 0),
    mbPerS(median(download)),
    fmt(median(download) / base),
  ],
  [
    "verify + download + sha256 + fsync + rename + switch",
    fmt(median(install), 0),
    mbPerS(median(install)),
    fmt(median(install) / base),
  ],
]));
