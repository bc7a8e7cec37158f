import { afterAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { tempDir } from "../testing/support.ts";
import { separateDemucs } from "./demucs_separator.ts";
import { separateEnhanced } from "./enhanced_separator.ts";
import { loadOnnxRuntime } from "./onnx_runtime.ts";
import { separateSimple } from "./simple_separator.ts";
import { STEM_NAMES, type Stereo, type StereoMix } from "./stem_set.ts";
import { writeScalingModel } from "./testing/onnx_graph.ts";
import {
  mixOf,
  renderBass,
  renderDrums,
  renderPad,
  renderVoice,
  sdr,
  sumErrorDb,
} from "./testing/signals.ts";

const RATE = 44100;
const FRAMES = RATE * 4;
const truth = [
  renderVoice(FRAMES, RATE),
  renderDrums(FRAMES, RATE),
  renderBass(FRAMES, RATE),
  renderPad(FRAMES, RATE),
];
const mix: StereoMix = { sampleRate: RATE, channels: mixOf(truth) };
const dir = tempDir("stems-separators-");
afterAll(() => dir.remove());

function energy(stereo: Stereo): number {
  let sum = 0;
  for (const channel of stereo) for (const sample of channel) sum += sample * sample;
  return sum;
}

describe("every tier's stems sum back to the mix", () => {
  it("simple", () => {
    expect(sumErrorDb(mix.channels, separateSimple(mix))).toBeLessThan(-60);
  });
  it("enhanced", () => {
    expect(sumErrorDb(mix.channels, separateEnhanced(mix))).toBeLessThan(-60);
  });
  it("demucs (through a test model whose sources do not add up to its input)", async () => {
    const model = join(dir.path, "sum.onnx");
    writeScalingModel(model, [0.5, 0.1, 0.1, 0.1]);
    const stems = await separateDemucs(mix, await loadOnnxRuntime(), {
      modelPath: model,
      segmentFrames: 44100,
    });
    expect(sumErrorDb(mix.channels, stems)).toBeLessThan(-60);
  });
});

describe("simple tier", () => {
  it("puts a low sine in bass and a centred mid-band tone in vocals", () => {
    const frames = RATE;
    const low = Float32Array.from(
      { length: frames },
      (_, i) => 0.5 * Math.sin((2 * Math.PI * 50 * i) / RATE),
    );
    const mid = Float32Array.from(
      { length: frames },
      (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / RATE),
    );
    const [vocals, , bass] = separateSimple({ sampleRate: RATE, channels: [low, low] });
    expect(energy(bass) / energy([low, low])).toBeGreaterThan(0.9);
    expect(energy(vocals)).toBeLessThan(energy(bass) * 0.01);
    const centre = separateSimple({ sampleRate: RATE, channels: [mid, mid] });
    expect(energy(centre[0]) / energy([mid, mid])).toBeGreaterThan(0.9);
  });
});

describe("enhanced tier", () => {
  const stems = separateEnhanced(mix);
  it("separates each synthetic part better than the simple tier", () => {
    const simple = separateSimple(mix);
    const mean = (estimate: Stereo[]) => truth.reduce((sum, part, s) => sum + sdr(part, estimate[s]), 0) / 4;
    expect(mean(stems)).toBeGreaterThan(mean(simple) + 2);
  });
  it("recovers the bass and the voice with a positive SDR", () => {
    expect(sdr(truth[STEM_NAMES.indexOf("bass")], stems[2])).toBeGreaterThan(2);
    expect(sdr(truth[STEM_NAMES.indexOf("vocals")], stems[0])).toBeGreaterThan(2);
  });
  it("keeps most of a wide (decorrelated) pad out of vocals, unlike mid/side", () => {
    const pad: StereoMix = { sampleRate: RATE, channels: renderPad(RATE * 2, RATE) };
    const [vocals, , , other] = separateEnhanced(pad);
    expect(energy(vocals)).toBeLessThan(energy(other) * 0.3);
    expect(energy(vocals)).toBeLessThan(energy(separateSimple(pad)[0]) * 0.5);
  });
  it("handles tracks shorter than one analysis frame", () => {
    const short: StereoMix = {
      sampleRate: RATE,
      channels: [new Float32Array([0.5, -0.25, 0.1]), new Float32Array(3)],
    };
    const stems = separateEnhanced(short);
    expect(sumErrorDb(short.channels, stems)).toBeLessThan(-60);
  });
});

describe("demucs tier plumbing (a test model: source n = input × factor n)", () => {
  it("stitches overlapping segments back exactly and maps the model's sources to the stems", async () => {
    const model = join(dir.path, "scale.onnx");
    // HTDemucs order: drums, bass, other, vocals.
    writeScalingModel(model, [0.1, 0.2, 0.3, 0.4]);
    const stems = await separateDemucs(mix, await loadOnnxRuntime(), {
      modelPath: model,
      segmentFrames: 30_000,
    });
    const expected = { vocals: 0.4, drums: 0.1, bass: 0.2, other: 0.3 };
    STEM_NAMES.forEach((name, s) => {
      for (let c = 0; c < 2; c++) {
        let worst = 0;
        for (let i = 0; i < FRAMES; i++) {
          worst = Math.max(worst, Math.abs(stems[s][c][i] - mix.channels[c][i] * expected[name]));
        }
        expect(worst).toBeLessThan(1e-5);
      }
    });
  });

  it("uses the segment length a model fixes, and refuses audio that is not 44.1 kHz", async () => {
    const model = join(dir.path, "fixed.onnx");
    writeScalingModel(model, [0.25, 0.25, 0.25, 0.25], 8192);
    const runtime = await loadOnnxRuntime();
    const stems = await separateDemucs(mix, runtime, { modelPath: model, segmentFrames: 1_000_000 });
    expect(Math.abs(stems[0][0][FRAMES - 1] - mix.channels[0][FRAMES - 1] * 0.25)).toBeLessThan(1e-6);
    await expect(
      separateDemucs({ sampleRate: 48000, channels: mix.channels }, runtime, { modelPath: model }),
    ).rejects.toThrow("needs 44100 Hz");
  });

  it("refuses a model whose output is not four stereo sources", async () => {
    const model = join(dir.path, "bad.onnx");
    writeScalingModel(model, [1, 1, 1, 1]);
    const runtime = await loadOnnxRuntime();
    await expect(
      separateDemucs(mix, runtime, { modelPath: model, segmentFrames: 50_000, sources: ["vocals", "drums"] }),
    ).rejects.toThrow("expected [1, 2, 2, 50000]");
  });
});
