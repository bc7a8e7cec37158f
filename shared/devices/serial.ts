/**
 * @module
 * MIXERA serial numbers, `MXR-YYYYMMDD-XXXXXX`: the date part must be a real calendar day (the day
 * the unit was made), and the last six digits number the units of that day.
 */

export const SERIAL_PATTERN = /^MXR-(\d{4})(\d{2})(\d{2})-(\d{6})$/;

/** Why a serial is not valid, or null when it is. */
export function serialProblem(serial: string): string | null {
  const match = SERIAL_PATTERN.exec(serial);
  if (!match) return "The serial number looks like MXR-YYYYMMDD-XXXXXX (for example MXR-20250122-000001).";
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  if (!real || year < 2000) return "The date in the serial number (YYYYMMDD) is not a real calendar day.";
  return null;
}

/**
 * @example
 * isValidSerial("MXR-20250122-000001") // true
 * isValidSerial("MXR-20250230-000001") // false: there is no 30 February
 */
export function isValidSerial(serial: string): boolean {
  return serialProblem(serial) === null;
}
