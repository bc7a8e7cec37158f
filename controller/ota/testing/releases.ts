/**
 * @module
 * Test releases: a signing key, signed manifests for artifacts served by {@link startArtifactServer},
 * and small stand-in controller "binaries" (bun scripts with a shebang) that behave like a healthy
 * build, or one that exits at once, hangs, or never opens its ports.
 */
import { chmodSync, writeFileSync } from "node:fs";
import {
  type FirmwareManifest,
  type FirmwareSigningKey,
  generateFirmwareSigningSeed,
  importFirmwareSigningKey,
  type SignedFirmwareManifest,
  signFirmwareManifest,
} from "../../../shared/ota/mod.ts";
import { DEFAULT_MODEL } from "../../store/identity.ts";

export async function newSigningKey(): Promise<FirmwareSigningKey> {
  return (await importFirmwareSigningKey(generateFirmwareSigningSeed()))!;
}

export function sha256Hex(bytes: Uint8Array): string {
  return new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
}

/** A manifest for `artifact` at `url`, valid for an hour, with any field overridden. */
export function manifestFor(
  artifact: Uint8Array,
  url: string,
  fields: Partial<FirmwareManifest> & { version: string; sequence: number },
): FirmwareManifest {
  const now = Date.now();
  return {
    models: [DEFAULT_MODEL],
    min_firmware_version: "0.0.1",
    channel: "stable",
    artifact_url: url,
    sha256: sha256Hex(artifact),
    size_bytes: artifact.length,
    issued_at: new Date(now - 60_000).toISOString(),
    expires_at: new Date(now + 3_600_000).toISOString(),
    ...fields,
  };
}

export async function signed(
  manifest: FirmwareManifest,
  key: FirmwareSigningKey,
): Promise<SignedFirmwareManifest> {
  return await signFirmwareManifest(manifest, key);
}

export type StandInBehaviour = "healthy" | "exits" | "hangs" | "no_ports" | "slow_start" | "not_a_program";

/**
 * The text of a stand-in controller: run as `<file> run --api-port P …`, a healthy one answers
 * `ping` on 127.0.0.1:P with `{"event":"pong","data":{"version":…}}`; `slow_start` does so after a
 * second; `exits` exits with code 3; `hangs` opens its port, then blocks (no answer, SIGTERM ignored); `no_ports` idles without
 * listening; `not_a_program` cannot be executed at all. `padding` bytes of comment make the artifact as large as a test needs.
 */
export function standInController(version: string, behaviour: StandInBehaviour, padding = 0): Uint8Array {
  // Correctly signed bytes that no kernel will execute (a build for another architecture, say).
  if (behaviour === "not_a_program") {
    return new TextEncoder().encode(`\x7fELF?${version}${"\0".repeat(64 + padding)}`);
  }
  const script = `#!${process.execPath}
const version = ${JSON.stringify(version)};
const behaviour = ${JSON.stringify(behaviour)};
const args = process.argv.slice(2);
const port = Number(args[args.indexOf("--api-port") + 1]);
if (behaviour === "exits") process.exit(3);
// Blocks its only thread without burning a core: the port stays open, nothing answers, SIGTERM is ignored.
const block = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
if (behaviour === "no_ports") setInterval(() => {}, 1000);
else {
  setTimeout(() => {
    Bun.listen({
      hostname: "127.0.0.1",
      port,
      socket: {
        data(socket, data) {
          if (String(data).includes("ping") && behaviour !== "hangs") socket.write(JSON.stringify({ event: "pong", data: { version } }) + "\\n");
        },
      },
    });
    if (behaviour === "hangs") {
      process.on("SIGTERM", () => {});
      setTimeout(block, 50);
    }
  }, behaviour === "slow_start" ? 1000 : 0);
}
// ${"x".repeat(padding)}
`;
  return new TextEncoder().encode(script);
}

export function writeExecutable(path: string, bytes: Uint8Array): void {
  writeFileSync(path, bytes);
  chmodSync(path, 0o755);
}
