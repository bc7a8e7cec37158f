/**
 * @module
 * Test support: lets the libSQL addon finish with its statements before a test process tears down.
 * Without it, `deno test` of a file that ran a few hundred statements can die with SIGSEGV on a libSQL
 * worker thread after every test passed (Deno 2.9.5, libsql 0.5.29): a collection while the runtime is
 * still alive runs the addon's finalizers at a safe time.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Collects garbage twice, a short pause apart, so closed libSQL handles are finalized now. */
export async function settleNativeDatabase(): Promise<void> {
  setFlagsFromString("--expose-gc");
  const collect = runInNewContext("gc") as () => void;
  collect();
  await new Promise((resolve) => setTimeout(resolve, 20));
  collect();
}
