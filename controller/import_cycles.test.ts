import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");

/** Every production module under controller/ and shared/ with the relative modules it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const dir of ["controller", "shared"]) {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
      const path = join(entry.parentPath, entry.name);
      if (!entry.isFile() || !path.endsWith(".ts") || /[._]test\.ts$|\/(testing|bench)\//.test(path)) {
        continue;
      }
      const source = readFileSync(path, "utf8");
      const targets = [...source.matchAll(/^(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms)]
        .map((match) => relative(root, resolve(dirname(path), match[1])));
      graph.set(relative(root, path), targets);
    }
  }
  return graph;
}

/** The first import cycle found, as the modules along it, or null. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (module: string): string[] | null => {
    if (state.get(module) === "done") return null;
    if (state.get(module) === "open") return [...stack.slice(stack.indexOf(module)), module];
    state.set(module, "open");
    stack.push(module);
    for (const target of graph.get(module) ?? []) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(module, "done");
    return null;
  };
  for (const module of graph.keys()) {
    const cycle = visit(module);
    if (cycle) return cycle;
  }
  return null;
}

describe("controller wiring", () => {
  test("has no import cycles between its modules", () => {
    const graph = importGraph();
    expect(graph.get("controller/run.ts")).toContain("controller/services.ts");
    expect(findCycle(graph)).toBeNull();
  });

  test("the cycle finder sees a cycle", () => {
    expect(findCycle(new Map([["a.ts", ["b.ts"]], ["b.ts", ["a.ts"]]]))).toEqual(["a.ts", "b.ts", "a.ts"]);
  });
});
