/**
 * @module
 * `demucs_check`: can the demucs tier run here, and if not, exactly what is missing — the onnxruntime-node
 * package, a configured model file, a model file that exists and opens, a model with one input and one
 * output. Runs in the separation Worker, so the native library never loads into the audio process's
 * main thread.
 */
import { existsSync, statSync } from "node:fs";
import { DEFAULT_SEGMENT_FRAMES, fixedSegmentFrames } from "./demucs_separator.ts";
import { loadOnnxRuntime, ONNX_RUNTIME_PACKAGE, openSession } from "./onnx_runtime.ts";

export interface DemucsReport {
  available: boolean;
  runtime: { package: string; version: string | null; error: string | null };
  model: {
    path: string | null;
    inputs: string[];
    outputs: string[];
    segment_frames: number | null;
    error: string | null;
  };
  /** One sentence per missing piece; empty when the tier can run. */
  missing: string[];
}

export async function checkDemucs(
  modelPath: string | null,
  runtimePackage = ONNX_RUNTIME_PACKAGE,
): Promise<DemucsReport> {
  const report: DemucsReport = {
    available: false,
    runtime: { package: runtimePackage, version: null, error: null },
    model: { path: modelPath, inputs: [], outputs: [], segment_frames: null, error: null },
    missing: [],
  };
  const runtime = await loadOnnxRuntime(runtimePackage).catch((error: Error) => {
    report.runtime.error = error.message;
    report.missing.push(
      `the ${runtimePackage} npm package cannot be loaded here (${error.message})`,
    );
    return null;
  });
  if (runtime) {
    report.runtime.version = runtime.env?.versions?.node ?? runtime.env?.versions?.common ?? "unknown";
  }
  if (modelPath === null) {
    report.model.error = "no model configured";
    report.missing.push("no HTDemucs ONNX model is configured (set stems.demucsModel to its path)");
  } else if (!existsSync(modelPath) || !statSync(modelPath).isFile()) {
    report.model.error = "file not found";
    report.missing.push(`the model file ${modelPath} does not exist`);
  } else if (runtime) {
    try {
      const session = await openSession(runtime, modelPath);
      report.model.inputs = [...session.inputNames];
      report.model.outputs = [...session.outputNames];
      report.model.segment_frames = fixedSegmentFrames(session) ?? DEFAULT_SEGMENT_FRAMES;
      await session.release?.();
      if (session.inputNames.length !== 1 || session.outputNames.length < 1) {
        report.model.error =
          `expected one input and one output, got ${session.inputNames.length} and ${session.outputNames.length}`;
        report.missing.push(
          `the model ${modelPath} is not a waveform-in, stems-out export (${report.model.error})`,
        );
      }
    } catch (error) {
      report.model.error = (error as Error).message;
      report.missing.push(
        `the model file ${modelPath} cannot be opened by onnxruntime (${report.model.error})`,
      );
    }
  }
  report.available = report.missing.length === 0;
  return report;
}
