/** @module Money as the portal shows it: integer euro cents in, `€1,234.50` out. */

const euro = new Intl.NumberFormat("en-IE", { style: "currency", currency: "EUR" });

/**
 * @example
 * formatEuro(123450); // "€1,234.50"
 */
export function formatEuro(cents: number): string {
  return euro.format(cents / 100);
}

/**
 * Cents from a typed euro amount (`12`, `12.5`, `12,50`), or null when it is not one.
 *
 * @example
 * parseEuroCents("12,50"); // 1250
 */
export function parseEuroCents(text: string): number | null {
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}
