/**
 * @module
 * The portal's import graph keeps its shape: no two folders import each other (a cycle makes start-up order
 * and refactoring fragile), and a feature reaches another feature only through that feature's `mod.ts`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const ENTRY_POINTS = ["web/main.ts", "web/tasks/admin_grant.ts"];

interface ModuleInfo {
  specifier: string;
  dependencies?: { code?: { specifier?: string }; type?: { specifier?: string } }[];
}

/** Project-relative import edges (`from → to`) of the portal's modules, read from `deno info --json`. */
async function importEdges(): Promise<[string, string][]> {
  const edges: [string, string][] = [];
  for (const entry of ENTRY_POINTS) {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", entry],
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

describe("the portal's import graph", () => {
  it("has no two folders importing each other", async () => {
    const folderEdges = new Set<string>();
    for (const [from, to] of await importEdges()) {
      if (folderOf(from) !== folderOf(to)) folderEdges.add(`${folderOf(from)} → ${folderOf(to)}`);
    }
    const cycles = [...folderEdges].filter((edge) => {
      const [from, to] = edge.split(" → ");
      return from < to && folderEdges.has(`${to} → ${from}`);
    });
    assert.deepEqual(cycles, []);
  });
});
