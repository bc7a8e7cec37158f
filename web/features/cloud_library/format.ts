/** @module How the library pages write times and BPM. */

/** 95.25 → "1:35.3"; null → "—". */
export function formatTime(seconds: number | null): string {
  if (seconds === null) return "—";
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${(seconds - minutes * 60).toFixed(1).padStart(4, "0")}`;
}

/** 5421 → "1:30:21", 240 → "4:00". */
export function formatLength(seconds: number): string {
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

export function formatBpm(bpm: number | null): string {
  return bpm === null ? "—" : bpm.toFixed(1);
}
