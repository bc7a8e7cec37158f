import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const mainPath = new URL("./main.ts", import.meta.url).pathname;

function startPortal(env: Record<string, string>) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", mainPath],
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

describe("web/main.ts", () => {
  it("migrates a fresh database, serves, and prints how to sign in", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mixera-main-"));
    const child = startPortal({
      MIXERA_ENV: "development",
      PORT: "0",
      LIBSQL_URL: `file:${join(dir, "db.sqlite")}`,
      DATA_DIR: dir,
    });
    try {
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let output = "";
      while (!/dev\/mailbox/.test(output)) {
        const { value, done } = await reader.read();
        if (done) break;
        output += value;
      }
      const port = output.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/)?.[1];
      assert.ok(port, output);
      assert.match(output, /\/signin/);
      const response = await fetch(`http://127.0.0.1:${port}/signin`);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /Sign in to MIXERA/);
      await reader.cancel();
    } finally {
      child.kill();
      await child.status;
      await child.stderr.cancel();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the wrong variable and exits non-zero", async () => {
    const child = startPortal({ PORT: "not-a-port", LIBSQL_URL: "postgres://db" });
    const { code, stderr } = await child.output();
    const message = new TextDecoder().decode(stderr);
    assert.notEqual(code, 0);
    assert.match(message, /PORT/);
    assert.match(message, /LIBSQL_URL/);
  });
});
