import { expect, test } from "bun:test";
import type { Socket } from "bun";
import { SocketTransport } from "./socket_transport.ts";

/** A socket whose kernel buffer takes `room` bytes until drained. */
function fakeSocket(room: number) {
  const written: number[] = [];
  let ended = false;
  const socket = {
    write(bytes: Uint8Array) {
      const n = Math.min(room, bytes.length);
      room -= n;
      written.push(...bytes.subarray(0, n));
      return n;
    },
    end() {
      ended = true;
    },
    terminate() {
      ended = true;
    },
  };
  return {
    socket: socket as unknown as Socket<unknown>,
    written,
    isEnded: () => ended,
    makeRoom: (n: number) => (room += n),
  };
}

test("queues what the socket did not take, in order, and flushes it on drain", () => {
  const fake = fakeSocket(3);
  const transport = new SocketTransport(fake.socket, "fake", 100);
  expect(transport.write(new Uint8Array([1, 2, 3, 4, 5]))).toBe(true);
  expect(transport.write(new Uint8Array([6, 7]))).toBe(true);
  expect(fake.written).toEqual([1, 2, 3]);
  fake.makeRoom(10);
  transport.drain();
  expect(fake.written).toEqual([1, 2, 3, 4, 5, 6, 7]);
});

test("reports a peer that stops reading once the backlog passes the limit", () => {
  const fake = fakeSocket(0);
  const transport = new SocketTransport(fake.socket, "fake", 8);
  expect(transport.write(new Uint8Array(8))).toBe(true);
  expect(transport.write(new Uint8Array(1))).toBe(false);
});

test("close waits for the backlog to flush before ending the socket", () => {
  const fake = fakeSocket(1);
  const transport = new SocketTransport(fake.socket, "fake", 100);
  transport.write(new Uint8Array([1, 2]));
  transport.close();
  expect(fake.isEnded()).toBe(false);
  fake.makeRoom(1);
  transport.drain();
  expect(fake.written).toEqual([1, 2]);
  expect(fake.isEnded()).toBe(true);
});
