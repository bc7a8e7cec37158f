/**
 * @module
 * The compatibility matrix (model → supported features and firmware ranges → level) is data in
 * `compatibility_matrix.json`; this module validates it and answers lookups.
 */
import { z } from "zod";
import { SemverSchema } from "../../shared/ocp/mod.ts";
import matrixData from "./compatibility_matrix.json" with { type: "json" };

const FirmwareRangeSchema = z.object({
  min: SemverSchema,
  /** Exclusive upper bound. */
  below: SemverSchema,
  level: z.enum(["FULL", "PARTIAL"]),
  disabled: z.array(z.string()).default([]),
});

export const CompatibilityMatrixSchema = z.object({
  protocol_major: z.number().int().min(0),
  critical_features: z.array(z.string()),
  models: z.record(
    z.string(),
    z.object({
      description: z.string(),
      features: z.array(z.string()),
      firmware: z.array(FirmwareRangeSchema).min(1),
    }),
  ),
});
export type CompatibilityMatrix = z.infer<typeof CompatibilityMatrixSchema>;
export type FirmwareRange = z.infer<typeof FirmwareRangeSchema>;

export const DEFAULT_COMPATIBILITY_MATRIX: CompatibilityMatrix = CompatibilityMatrixSchema.parse(matrixData);

/** Compares two semver strings by major.minor.patch (pre-release tags sort before the release). */
export function compareSemver(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split(/[-+]/, 2);
    return { parts: core.split(".").map(Number), pre: v.includes("-") ? pre : null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.parts[i] !== y.parts[i]) return x.parts[i] - y.parts[i];
  if (x.pre === y.pre) return 0;
  return x.pre === null ? 1 : y.pre === null ? -1 : x.pre < y.pre ? -1 : 1;
}

export function findFirmwareRange(
  matrix: CompatibilityMatrix,
  model: string,
  firmware: string,
): FirmwareRange | null {
  const entry = matrix.models[model];
  if (!entry) return null;
  return entry.firmware.find((r) =>
    compareSemver(firmware, r.min) >= 0 && compareSemver(firmware, r.below) < 0
  ) ??
    null;
}
