/**
 * @module
 * Starts a Worker from a file under controller/, from source and inside the `bun build --compile` binary
 * (where the Worker must be an extra entrypoint, named relative to the entrypoints' common root,
 * controller/), and waits for its `{type: "ready"}` message. A Worker that cannot be resolved can spin
 * at 100 % CPU instead of failing, so start-up has a time limit.
 */

const CONTROLLER_ROOT = new URL("../", import.meta.url);

/** True inside a compiled binary, whose modules live in Bun's embedded `/$bunfs/` filesystem. */
export function isCompiledBinary(): boolean {
  return import.meta.url.includes("$bunfs");
}

/** Starts `controller/<path>` and resolves once it says it is ready; rejects after `timeoutMs`. */
export function spawnWorker(path: string, timeoutMs = 5000): Promise<Worker> {
  const specifier = isCompiledBinary() ? `./${path}` : new URL(path, CONTROLLER_ROOT).href;
  const worker = new Worker(specifier);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      worker.terminate();
      reject(new Error(`worker ${path} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (event: MessageEvent) => {
      if (event.data?.type !== "ready") return;
      clearTimeout(timer);
      worker.removeEventListener("message", onMessage);
      worker.removeEventListener("error", onError);
      resolve(worker);
    };
    const onError = (event: ErrorEvent) => {
      clearTimeout(timer);
      worker.terminate();
      reject(new Error(`worker ${path} failed to start: ${event.message}`));
    };
    worker.addEventListener("message", onMessage);
    worker.addEventListener("error", onError);
  });
}
