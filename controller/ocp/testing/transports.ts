/**
 * @module
 * Test helpers: in-memory transports and a recorder that decodes what a link wrote.
 */
import { createOcpDecoder, type OcpMessage } from "../../../shared/ocp/mod.ts";
import type { LinkTransport } from "../link.ts";

/** A transport that records every frame the link writes, decoded. */
export function recordingTransport(options: { accepting?: () => boolean } = {}) {
  const decoder = createOcpDecoder({ acceptMsgpack: () => true });
  const sent: OcpMessage[] = [];
  let closed = false;
  const transport: LinkTransport = {
    description: "memory",
    write(bytes) {
      for (const r of decoder.push(bytes)) if (r.ok) sent.push(r.message);
      return options.accepting?.() ?? true;
    },
    close() {
      closed = true;
    },
  };
  return { transport, sent, isClosed: () => closed };
}

/** Two transports wired to each other; delivery is asynchronous like a socket's. */
export function transportPair(
  deliverToA: (bytes: Uint8Array) => void,
  deliverToB: (bytes: Uint8Array) => void,
  options: { dropFromA?: (bytes: Uint8Array) => boolean } = {},
): [LinkTransport, LinkTransport] {
  const a: LinkTransport = {
    description: "memory a",
    write(bytes) {
      if (!options.dropFromA?.(bytes)) queueMicrotask(() => deliverToB(bytes));
      return true;
    },
    close() {},
  };
  const b: LinkTransport = {
    description: "memory b",
    write(bytes) {
      queueMicrotask(() => deliverToA(bytes));
      return true;
    },
    close() {},
  };
  return [a, b];
}

/** Lets every queued microtask and I/O callback run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
