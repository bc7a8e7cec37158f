import { describe, expect, it } from "bun:test";
import { PcmRing } from "./pcm_ring.ts";

describe("PcmRing", () => {
  it("rounds its capacity up to a power of two", () => {
    expect(PcmRing.create(1000, 2).capacityFrames).toBe(1024);
  });

  it("carries interleaved frames across the wrap-around in order", () => {
    const ring = PcmRing.create(8, 2);
    const out = new Int16Array(12);
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 10; round++) {
      const frames = 3 + (round % 4);
      const input = new Int16Array(frames * 2).map(() => next++);
      expect(ring.writable()).toBeGreaterThanOrEqual(frames);
      ring.write(input, frames);
      expect(ring.readable()).toBe(frames);
      ring.read(out, frames);
      for (let i = 0; i < frames * 2; i++) expect(out[i]).toBe(expected++);
    }
    expect(ring.readable()).toBe(0);
  });

  it("shares counters, underruns and the stop flag with a second view of the same buffers", () => {
    const producer = PcmRing.create(16, 2);
    const consumer = new PcmRing(producer.buffers);
    producer.write(new Int16Array([1, 2, 3, 4]), 2);
    expect(consumer.readable()).toBe(2);
    consumer.countUnderrun();
    expect(producer.underruns()).toBe(1);
    producer.requestStop();
    expect(consumer.stopRequested()).toBe(true);
  });
});
