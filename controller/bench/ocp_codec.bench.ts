/**
 * OCP codec throughput: length-prefixed JSON (the baseline) vs MsgPack, for a FADER_MOVE-sized and
 * a telemetry-sized message. "encode" is message → framed bytes; "decode" is bytes → validated
 * message (framing, payload codec and zod parsing, i.e. what the controller does per frame);
 * "codec-only" decodes the payload bytes alone.
 */
import { jsonCodec, msgpackCodec, type PayloadCodec } from "../../shared/codecs/mod.ts";
import { createMessage, createOcpDecoder, encodeOcpFrame, type OcpMessage } from "../../shared/ocp/mod.ts";
import { fmt, table } from "../../shared/bench/table.ts";

const from = { role: "accessory" as const, serial: "MXR-20250702-000001" };
const to = { role: "controller" as const, serial: "MXR-20250701-000123" };
const faderMove = createMessage("EVENT", { event: "FADER_MOVE", chan: 3, pos: 0.734 }, { from, to });
const telemetry = createMessage("TELEMETRY", {
  device: { serial: "MXR-20250701-000123", model: "MXR-DJCTRL-v2", fw: "1.3.0" },
  uptime_seconds: 3600,
  events: Array.from({ length: 12 }, (_, i) => ({
    event: "FADER_MOVE",
    chan: i % 4,
    pos: Math.round(Math.random() * 1000) / 1000,
    ts: new Date(Date.now() + i * 1000).toISOString(),
  })),
  health: { battery: 98, cpu_temp_c: 52.3, errors: [] },
}, { from: to, to: { role: "cloud" } });

function measure(run: () => void, minMs = 400): number {
  for (let i = 0; i < 2_000; i++) run();
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (let i = 0; i < 500; i++) run();
    count += 500;
  }
  return count / ((performance.now() - start) / 1000);
}

function bench(codec: PayloadCodec, message: OcpMessage) {
  const frame = encodeOcpFrame(message, codec);
  const encodePerSec = measure(() => encodeOcpFrame(message, codec));
  const decoder = createOcpDecoder({ acceptMsgpack: () => true });
  const decodePerSec = measure(() => {
    const [result] = decoder.push(frame);
    if (!result.ok) throw new Error(result.error.message);
  });
  const payload = codec.encode(message);
  const codecOnlyPerSec = measure(() => codec.decode(payload));
  return { bytes: frame.length, encodePerSec, decodePerSec, codecOnlyPerSec };
}

const rows: (string | number)[][] = [];
for (const [label, message] of [["FADER_MOVE", faderMove], ["TELEMETRY (12 events)", telemetry]] as const) {
  const json = bench(jsonCodec, message);
  const msgpack = bench(msgpackCodec, message);
  for (const [name, r] of [["JSON (baseline)", json], ["MsgPack", msgpack]] as const) {
    rows.push([
      label,
      name,
      r.bytes,
      Math.round(r.encodePerSec).toLocaleString("en"),
      fmt((r.encodePerSec * r.bytes) / 1e6, 1),
      Math.round(r.decodePerSec).toLocaleString("en"),
      fmt((r.decodePerSec * r.bytes) / 1e6, 1),
      Math.round(r.codecOnlyPerSec).toLocaleString("en"),
      name === "MsgPack"
        ? `${fmt(r.bytes / json.bytes)}× size, ${fmt(r.encodePerSec / json.encodePerSec)}× enc, ${
          fmt(r.decodePerSec / json.decodePerSec)
        }× dec, ${fmt(r.codecOnlyPerSec / json.codecOnlyPerSec)}× codec-only dec`
        : "1.00×",
    ]);
  }
}
console.log(table(
  [
    "message",
    "codec",
    "frame bytes",
    "encode msg/s",
    "encode MB/s",
    "decode+validate msg/s",
    "decode MB/s",
    "codec-only decode msg/s",
    "MsgPack vs JSON",
  ],
  rows,
));
