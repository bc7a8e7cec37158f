/**
 * @module
 * SO_SNDBUF/SO_RCVBUF of 65536 bytes on the API's sockets (small buffers keep queued events few and fresh).
 * Bun does not expose socket options or descriptors, so the listening socket is found through procfs (its
 * inode in /proc/net/tcp*, then the matching link in /proc/self/fd) and set with libc's setsockopt via
 * bun:ffi. Linux copies the listener's buffer sizes to every accepted connection. Where that lookup is not
 * possible (no procfs, no libc) the kernel defaults stay and a warning says so: the API still works.
 */
import { dlopen, FFIType, ptr } from "bun:ffi";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import type { Logger } from "../log/logger.ts";

export const SOCKET_BUFFER_BYTES = 65536;
const SOL_SOCKET = 1;
const SO_SNDBUF = 7;
const SO_RCVBUF = 8;
const TCP_LISTEN = "0A";

let libc: ReturnType<typeof openLibc> | undefined;
function openLibc() {
  return dlopen("libc.so.6", {
    setsockopt: {
      args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.u32],
      returns: FFIType.i32,
    },
    getsockopt: {
      args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.ptr],
      returns: FFIType.i32,
    },
  }).symbols;
}

/** Descriptor of this process's socket bound to `localPort` (listening, or connected to `remotePort`). */
export function findSocketFd(localPort: number, remotePort?: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const row of text.split("\n").slice(1)) {
      const cols = row.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const local = parseInt(cols[1].split(":").pop() ?? "", 16);
      const remote = parseInt(cols[2].split(":").pop() ?? "", 16);
      const matches = remotePort === undefined ? cols[3] === TCP_LISTEN : remote === remotePort;
      if (local === localPort && matches) inodes.add(cols[9]);
    }
  }
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return Number(fd);
    } catch {
      // The descriptor closed between listing and reading; it is not ours to look at.
    }
  }
  return undefined;
}

/** Reads an integer socket option with getsockopt (-1 when it fails). */
export function readSocketOption(fd: number, level: number, option: number): number {
  libc ??= openLibc();
  const value = new Int32Array(1);
  const length = new Uint32Array([4]);
  return libc.getsockopt(fd, level, option, ptr(value), ptr(length)) === 0 ? value[0] : -1;
}

/** Reads back [SO_SNDBUF, SO_RCVBUF] (Linux reports twice the requested value: it counts its bookkeeping). */
export function socketBufferSizes(fd: number): [number, number] {
  return [readSocketOption(fd, SOL_SOCKET, SO_SNDBUF), readSocketOption(fd, SOL_SOCKET, SO_RCVBUF)];
}

/** Sets both buffers of the listening socket on `port`; returns whether it worked. */
export function applySocketBufferSizes(port: number, logger: Logger, bytes = SOCKET_BUFFER_BYTES): boolean {
  try {
    const fd = findSocketFd(port);
    if (fd === undefined) throw new Error(`no listening socket on port ${port} in /proc/self/fd`);
    libc ??= openLibc();
    const value = new Int32Array([bytes]);
    const ok = libc.setsockopt(fd, SOL_SOCKET, SO_SNDBUF, ptr(value), 4) === 0 &&
      libc.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, ptr(value), 4) === 0;
    if (!ok) throw new Error("setsockopt failed");
    return true;
  } catch (error) {
    logger.warn("api", "socket buffer sizes left at the kernel default", { port, error: String(error) });
    return false;
  }
}
