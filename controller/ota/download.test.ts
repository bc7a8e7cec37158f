import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ArtifactError, downloadResumable, verifyArtifact } from "./download.ts";
import { startArtifactServer } from "./testing/artifact_server.ts";
import { sha256Hex } from "./testing/releases.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "mixera-download-"));
  const server = startArtifactServer();
  cleanups.push(() => {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const bytes = crypto.getRandomValues(new Uint8Array(50_000));
  server.serve("artifact", { bytes });
  return { dir, server, bytes, part: join(dir, "mixera-controller.part") };
}

describe("resumable download", () => {
  test("finishes a partial file with a Range request from where it stopped", async () => {
    const { server, bytes, part } = setup();
    writeFileSync(part, bytes.slice(0, 12_345));
    const digest = await downloadResumable({
      url: server.url("artifact"),
      partFile: part,
      size: bytes.length,
    });
    expect(digest).toBe(sha256Hex(bytes));
    expect(server.ranges.get("artifact")).toEqual(["bytes=12345-"]);
    expect(new Uint8Array(readFileSync(part))).toEqual(bytes);
    await verifyArtifact(part, bytes.length, sha256Hex(bytes));
  });

  test("a complete file is not fetched again; a server that ignores Range restarts the file", async () => {
    const { server, bytes, part } = setup();
    writeFileSync(part, bytes);
    expect(await downloadResumable({ url: server.url("artifact"), partFile: part, size: bytes.length })).toBe(
      sha256Hex(bytes),
    );
    expect(server.ranges.get("artifact")).toBeUndefined();
    writeFileSync(part, bytes.slice(0, 100));
    const ignoringRange = ((url: string) => fetch(url)) as typeof fetch;
    await downloadResumable({
      url: server.url("artifact"),
      partFile: part,
      size: bytes.length,
      fetch: ignoringRange,
    });
    expect(new Uint8Array(readFileSync(part))).toEqual(bytes);
  });

  test("never writes more than the manifest states, and says why a download stopped", async () => {
    const { server, bytes, part } = setup();
    const short = bytes.length - 1;
    await expect(downloadResumable({ url: server.url("artifact"), partFile: part, size: short })).rejects
      .toThrow(
        new ArtifactError(`the artifact is larger than the ${short} bytes its manifest states`),
      );
    expect(() => readFileSync(part)).toThrow();
    await expect(downloadResumable({ url: server.url("missing"), partFile: part, size: 10 })).rejects.toThrow(
      "artifact download failed: HTTP 404",
    );
  });

  test("verification names the size or digest that does not match", async () => {
    const { bytes, part } = setup();
    writeFileSync(part, bytes);
    await expect(verifyArtifact(part, bytes.length + 1, sha256Hex(bytes))).rejects.toThrow(
      `artifact has ${bytes.length} bytes, its manifest states ${bytes.length + 1}`,
    );
    await expect(verifyArtifact(part, bytes.length, "0".repeat(64))).rejects.toThrow(
      `artifact sha256 is ${sha256Hex(bytes)}, its manifest states ${"0".repeat(64)}`,
    );
  });
});
