/**
 * @module
 * Substring search with SQL `LIKE`: the user's text with `%`, `_` and `\` escaped, between two `%`, for
 * use with `ESCAPE '\'`, so what the user typed is matched literally.
 *
 * @example
 * ```ts
 * const pattern = containsPattern("100%");
 * db.select().from(cloudTracks).where(sql`${cloudTracks.title} LIKE ${pattern} ESCAPE '\\'`);
 * ```
 */

export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
