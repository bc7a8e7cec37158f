/**
 * @module
 * Raises the scheduling priority of the calling thread (libc through `bun:ffi`), so audio keeps flowing
 * when the machine is busy: real-time FIFO for the output Worker, which only ever blocks in ALSA or on
 * the ring, and a lower nice value for the render thread. Without the privilege (CAP_SYS_NICE or an
 * rtprio limit) the calls fail and the thread keeps its normal priority.
 */
import { dlopen, FFIType, ptr } from "bun:ffi";

const SCHED_FIFO = 1;
const PRIO_PROCESS = 0;

function loadLibc() {
  try {
    return dlopen("libc.so.6", {
      gettid: { args: [], returns: FFIType.i32 },
      setpriority: { args: [FFIType.i32, FFIType.u32, FFIType.i32], returns: FFIType.i32 },
      sched_setscheduler: { args: [FFIType.i32, FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
    }).symbols;
  } catch {
    return null;
  }
}

/** Puts the calling thread in SCHED_FIFO at `priority` (1..99); false when not permitted. */
export function requestRealtimeScheduling(priority: number): boolean {
  const libc = loadLibc();
  if (!libc) return false;
  const param = new Int32Array([priority]);
  return libc.sched_setscheduler(0, SCHED_FIFO, ptr(param)) === 0;
}

/** Sets the nice value of the calling thread only (Linux threads have their own); false when refused. */
export function requestThreadNice(nice: number): boolean {
  const libc = loadLibc();
  if (!libc) return false;
  return libc.setpriority(PRIO_PROCESS, libc.gettid(), nice) === 0;
}
