/**
 * @module
 * Newline framing for the TCP API: bytes in, complete text lines out, with a hard limit on line length.
 * A line split across reads (even inside a multi-byte UTF-8 character) is reassembled before decoding.
 */

export type LineFrame = { line: string } | { overflow: true };

/**
 * Collects bytes into lines ending with `\n` (a trailing `\r` is dropped). A line longer than `maxLineBytes`
 * yields one `{overflow: true}` frame as soon as it crosses the limit, and the rest of it is skipped up to its
 * newline, so memory stays bounded even when a peer never sends a newline.
 *
 * @example
 * const framer = createLineFramer(4096);
 * framer.push(new TextEncoder().encode("ping\npl")); // [{line: "ping"}]
 * framer.push(new TextEncoder().encode("ay 0\n"));  // [{line: "play 0"}]
 */
export function createLineFramer(maxLineBytes: number): { push(bytes: Uint8Array): LineFrame[] } {
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let pending: Uint8Array = new Uint8Array(0);
  let skipping = false;

  return {
    push(bytes) {
      const frames: LineFrame[] = [];
      let from = 0;
      while (from < bytes.length) {
        const newline = bytes.indexOf(0x0a, from);
        const end = newline === -1 ? bytes.length : newline;
        const piece = bytes.subarray(from, end);
        if (!skipping && pending.length + piece.length > maxLineBytes) {
          skipping = true;
          pending = new Uint8Array(0);
          frames.push({ overflow: true });
        } else if (!skipping) {
          pending = concat(pending, piece);
        }
        if (newline === -1) break;
        if (!skipping) {
          const text = decoder.decode(pending);
          frames.push({ line: text.endsWith("\r") ? text.slice(0, -1) : text });
        }
        pending = new Uint8Array(0);
        skipping = false;
        from = newline + 1;
      }
      return frames;
    },
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
