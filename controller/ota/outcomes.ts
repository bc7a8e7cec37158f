/**
 * @module
 * Install outcomes waiting for the portal: the supervisor writes one file per outcome into
 * `outcomes/` (durably, before it acts on the decision), and a running, linked controller sends them
 * and deletes each one the portal accepted. Offline, they simply wait. The file name is fixed per
 * version and outcome, so an outcome decided twice (a SIGKILL between deciding and acting) is
 * reported once.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  compareSemver,
  type FirmwareOutcomeReport,
  FirmwareOutcomeReportSchema,
} from "../../shared/ota/mod.ts";
import { writeFileDurably } from "./durable_fs.ts";
import type { SlotLayout } from "./slots.ts";

const MAX_OUTCOME_BYTES = 4096;
/** Outcomes kept at most; the oldest go first when a controller stays offline through many updates. */
export const MAX_QUEUED_OUTCOMES = 32;

export interface QueuedOutcome {
  file: string;
  report: FirmwareOutcomeReport;
}

function fileName(report: Pick<FirmwareOutcomeReport, "version" | "outcome">): string {
  return `${report.version.replace(/[^0-9A-Za-z.-]/g, "_")}-${report.outcome}.json`;
}

/**
 * Takes back a queued outcome that never took effect: an `installed` written just before a power cut
 * that the next start then rolled back.
 */
export function withdrawOutcome(
  layout: SlotLayout,
  version: string,
  outcome: FirmwareOutcomeReport["outcome"],
): void {
  rmSync(join(layout.outcomesDir, fileName({ version, outcome })), { force: true });
}

export function queueOutcome(layout: SlotLayout, report: FirmwareOutcomeReport): void {
  mkdirSync(layout.outcomesDir, { recursive: true, mode: 0o700 });
  const body = JSON.stringify({
    ...FirmwareOutcomeReportSchema.parse(report),
    queued_at: new Date().toISOString(),
  });
  writeFileDurably(join(layout.outcomesDir, fileName(report)), body, 0o600);
  const queued = queuedOutcomes(layout);
  for (const stale of queued.slice(0, Math.max(0, queued.length - MAX_QUEUED_OUTCOMES))) rmSync(stale.file);
}

/** Outcomes not yet accepted by the portal, oldest first. Unreadable files are dropped. */
export function queuedOutcomes(layout: SlotLayout): QueuedOutcome[] {
  if (!existsSync(layout.outcomesDir)) return [];
  const entries: (QueuedOutcome & { queuedAt: string })[] = [];
  for (const name of readdirSync(layout.outcomesDir).filter((n) => n.endsWith(".json"))) {
    const file = join(layout.outcomesDir, name);
    const text = readFileSync(file, "utf8");
    let json: { queued_at?: unknown } | null = null;
    try {
      json = text.length <= MAX_OUTCOME_BYTES ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    const report = FirmwareOutcomeReportSchema.safeParse(json);
    if (!report.success) {
      rmSync(file, { force: true });
      continue;
    }
    entries.push({ file, report: report.data, queuedAt: String(json?.queued_at ?? "") });
  }
  // Reports queued in the same millisecond go oldest version first, whatever order the directory lists.
  const oldestFirst = (a: (typeof entries)[number], b: (typeof entries)[number]) =>
    a.queuedAt.localeCompare(b.queuedAt) || compareSemver(a.report.version, b.report.version);
  return entries.sort(oldestFirst).map(({ file, report }) => ({
    file,
    report,
  }));
}

/**
 * Sends every queued outcome with `send`; removes those it accepted. Returns how many were sent.
 *
 * @example
 * await flushOutcomes(layout, async (report) => (await cloud.call("POST", FIRMWARE_OUTCOME_PATH, report)).status === 200);
 */
export async function flushOutcomes(
  layout: SlotLayout,
  send: (report: FirmwareOutcomeReport) => Promise<boolean>,
): Promise<number> {
  let sent = 0;
  for (const { file, report } of queuedOutcomes(layout)) {
    if (!await send(report)) break;
    rmSync(file, { force: true });
    sent++;
  }
  return sent;
}
