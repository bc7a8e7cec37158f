/**
 * @module
 * Entry point of the MIXERA controller runtime (compiled to one binary with `bun build --compile`).
 */
export const CONTROLLER_VERSION = "0.1.0";

if (import.meta.main) {
  const [command = "run"] = Bun.argv.slice(2);
  if (command === "version") console.log(`mixera-controller ${CONTROLLER_VERSION}`);
  else console.log(`mixera-controller: ${command} is not available yet`);
}
