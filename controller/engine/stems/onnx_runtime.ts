/**
 * @module
 * Loads onnxruntime-node on demand. It is an optional dependency of the `demucs` tier only: the module
 * name is passed at run time, so `bun build --compile` does not pull its ~45 MB native library into the
 * controller binary, and a controller without it still runs every other tier. Only the few calls the
 * tier uses are typed here.
 */
import { isCompiledBinary } from "../../audio/spawn_worker.ts";

export interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}

export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly {
    name: string;
    isTensor?: boolean;
    shape?: readonly (number | string)[];
  }[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release?(): Promise<void>;
}

export interface OrtModule {
  InferenceSession: {
    create(path: string, options?: Record<string, unknown>): Promise<OrtSession>;
  };
  Tensor: new (type: "float32", data: Float32Array, dims: readonly number[]) => OrtTensor;
  env?: { versions?: Record<string, string> };
}

export const ONNX_RUNTIME_PACKAGE = "onnxruntime-node";

/** Imports a module whose name is only known at run time, which keeps it out of the bundle. */
function importAtRunTime(name: string): Promise<unknown> {
  return import(name);
}

/** Resolves onnxruntime-node, or rejects with a message saying why it cannot be loaded here. */
export async function loadOnnxRuntime(name: string = ONNX_RUNTIME_PACKAGE): Promise<OrtModule> {
  try {
    const loaded = (await importAtRunTime(name)) as OrtModule & { default?: OrtModule };
    const runtime = loaded.InferenceSession ? loaded : loaded.default;
    if (!runtime?.InferenceSession) throw new Error("it has no InferenceSession");
    return runtime;
  } catch (error) {
    // A compiled binary resolves packages only among its embedded files, never from a node_modules on disk.
    const where = isCompiledBinary()
      ? "the compiled controller binary cannot load npm packages from disk; run the controller from source"
      : (error as Error).message;
    throw new Error(`${name} cannot be loaded: ${where}`);
  }
}

/** A CPU session on one thread: the separation Worker must leave the other core to the audio path. */
export function openSession(runtime: OrtModule, modelPath: string): Promise<OrtSession> {
  return runtime.InferenceSession.create(modelPath, {
    executionProviders: ["cpu"],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
  });
}
