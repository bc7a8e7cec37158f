// Runs the whole system on embedded defaults: the portal (Deno) on http://localhost:8000 and the
// controller runtime (Bun) beside it. Ctrl-C stops both.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => join(root, "node_modules", ".bin", name);
mkdirSync(join(root, "data"), { recursive: true });

const env = { MIXERA_ENV: "development", MIXERA_LOG_FORMAT: "text", ...process.env };
const children = [
  spawn(bin("deno"), ["run", "-A", "web/main.ts"], { cwd: root, stdio: "inherit", env }),
  spawn(bin("bun"), ["controller/main.ts", "run", "--data-dir", join(root, "data", "controller")], {
    cwd: root,
    stdio: "inherit",
    env,
  }),
];

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3000).unref();
}
for (const child of children) {
  child.on("exit", (code) => {
    if (!stopping) console.error(`a process exited with ${code}; stopping the system`);
    stopAll(code ?? 1);
  });
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
