/**
 * @module
 * A child process for the fault-injection tests: installs a signed manifest into an A/B layout with
 * the real installer and SIGKILLs itself the moment the installer reports `killAt`, so a test sees
 * exactly what a power cut at that step leaves on disk.
 *
 * Usage: bun install_driver.ts <root> <manifest file> <trusted public key> <step|none>
 */
import { readFileSync } from "node:fs";
import { stageRelease, switchToRelease } from "../install.ts";
import { slotLayout } from "../slots.ts";
import { judgeOffer } from "../updater.ts";

const [root, manifestFile, trustedKey, killAt] = Bun.argv.slice(2);
const layout = slotLayout(root);
const check = await judgeOffer(JSON.parse(readFileSync(manifestFile, "utf8")), {
  layout,
  model: "MXR-DJCTRL-v2",
  fallbackVersion: "1.0.0",
  trustedKeys: [trustedKey],
});
if (!check.ok) {
  console.error(check.message);
  process.exit(1);
}
const onStep = (step: string) => {
  if (step === killAt) process.kill(process.pid, "SIGKILL");
};
const slot = await stageRelease(layout, check.manifest, { onStep });
switchToRelease(layout, slot, { onStep });
