/**
 * @module
 * Writes a tiny ONNX model for the demucs tier's tests (no model weights can be downloaded here): a graph
 * with the HTDemucs export's interface, waveform `[1, 2, samples]` in and `[1, 4, 2, samples]` out, whose
 * four "sources" are the input times four known factors. Encodes the few protobuf messages it needs.
 */
import { writeFileSync } from "node:fs";

type Bytes = number[];

function varint(value: number | bigint): Bytes {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: Bytes = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, value: number) => [...key(field, 0), ...varint(value)];
const bytes = (
  field: number,
  data: Bytes | Uint8Array,
) => [...key(field, 2), ...varint(data.length), ...data];
const text = (field: number, value: string) => bytes(field, new TextEncoder().encode(value));

const FLOAT = 1;
const INT64 = 7;

function tensor(name: string, dims: number[], type: number, raw: Uint8Array): Bytes {
  return [...dims.flatMap((d) => int(1, d)), ...int(2, type), ...text(8, name), ...bytes(9, raw)];
}

function valueInfo(name: string, dims: (number | string)[]): Bytes {
  const shape = dims.flatMap((d) => bytes(1, typeof d === "number" ? int(1, d) : text(2, d)));
  const tensorType = [...int(1, FLOAT), ...bytes(2, shape)];
  return [...text(1, name), ...bytes(2, bytes(1, tensorType))];
}

function node(op: string, inputs: string[], outputs: string[]): Bytes {
  return [
    ...inputs.flatMap((i) => text(1, i)),
    ...outputs.flatMap((o) => text(2, o)),
    ...text(3, op),
    ...text(4, op),
  ];
}

/**
 * Writes the model to `path`. `factors` scale the input into the four outputs; `segment` fixes the input
 * length (a dynamic `samples` dimension without it).
 */
export function writeScalingModel(
  path: string,
  factors: [number, number, number, number],
  segment?: number,
): void {
  const samples = segment ?? "samples";
  const graph = [
    ...bytes(1, node("Unsqueeze", ["mix", "axes"], ["expanded"])),
    ...bytes(1, node("Mul", ["expanded", "factors"], ["stems"])),
    ...text(2, "scaling"),
    ...bytes(5, tensor("axes", [1], INT64, new Uint8Array(new BigInt64Array([1n]).buffer))),
    ...bytes(5, tensor("factors", [1, 4, 1, 1], FLOAT, new Uint8Array(new Float32Array(factors).buffer))),
    ...bytes(11, valueInfo("mix", [1, 2, samples])),
    ...bytes(12, valueInfo("stems", [1, 4, 2, samples])),
  ];
  const model = [
    ...int(1, 8),
    ...text(2, "mixera-test"),
    ...bytes(7, graph),
    ...bytes(8, [...text(1, ""), ...int(2, 13)]),
  ];
  writeFileSync(path, new Uint8Array(model));
}
