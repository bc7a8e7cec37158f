/**
 * @module
 * Where analysis runs, from the environment: `ANALYSIS_WORKER=in-process` (default: the portal runs the
 * jobs itself, each in a Worker) or `external` (the portal only queues; `deno task worker` runs them), and
 * `ANALYSIS_CONCURRENCY` (default 1) jobs at a time.
 */
import { z } from "zod";

const schema = z.object({
  ANALYSIS_WORKER: z.enum(["in-process", "external"]).default("in-process"),
  ANALYSIS_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(1),
});

export interface AnalysisSettings {
  mode: "in-process" | "external";
  concurrency: number;
}

/** Throws an Error naming the bad variable. */
export function analysisSettings(env: Record<string, string | undefined>): AnalysisSettings {
  const present = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => name.startsWith("ANALYSIS_") && value),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${String(issue.path[0])}: ${issue.message}`);
  }
  return { mode: parsed.data.ANALYSIS_WORKER, concurrency: parsed.data.ANALYSIS_CONCURRENCY };
}
