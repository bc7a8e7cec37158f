/**
 * @module
 * Second-order IIR sections (RBJ cookbook low- and high-pass) with their own state, processed in place.
 */

export class Biquad {
  #b0 = 1;
  #b1 = 0;
  #b2 = 0;
  #a1 = 0;
  #a2 = 0;
  #z1 = 0;
  #z2 = 0;

  /** Sets low-pass (`kind` "lowpass") or high-pass coefficients; keeps the state so sweeps stay smooth. */
  configure(kind: "lowpass" | "highpass", frequency: number, q: number, sampleRate: number): void {
    const w0 = (2 * Math.PI * Math.min(frequency, sampleRate * 0.49)) / sampleRate;
    const alpha = Math.sin(w0) / (2 * q);
    const cos = Math.cos(w0);
    const a0 = 1 + alpha;
    const edge = kind === "lowpass" ? (1 - cos) / 2 : (1 + cos) / 2;
    this.#b0 = edge / a0;
    this.#b1 = (kind === "lowpass" ? 1 - cos : -(1 + cos)) / a0;
    this.#b2 = edge / a0;
    this.#a1 = (-2 * cos) / a0;
    this.#a2 = (1 - alpha) / a0;
  }

  reset(): void {
    this.#z1 = 0;
    this.#z2 = 0;
  }

  /** Filters `input` into `output` (they may be the same array). Transposed direct form II. */
  process(input: Float32Array, output: Float32Array, frames: number): void {
    const b0 = this.#b0, b1 = this.#b1, b2 = this.#b2, a1 = this.#a1, a2 = this.#a2;
    let z1 = this.#z1, z2 = this.#z2;
    for (let i = 0; i < frames; i++) {
      const x = input[i];
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      output[i] = y;
    }
    // Flush denormals so a silent tail does not slow the render thread down.
    this.#z1 = Math.abs(z1) < 1e-25 ? 0 : z1;
    this.#z2 = Math.abs(z2) < 1e-25 ? 0 : z2;
  }
}
