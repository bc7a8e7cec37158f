/**
 * @module
 * A single-producer, single-consumer ring of interleaved 16-bit frames in SharedArrayBuffers: the engine
 * renders into it on the main thread, the output Worker drains it into ALSA. Counters are free-running
 * 32-bit frame counts (wrapping is harmless: only their difference is used).
 */

const WRITE = 0;
const READ = 1;
const UNDERRUNS = 2;
const STOP = 3;
const CONTROL_SLOTS = 4;

export interface PcmRingBuffers {
  control: SharedArrayBuffer;
  data: SharedArrayBuffer;
  capacityFrames: number;
  channels: number;
}

export class PcmRing {
  readonly control: Int32Array;
  readonly data: Int16Array;
  readonly capacityFrames: number;
  readonly channels: number;

  /** A new ring; `capacityFrames` is rounded up to a power of two. */
  static create(capacityFrames: number, channels: number): PcmRing {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(2, capacityFrames)));
    return new PcmRing({
      control: new SharedArrayBuffer(CONTROL_SLOTS * 4),
      data: new SharedArrayBuffer(capacity * channels * 2),
      capacityFrames: capacity,
      channels,
    });
  }

  constructor(readonly buffers: PcmRingBuffers) {
    this.control = new Int32Array(buffers.control);
    this.data = new Int16Array(buffers.data);
    this.capacityFrames = buffers.capacityFrames;
    this.channels = buffers.channels;
  }

  readable(): number {
    return (Atomics.load(this.control, WRITE) - Atomics.load(this.control, READ)) | 0;
  }

  writable(): number {
    return this.capacityFrames - this.readable();
  }

  /** Copies `frames` frames (≤ writable()) from `source` into the ring and publishes them. */
  write(source: Int16Array, frames: number): void {
    const write = Atomics.load(this.control, WRITE);
    this.#copy(source, frames, write, true);
    Atomics.store(this.control, WRITE, (write + frames) | 0);
    Atomics.notify(this.control, WRITE);
  }

  /** Copies `frames` frames (≤ readable()) out of the ring into `target` and releases them. */
  read(target: Int16Array, frames: number): void {
    const read = Atomics.load(this.control, READ);
    this.#copy(target, frames, read, false);
    Atomics.store(this.control, READ, (read + frames) | 0);
  }

  #copy(buffer: Int16Array, frames: number, counter: number, intoRing: boolean): void {
    const channels = this.channels;
    const start = (counter & (this.capacityFrames - 1)) * channels;
    const firstPart = Math.min(frames * channels, this.data.length - start);
    const rest = frames * channels - firstPart;
    if (intoRing) {
      this.data.set(buffer.subarray(0, firstPart), start);
      if (rest) this.data.set(buffer.subarray(firstPart, firstPart + rest), 0);
    } else {
      buffer.set(this.data.subarray(start, start + firstPart), 0);
      if (rest) buffer.set(this.data.subarray(0, rest), firstPart);
    }
  }

  /** Blocks (Worker only) until frames are written or `timeoutMs` passes. */
  waitForData(timeoutMs: number): void {
    Atomics.wait(this.control, WRITE, Atomics.load(this.control, WRITE), timeoutMs);
  }

  countUnderrun(): void {
    Atomics.add(this.control, UNDERRUNS, 1);
  }

  underruns(): number {
    return Atomics.load(this.control, UNDERRUNS);
  }

  requestStop(): void {
    Atomics.store(this.control, STOP, 1);
    Atomics.notify(this.control, WRITE);
    Atomics.notify(this.control, STOP);
  }

  stopRequested(): boolean {
    return Atomics.load(this.control, STOP) === 1;
  }

  /** Sleeps (Worker only) up to `ms`, waking early when a stop is requested. */
  sleep(ms: number): void {
    if (ms > 0) Atomics.wait(this.control, STOP, 0, ms);
  }
}
