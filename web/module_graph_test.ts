/**
 * @module
 * The portal's import graph keeps its shape: no two folders import each other (a cycle makes start-up order
 * and refactoring fragile), a feature reaches another feature only through that feature's `mod.ts` (its
 * tests may also use the fixtures in its `testing/` folder), modules that only tests load live in `testing/`
 * folders, and production code never loads one.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The portal's programs: the server and the tasks run beside it. */
const ENTRY_POINTS = [
  "web/main.ts",
  ...readdirSync(`${root}web/tasks`).filter((file) => /^\w+\.ts$/.test(file) && !file.endsWith("_test.ts"))
    .map((file) => `web/tasks/${file}`),
];

interface ModuleInfo {
  specifier: string;
  dependencies?: { code?: { specifier?: string }; type?: { specifier?: string } }[];
}

/**
 * Project-relative import edges (`from → to`) of the modules reached from `entries` (paths relative to
 * the project root, or absolute), read from `deno info --json`.
 */
async function importEdges(entries: string[]): Promise<[string, string][]> {
  const edges: [string, string][] = [];
  for (const entry of entries) {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", "--config", `${root}deno.json`, entry],
      cwd: root,
      stdout: "piped",
      stderr: "inherit",
    }).output();
    const graph = JSON.parse(new TextDecoder().decode(output.stdout)) as { modules: ModuleInfo[] };
    const local = (specifier: string | undefined) =>
      specifier?.startsWith(`file://${root}`) && !specifier.includes("/node_modules/")
        ? specifier.slice(`file://${root}`.length)
        : undefined;
    for (const module of graph.modules) {
      const from = local(module.specifier);
      if (!from) continue;
      for (const dependency of module.dependencies ?? []) {
        const to = local(dependency.code?.specifier ?? dependency.type?.specifier);
        if (to) edges.push([from, to]);
      }
    }
  }
  return edges;
}

/** The folder a module belongs to: a feature's room, or the directory holding the file. */
function folderOf(path: string): string {
  const parts = path.split("/");
  if (parts[0] === "web" && parts[1] === "features" && parts.length > 3) return parts.slice(0, 3).join("/");
  return parts.length > 2 ? parts.slice(0, -1).join("/") : path;
}

/**
 * Import edges of every module under web/features, tests and test support included: one throwaway
 * module imports them all, so a single `deno info` reads the whole graph.
 */
async function featureImportEdges(): Promise<[string, string][]> {
  const files = readdirSync(`${root}web/features`, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.tsx?$/.test(file));
  const everything = await Deno.makeTempFile({ suffix: ".ts" });
  try {
    const imports = files.map((file) => `import "file://${root}web/features/${file}";`);
    await Deno.writeTextFile(everything, imports.join("\n"));
    return await importEdges([everything]);
  } finally {
    await Deno.remove(everything);
  }
}

/** The feature a module belongs to (`web/features/<name>`), or undefined outside web/features. */
function featureOf(path: string): string | undefined {
  const parts = path.split("/");
  return parts[0] === "web" && parts[1] === "features" && parts.length > 3
    ? parts.slice(0, 3).join("/")
    : undefined;
}

/** Tests and the modules in `testing/` folders that only tests import. */
function isTestCode(path: string): boolean {
  return path.endsWith("_test.ts") || path.split("/").includes("testing");
}

/**
 * Whether `from` may import `to` when they are in different features: through the other feature's
 * `mod.ts`, or, for test code, a fixture in the other feature's `testing/` folder.
 */
function crossesFeatureDoor(from: string, to: string): boolean {
  const feature = featureOf(to);
  if (!feature || featureOf(from) === feature) return true;
  if (to === `${feature}/mod.ts`) return true;
  return isTestCode(from) && to.startsWith(`${feature}/testing/`);
}

describe("the portal's import graph", () => {
  it("has no two folders importing each other", async () => {
    const folderEdges = new Set<string>();
    for (const [from, to] of await importEdges(ENTRY_POINTS)) {
      if (folderOf(from) !== folderOf(to)) folderEdges.add(`${folderOf(from)} → ${folderOf(to)}`);
    }
    const cycles = [...folderEdges].filter((edge) => {
      const [from, to] = edge.split(" → ");
      return from < to && folderEdges.has(`${to} → ${from}`);
    });
    assert.deepEqual(cycles, []);
  });

  it("lets a feature reach another feature only through its mod.ts (tests also through its testing/ folder)", async () => {
    const breaches = (await featureImportEdges())
      .filter(([from, to]) => featureOf(from) && !crossesFeatureDoor(from, to))
      .map(([from, to]) => `${from} → ${to}`);
    assert.deepEqual([...new Set(breaches)], []);
  });

  it("has every module either in the running portal or, for tests only, in a testing/ folder", async () => {
    const reached = new Set((await importEdges(ENTRY_POINTS)).flatMap((edge) => edge));
    const testOnly = readdirSync(`${root}web`, { recursive: true, encoding: "utf8" })
      .map((file) => `web/${file}`)
      .filter((path) => /\.tsx?$/.test(path) && !isTestCode(path) && !/^web\/(e2e|bench)\//.test(path))
      .filter((path) => !reached.has(path));
    assert.deepEqual(testOnly, []);
  });

  it("never reaches a testing/ module from production code", async () => {
    const reached = new Set((await importEdges(ENTRY_POINTS)).flatMap((edge) => edge));
    assert.deepEqual([...reached].filter((path) => path.split("/").includes("testing")), []);
  });
});
