import { describe, expect, it } from "bun:test";
import { createSocketWriter } from "./socket_writer.ts";

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

describe("createSocketWriter", () => {
  it("keeps what the socket did not take and writes it, in order, on drain", () => {
    const socket = fakeSocket(2);
    const writer = createSocketWriter((b) => socket.write(b as Uint8Array), () => {});
    expect(writer.send(bytes(1, 2, 3))).toBe(true);
    expect(writer.send(bytes(4))).toBe(true);
    expect(writer.queuedBytes()).toBe(2);
    socket.grow(1);
    writer.drain();
    expect(socket.written).toEqual([1, 2, 3]);
    socket.grow(10);
    writer.drain();
    expect(socket.written).toEqual([1, 2, 3, 4]);
    expect(writer.queuedBytes()).toBe(0);
  });

  it("skips droppable frames while a backlog exists", () => {
    const socket = fakeSocket(1);
    const writer = createSocketWriter((b) => socket.write(b as Uint8Array), () => {});
    expect(writer.sendDroppable(bytes(1, 2))).toBe(true);
    expect(writer.sendDroppable(bytes(9, 9))).toBe(false);
    socket.grow(5);
    writer.drain();
    expect(writer.sendDroppable(bytes(3))).toBe(true);
    expect(socket.written).toEqual([1, 2, 3]);
  });

  it("gives up on a client whose backlog passes the limit, and stays given up", () => {
    const socket = fakeSocket(0);
    let overflows = 0;
    const writer = createSocketWriter((b) => socket.write(b as Uint8Array), () => overflows++, 10);
    expect(writer.send(new Uint8Array(6))).toBe(true);
    expect(writer.send(new Uint8Array(6))).toBe(false);
    expect(writer.send(new Uint8Array(1))).toBe(false);
    expect(overflows).toBe(1);
    expect(writer.queuedBytes()).toBe(0);
  });

  it("treats a write error (-1) as nothing written", () => {
    const writer = createSocketWriter(() => -1, () => {});
    writer.send(bytes(1, 2));
    expect(writer.queuedBytes()).toBe(2);
  });

  it("writes strings as they are and keeps the unsent part of a short write as bytes", () => {
    const taken: (string | Uint8Array)[] = [];
    let room = 3;
    const writer = createSocketWriter((data) => {
      taken.push(data);
      const size = typeof data === "string" ? Buffer.byteLength(data) : data.length;
      const n = Math.min(room, size);
      room -= n;
      return n;
    }, () => {});
    expect(writer.send("ab")).toBe(true);
    expect(writer.send("cdé")).toBe(true);
    expect(taken).toEqual(["ab", "cdé"]);
    expect(writer.queuedBytes()).toBe(3);
    room = 10;
    writer.drain();
    expect(new TextDecoder().decode(taken[2] as Uint8Array)).toBe("dé");
  });
});
