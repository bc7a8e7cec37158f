/**
 * @module
 * CSV as RFC 4180 writes it, with one guard: a cell that a spreadsheet would read as a formula (starting
 * with `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with `'`, since track titles come from tags
 * anyone can write.
 */

function cell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * @example
 * toCsv(["Artist", "Title"], [["=cmd", 'Say "hi"']]); // "Artist,Title\r\n'=cmd,\"Say \"\"hi\"\"\"\r\n"
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}
