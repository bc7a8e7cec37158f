/**
 * @module
 * The board's CPU temperature from Linux's thermal zones (`/sys/class/thermal/thermal_zone*`): the
 * zone whose type names the CPU (`cpu-thermal` on a Raspberry Pi, `x86_pkg_temp` on a PC), else the
 * first zone that reads. Null where there is none (containers, other systems).
 *
 * @example
 * ```ts
 * const reader = cpuTemperatureReader();
 * reader(); // 52.3, or null
 * ```
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const THERMAL_ROOT = "/sys/class/thermal";
const CPU_ZONE = /cpu|x86_pkg|soc|core/i;

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return null;
  }
}

/** Finds the zone once; each call then reads its current temperature in °C (millidegrees in the file). */
export function cpuTemperatureReader(root = THERMAL_ROOT): () => number | null {
  let zones: string[] = [];
  try {
    zones = readdirSync(root).filter((name) => name.startsWith("thermal_zone")).sort();
  } catch {
    return () => null;
  }
  const readable = zones.filter((zone) => readCelsius(join(root, zone)) !== null);
  const zone = readable.find((name) => CPU_ZONE.test(readText(join(root, name, "type")) ?? "")) ??
    readable[0];
  if (!zone) return () => null;
  return () => readCelsius(join(root, zone));
}

function readCelsius(zone: string): number | null {
  const text = readText(join(zone, "temp"));
  const milli = Number(text);
  if (!text || !Number.isFinite(milli)) return null;
  const celsius = Math.round(milli / 100) / 10;
  return celsius >= -50 && celsius <= 150 ? celsius : null;
}
