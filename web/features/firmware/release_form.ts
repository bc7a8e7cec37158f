/**
 * @module
 * The fields of a new release and of a rollout change, as the admin forms send them: a semantic
 * version and minimum firmware (lower than the version), a channel, target model numbers (checkboxes
 * or a comma-separated list) and a staged rollout percentage.
 */
import { z } from "zod";
import { compareSemver, isSemver, MAX_SEMVER_LENGTH } from "../../../shared/ota/mod.ts";

const MODEL_NUMBER = /^[A-Za-z0-9._-]{1,64}$/;

const semver = (label: string) =>
  z.string({ error: `Enter the ${label}.` }).trim().max(MAX_SEMVER_LENGTH, {
    error: `The ${label} is at most ${MAX_SEMVER_LENGTH} characters.`,
  }).refine(isSemver, { error: `The ${label} must be a semantic version such as 1.4.0.` });

export const rolloutSchema = z.coerce.number({ error: "Enter a percentage from 0 to 100." })
  .int({ error: "Enter a whole percentage from 0 to 100." })
  .min(0, { error: "Enter a percentage from 0 to 100." })
  .max(100, { error: "Enter a percentage from 0 to 100." });

/** The publish form's schema; target models must be among `knownModels` (the controller models of the catalogue). */
export const releaseFormSchema = (knownModels: readonly string[]) =>
  z.object({
    version: semver("version"),
    channel: z.enum(["stable", "beta"], { error: "Choose the stable or the beta channel." }),
    models: z.string({ error: "Choose at least one model." })
      .transform((text) => [...new Set(text.split(",").map((model) => model.trim()).filter(Boolean))])
      .refine((models) => models.length > 0, { error: "Choose at least one model." })
      .refine((models) => models.length <= 32, { error: "At most 32 models." })
      .refine((models) => models.every((model) => MODEL_NUMBER.test(model)), {
        error: "Model numbers use letters, digits, dots, underscores and dashes.",
      })
      .refine((models) => models.every((model) => knownModels.includes(model)), {
        error: `Choose among the controller models: ${knownModels.join(", ")}.`,
      }),
    minFirmwareVersion: semver("minimum firmware version"),
    rolloutPercent: rolloutSchema,
    releaseNotes: z.string().max(10_000, { error: "Release notes are at most 10,000 characters." }).default(
      "",
    ),
  }).refine((form) =>
    // Field refinements do not stop this one: it only judges two valid versions.
    !isSemver(form.minFirmwareVersion) || !isSemver(form.version) ||
    compareSemver(form.minFirmwareVersion, form.version) < 0, {
    path: ["minFirmwareVersion"],
    error: "The minimum firmware must be lower than the version.",
  });
export type ReleaseForm = z.output<ReturnType<typeof releaseFormSchema>>;
