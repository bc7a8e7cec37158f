/**
 * @module
 * Entry point of the portal: reads the configuration from the environment, migrates the database,
 * starts the hourly pruning of expired OAuth rows, the clean-up of abandoned uploads and the analysis
 * worker, serves on HOST:PORT and says how to sign in.
 */
import { ConfigError, loadConfig } from "../shared/config/config.ts";
import { createApp } from "./app.ts";
import { createDeps } from "./deps.ts";
import { serveApp } from "./server.ts";
import { schedulePruning } from "./features/oauth/pruning.ts";
import { startStatusSchedule } from "./features/status/mod.ts";
import { scheduleUploadCleanup } from "./features/cloud/mod.ts";
import { analysisSettings, startAnalysisWorker } from "./features/analysis/mod.ts";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(Deno.env.toObject());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    Deno.exit(2);
  }
  let analysis;
  try {
    analysis = analysisSettings(Deno.env.toObject());
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(2);
  }
  const deps = await createDeps(config);
  const app = createApp(deps);
  schedulePruning(deps.db, deps.clock);
  startStatusSchedule(deps, config.statusCheckIntervalSeconds);
  scheduleUploadCleanup(deps);
  // Analysis runs in Workers beside the server unless a separate `deno task worker` does it.
  if (analysis.mode === "in-process") startAnalysisWorker({ ...deps, concurrency: analysis.concurrency });
  serveApp(app, {
    hostname: config.host,
    port: config.port,
    onListen: ({ port }) => {
      const base = config.publicUrl;
      console.log(`MIXERA portal (${config.mode}) listening on http://${config.host}:${port}`);
      console.log(`  Create an account or sign in: ${base}/signup · ${base}/signin`);
      if (config.smtpUrl) return;
      if (config.mode === "development") {
        console.log(`  Mail (verification codes, reset links) goes to the dev mailbox: ${base}/dev/mailbox`);
      } else {
        console.warn("  SMTP_URL is not set: mail is kept in the database outbox and nobody receives it.");
      }
    },
  });
}

if (import.meta.main) await main();
