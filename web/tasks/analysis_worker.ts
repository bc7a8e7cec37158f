/**
 * @module `deno task worker`: runs analysis jobs in a process of its own (scale-out), against the database
 * and storage the portal's environment points at. Run the portal with `ANALYSIS_WORKER=external` so it only
 * queues. `ANALYSIS_CONCURRENCY` sets the jobs at a time. Stops cleanly on SIGINT / SIGTERM.
 */
import { ConfigError, loadConfig } from "../../shared/config/config.ts";
import { createDeps } from "../deps.ts";
import { analysisSettings, startAnalysisWorker } from "../features/analysis/mod.ts";

async function main(): Promise<void> {
  let config;
  let settings;
  try {
    config = loadConfig(Deno.env.toObject());
    settings = analysisSettings(Deno.env.toObject());
  } catch (error) {
    if (
      !(error instanceof ConfigError) &&
      !(error instanceof Error && /^Invalid configuration/.test(error.message))
    ) {
      throw error;
    }
    console.error(error.message);
    Deno.exit(2);
  }
  const deps = await createDeps(config);
  const worker = startAnalysisWorker({ ...deps, concurrency: settings.concurrency });
  console.log(`MIXERA analysis worker: ${settings.concurrency} job(s) at a time`);
  const stop = async () => {
    await worker.stop();
    deps.db.$client.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}

if (import.meta.main) await main();
