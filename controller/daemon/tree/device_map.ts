/**
 * @module
 * Imports a captured device map, `{device_name, controls: [{path, type, min, max, values, value}]}`,
 * so the daemon can stand in for other hardware (an Apollo capture has ~11k properties).
 */
import { readFile, stat } from "node:fs/promises";
import { z } from "zod";
import { coerceToType } from "./coerce.ts";
import { defineRootProperties } from "./device_model.ts";
import { normalisePath } from "./path.ts";
import { PROPERTY_TYPES, type PropertySpec } from "./property.ts";
import { StateTree } from "./state_tree.ts";

/** Captures are a few MB; anything far larger is not a device map. */
export const MAX_DEVICE_MAP_BYTES = 64 * 1024 * 1024;

const finite = z.number().finite();
const controlSchema = z.object({
  path: z.string().min(1).max(1024),
  type: z.enum(PROPERTY_TYPES),
  min: finite.nullish(),
  max: finite.nullish(),
  default: z.unknown().optional(),
  values: z.unknown().optional(),
  value: z.unknown().optional(),
  readonly: z.boolean().optional(),
});
export const deviceMapSchema = z.object({
  device_name: z.string().max(256),
  controls: z.array(controlSchema).max(200_000),
});
export type DeviceMap = z.infer<typeof deviceMapSchema>;

/** Meters belong to the daemon's metering, whatever the capture says. */
const isMeter = (path: string) => /\/Meter[A-Za-z]*$/.test(path);

/**
 * Builds a tree from a parsed device map: the root properties every client expects, then each
 * control. A captured value that does not fit its type falls back to the type's zero.
 *
 * @example
 * ```ts
 * createTreeFromDeviceMap({ device_name: "Apollo x4", controls: [{ path: "/devices/0/inputs/0/Mute", type: "bool", value: false }] });
 * ```
 */
export function createTreeFromDeviceMap(
  input: unknown,
  options: { onListenerError?: (error: unknown) => void } = {},
): StateTree {
  const map = deviceMapSchema.parse(input);
  const tree = new StateTree(options);
  defineRootProperties(tree, map.device_name);
  for (const control of map.controls) {
    const path = normalisePath(control.path.replace(/\/value\/?$/, ""));
    if (path === "/") throw new Error("A device map control cannot sit at the root path");
    const spec: PropertySpec = {
      type: control.type,
      min: control.min ?? undefined,
      max: control.max ?? undefined,
      values: control.values ?? undefined,
      readonly: control.readonly || isMeter(path) || undefined,
    };
    // A capture is taken as the device reported it (no range/enum check) unless the type does not fit.
    const typedDefault = control.default === undefined ? null : coerceToType(spec.type, control.default);
    if (typedDefault?.ok) spec.default = typedDefault.value;
    const property = tree.define(path, spec);
    const captured = control.value ?? control.default;
    const typedValue = captured === undefined || captured === null ? null : coerceToType(spec.type, captured);
    if (typedValue?.ok) property.value = typedValue.value;
  }
  tree.resyncCompanions();
  return tree;
}

/** Reads, size-checks and imports a device map file; errors name the file and what was wrong. */
export async function loadDeviceMapFile(
  file: string,
  options: { onListenerError?: (error: unknown) => void } = {},
): Promise<StateTree> {
  const { size } = await stat(file);
  if (size > MAX_DEVICE_MAP_BYTES) throw new Error(`${file}: ${size} bytes exceeds ${MAX_DEVICE_MAP_BYTES}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  try {
    return createTreeFromDeviceMap(parsed, options);
  } catch (error) {
    const detail = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
    throw new Error(`${file}: not a device map: ${detail}`);
  }
}
