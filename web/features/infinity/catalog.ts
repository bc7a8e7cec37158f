/**
 * @module
 * The Infinity plan catalogue. Names and feature lists are the product's; the prices are demo data
 * ("Preview Mode - Demo Data") that admins edit at /admin/infinity. The defaults are written once
 * into an empty catalogue (INSERT OR IGNORE, so an admin's edits are never overwritten), and plans are
 * never deleted, only no longer offered, because subscriptions name them.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type InfinityPlan, infinityPlans } from "../../db/schema/infinity.ts";

const GB = 1024 ** 3;

/** Cloud storage every MIXERA ID includes without a plan. */
export const DEFAULT_CLOUD_QUOTA_BYTES = 2 * GB;

/** Yearly billing costs twelve months less this share. */
export const YEARLY_DISCOUNT_PERCENT = 20;

type PlanDefaults = Omit<InfinityPlan, "updatedAt" | "features" | "offered"> & { features: string[] };

const plan = (
  id: string,
  family: InfinityPlan["family"],
  name: string,
  tagline: string,
  monthlyPriceCents: number,
  features: string[],
  extra: Partial<PlanDefaults> = {},
): PlanDefaults => ({
  id,
  family,
  name,
  tagline,
  monthlyPriceCents,
  features,
  perGb: false,
  included: false,
  storageBytes: null,
  skipsAnalysisQueue: false,
  sortOrder: 0,
  ...extra,
});

export const DEFAULT_PLANS: readonly PlanDefaults[] = [
  plan("connectivity_basic", "connectivity", "Basic", "Included with your device", 0, [
    "10 MB/month data",
    "Telemetry & Stats",
    "Device locking/security",
    "Cloud music push",
    "SoundCloud streaming",
  ], { included: true, sortOrder: 10 }),
  plan("connectivity_starter", "connectivity", "Starter", "Perfect for occasional use", 499, [
    "250 MB/month data",
    "All Basic features",
    "Cloud music push",
    "SoundCloud streaming",
  ], { sortOrder: 11 }),
  plan("connectivity_pro", "connectivity", "Pro", "For regular performers", 999, [
    "1 GB/month data",
    "All Starter features",
    "Priority data routing",
    "Data rollover (unused data)",
  ], { sortOrder: 12 }),
  plan("connectivity_unlimited", "connectivity", "Unlimited", "For heavy streaming", 1999, [
    "Unlimited data",
    "All Pro features",
    "Global roaming included",
    "Priority support",
  ], { sortOrder: 13 }),
  plan("cloud_basic", "storage", "Basic Cloud", "Included with MIXERA ID", 0, [
    "2 GB storage",
    "Track analysis",
    "Device sync",
  ], { included: true, storageBytes: DEFAULT_CLOUD_QUOTA_BYTES, sortOrder: 20 }),
  plan("cloud_plus", "storage", "Cloud Plus", "For growing libraries", 399, [
    "25 GB storage",
    "All Basic features",
    "Version history",
  ], { storageBytes: 25 * GB, sortOrder: 21 }),
  plan("cloud_pro", "storage", "Cloud Pro", "For professional DJs", 999, [
    "100 GB storage",
    "All Plus features",
    "Priority sync",
  ], { storageBytes: 100 * GB, skipsAnalysisQueue: true, sortOrder: 22 }),
  plan("cloud_payg", "storage", "Pay As You Go", "Only pay for what you use", 5, [
    "Flexible storage",
    "No monthly commitment",
    "Scale as needed",
  ], { perGb: true, storageBytes: 1024 * GB, sortOrder: 23 }),
  plan(
    "all_in_one",
    "bundle",
    "MIXERA Infinity ALL-IN-ONE",
    "The ultimate DJ experience - everything included",
    1899,
    [
      "Advanced AI track analysis",
      "Intelligent cue detection",
      "Harmonic mixing advisor",
      "Smart setlist building",
      "Unlimited mobile data",
      "Global roaming (190+ countries)",
      "Priority data routing",
      "All devices included",
      "High speed 5G (Europe)",
      "200 GB music storage",
      "Unlimited version history",
      "Priority sync speed",
      "Automatic backup",
      "Priority 24/7 support",
      "Early feature access",
      "Exclusive beta programs",
      "Skip queues for track analysis",
    ],
    { storageBytes: 200 * GB, skipsAnalysisQueue: true, sortOrder: 30 },
  ),
];

const seeded = new WeakSet<Db>();

/** Writes the default plans that are missing; runs once per database handle. */
export async function ensureCatalog(db: Db): Promise<void> {
  if (seeded.has(db)) return;
  const now = new Date();
  await db.insert(infinityPlans).values(
    DEFAULT_PLANS.map((defaults) => ({
      ...defaults,
      features: JSON.stringify(defaults.features),
      updatedAt: now,
    })),
  ).onConflictDoNothing();
  seeded.add(db);
}

export async function listPlans(db: Db): Promise<InfinityPlan[]> {
  await ensureCatalog(db);
  return db.select().from(infinityPlans).orderBy(asc(infinityPlans.sortOrder));
}

export async function findPlan(db: Db, id: string): Promise<InfinityPlan | undefined> {
  await ensureCatalog(db);
  const [found] = await db.select().from(infinityPlans).where(eq(infinityPlans.id, id));
  return found;
}

/** The feature lines of a plan's card. */
export function planFeatures(plan: InfinityPlan): string[] {
  const parsed: unknown = JSON.parse(plan.features);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}
