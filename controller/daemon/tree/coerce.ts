/**
 * @module
 * Turns what a client sent into the value a property stores: by type, clamped, enum-checked.
 * Text clients send `%.6f` floats and plain integers; exponent notation, NaN and Infinity are refused
 * (the real engine accepts none of them, and JSON could not carry the last two back out).
 */
import type { Property, PropertyType } from "./property.ts";

export type Coerced = { ok: true; value: unknown } | { ok: false; error: string };

/** Plain decimal: optional sign, digits with an optional fraction (no exponent, no hex, no spaces). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
/** Longest string value accepted; far above any mixer name, far below the message limit. */
export const MAX_STRING_VALUE_LENGTH = 4096;

function parseNumber(raw: unknown): number | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : null;
  if (typeof raw === "boolean") return raw ? 1 : 0;
  if (typeof raw === "string") {
    const text = raw.trim();
    if (!DECIMAL.test(text)) return null;
    const number = Number(text);
    return Number.isFinite(number) ? number : null;
  }
  return null;
}

function parseBool(raw: unknown): boolean | null {
  if (typeof raw === "boolean") return raw;
  if (raw === 1 || raw === 0) return raw === 1;
  if (typeof raw === "string") {
    const text = raw.trim().toLowerCase();
    if (text === "true" || text === "1") return true;
    if (text === "false" || text === "0") return false;
  }
  return null;
}

function parseString(raw: unknown): string | null {
  if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
  if (typeof raw === "boolean") return String(raw);
  if (typeof raw !== "string") return null;
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    try {
      const unquoted = JSON.parse(raw);
      if (typeof unquoted === "string") return unquoted;
    } catch { /* not a JSON string literal: keep the raw text */ }
  }
  return raw;
}

function clamp(prop: Property, value: number): number {
  const { min, max } = prop.spec;
  if (min !== undefined && value < min) value = min;
  if (max !== undefined && value > max) value = max;
  return value === 0 ? 0 : value; // no -0 on the wire
}

function checkEnum(prop: Property, value: unknown): Coerced {
  const accepted = prop.enumValues;
  if (!accepted || accepted.includes(value)) return { ok: true, value };
  // A client may name an entry by its display string (`{"value":48000,"string":"48 kHz"}`).
  if (typeof value === "string" && Array.isArray(prop.spec.values)) {
    for (const entry of prop.spec.values) {
      if (entry && typeof entry === "object" && entry.string === value && entry.enabled !== false) {
        return { ok: true, value: entry.value };
      }
    }
  }
  return {
    ok: false,
    error: `Value not in the property's enum (${JSON.stringify(accepted).slice(0, 200)}).`,
  };
}

/**
 * Converts a raw value to `type` alone (no range or enum); imports use it for captured values.
 *
 * @example
 * ```ts
 * coerceToType("float", "-12.000000"); // { ok: true, value: -12 }
 * coerceToType("float", "1e3");        // { ok: false, error: "Expected a finite decimal number." }
 * ```
 */
export function coerceToType(type: PropertyType, raw: unknown): Coerced {
  switch (type) {
    case "bool": {
      const value = parseBool(raw);
      return value === null
        ? { ok: false, error: "Expected a boolean (true, false, 1 or 0)." }
        : { ok: true, value };
    }
    case "int":
    case "int64":
    case "float": {
      const number = parseNumber(raw);
      if (number === null) return { ok: false, error: "Expected a finite decimal number." };
      if (type === "float") return { ok: true, value: number === 0 ? 0 : number };
      const rounded = Math.round(number);
      return Number.isSafeInteger(rounded)
        ? { ok: true, value: rounded === 0 ? 0 : rounded }
        : { ok: false, error: "Integer out of range." };
    }
    case "string":
    case "pointer": {
      const value = parseString(raw);
      if (value === null) return { ok: false, error: "Expected a string." };
      if (value.length > MAX_STRING_VALUE_LENGTH) {
        return { ok: false, error: `String longer than ${MAX_STRING_VALUE_LENGTH} characters.` };
      }
      return { ok: true, value };
    }
  }
}

/**
 * Coerces what a client sent for `prop`: by type, clamped to min/max, checked against the enum.
 *
 * @example
 * ```ts
 * coerceValue(faderLevel, "40.000000"); // { ok: true, value: 12 } (clamped)
 * ```
 */
export function coerceValue(prop: Property, raw: unknown): Coerced {
  const typed = coerceToType(prop.type, raw);
  if (!typed.ok) {
    // Enum ints may be named by their display string ("48 kHz").
    const named = typeof raw === "string" && prop.enumValues && prop.type !== "bool";
    return named ? checkEnum(prop, raw) : typed;
  }
  const value = typeof typed.value === "number" ? clamp(prop, typed.value) : typed.value;
  return checkEnum(prop, value);
}
