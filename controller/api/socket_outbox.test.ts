import { describe, expect, it } from "bun:test";
import { createSocketOutbox } from "./socket_outbox.ts";

/** A socket whose kernel buffer takes `room` more bytes. */
function fakeSocket(room: number) {
  const written: number[] = [];
  return {
    written,
    grow(bytes: number) {
      room += bytes;
    },
    write(data: Uint8Array) {
      const n = Math.min(room, data.length);
      room -= n;
      written.push(...data.subarray(0, n));
      return n;
    },
  };
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe("createSocketOutbox", () => {
  it("keeps what the socket did not take and writes it, in order, on drain", () => {
    const socket = fakeSocket(2);
    const outbox = createSocketOutbox((b) => socket.write(b), () => {});
    expect(outbox.send(bytes(1, 2, 3))).toBe(true);
    expect(outbox.send(bytes(4))).toBe(true);
    expect(outbox.queuedBytes()).toBe(2);
    socket.grow(1);
    outbox.drain();
    expect(socket.written).toEqual([1, 2, 3]);
    socket.grow(10);
    outbox.drain();
    expect(socket.written).toEqual([1, 2, 3, 4]);
    expect(outbox.queuedBytes()).toBe(0);
  });

  it("skips droppable frames while a backlog exists", () => {
    const socket = fakeSocket(1);
    const outbox = createSocketOutbox((b) => socket.write(b), () => {});
    expect(outbox.sendDroppable(bytes(1, 2))).toBe(true);
    expect(outbox.sendDroppable(bytes(9, 9))).toBe(false);
    socket.grow(5);
    outbox.drain();
    expect(outbox.sendDroppable(bytes(3))).toBe(true);
    expect(socket.written).toEqual([1, 2, 3]);
  });

  it("gives up on a client whose backlog passes the limit, and stays given up", () => {
    const socket = fakeSocket(0);
    let overflows = 0;
    const outbox = createSocketOutbox((b) => socket.write(b), () => overflows++, 10);
    expect(outbox.send(new Uint8Array(6))).toBe(true);
    expect(outbox.send(new Uint8Array(6))).toBe(false);
    expect(outbox.send(new Uint8Array(1))).toBe(false);
    expect(overflows).toBe(1);
    expect(outbox.queuedBytes()).toBe(0);
  });

  it("treats a write error (-1) as nothing written", () => {
    const outbox = createSocketOutbox(() => -1, () => {});
    outbox.send(bytes(1, 2));
    expect(outbox.queuedBytes()).toBe(2);
  });
});
