// Runs every benchmark: web/bench/*.ts and shared/bench/*.ts with Deno, controller/bench/*.ts with Bun.
// Each benchmark prints its own result tables (with ratios against its baseline).
// Usage: npm run bench [-- NAME_FILTER]
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const filter = process.argv[2] ?? "";
const groups = [
  { dir: "web/bench", cmd: ["deno", "run", "-A"] },
  { dir: "shared/bench", cmd: ["deno", "run", "-A"] },
  { dir: "controller/bench", cmd: ["bun", "run"] },
];

let ran = 0;
let failed = 0;
for (const { dir, cmd } of groups) {
  const full = join(root, dir);
  if (!existsSync(full)) continue;
  const files = readdirSync(full).filter((f) => f.endsWith(".bench.ts") && f.includes(filter)).sort();
  for (const file of files) {
    console.log(`\n## ${dir}/${file}\n`);
    const [runtime, ...args] = cmd;
    const result = spawnSync(join(root, "node_modules", ".bin", runtime), [...args, join(dir, file)], {
      cwd: root,
      stdio: "inherit",
    });
    ran++;
    if (result.status !== 0) failed++;
  }
}
console.log(`\n${ran} benchmark file(s) run, ${failed} failed`);
process.exit(failed ? 1 : 0);
