import { describe, expect, it } from "bun:test";
import { createMemoryLogger } from "../log/logger.ts";
import { type Command, parseCommand } from "./command.ts";
import { createEngineDouble } from "./testing/engine_double.ts";
import type { ApiEvent } from "./events.ts";
import { handleCommand } from "./handle_command.ts";

function setup() {
  const engine = createEngineDouble();
  const { logger } = createMemoryLogger();
  const replies: ApiEvent[] = [];
  const run = (line: string) => {
    const parsed = parseCommand(line);
    if (!parsed.ok) throw new Error(parsed.message);
    handleCommand(parsed.command as Command, {
      engine,
      logger,
      reply: (e) => replies.push(e),
      now: () => 1234,
    });
  };
  return { engine, logger, replies, run };
}

describe("handleCommand", () => {
  it("acks load_track at once, before the load has finished", async () => {
    const { engine, replies, run } = setup();
    run('load_track 2 "/m/a b.wav"');
    expect(replies).toEqual([{ event: "cmd_ack", data: { cmd: "load_track", deck_id: 2, ts_ms: 1234 } }]);
    expect(engine.calls).toEqual(["load 2 /m/a b.wav"]);
    await Promise.resolve();
    expect(engine.status()[2].track?.path).toBe("/m/a b.wav");
  });

  it("answers a failed load with an error event for that deck", async () => {
    const { engine, replies, run } = setup();
    engine.failLoad("/x.ogg", "unsupported format: ogg");
    run("load_track 1 /x.ogg");
    await new Promise((r) => setTimeout(r, 0));
    expect(replies[1]).toEqual({
      event: "error",
      data: { message: "unsupported format: ogg", cmd: "load_track", deck_id: 1 },
    });
  });

  it("runs every transport command on the engine and acks it with cmd, deck_id and ts_ms", async () => {
    const { engine, replies, run } = setup();
    run("load_track 0 /a.wav");
    await Promise.resolve();
    const lines = [
      "play 0",
      "pause 0",
      "stop 0",
      "seek 0 10",
      "tempo_range 0 16",
      "tempo 0 -12",
      "cue_set 0 1",
      "cue_jump 0 1",
      "loop 0 2 4",
      "loop_off 0",
    ];
    for (const line of lines) run(line);
    expect(engine.calls.slice(1)).toEqual([
      "play 0",
      "pause 0",
      "stop 0",
      "seek 0 10",
      "tempo_range 0 16",
      "tempo 0 -12",
      "cue_set 0 1",
      "cue_jump 0 1",
      "loop 0 2 4",
      "loop_off 0",
    ]);
    expect(replies.slice(1).map((r) => r.event === "cmd_ack" && r.data.cmd)).toEqual(
      lines.map((l) => l.split(" ")[0]),
    );
    expect(engine.status()[0].tempo_percent).toBe(-12);
  });

  it("turns an engine refusal into an error event instead of an ack", () => {
    const { replies, run } = setup();
    run("play 3");
    run("tempo 3 20");
    expect(replies).toEqual([
      { event: "error", data: { message: "deck 3 has no track loaded", cmd: "play", deck_id: 3 } },
      { event: "error", data: { message: "tempo out of ±8 %", cmd: "tempo", deck_id: 3 } },
    ]);
  });

  it("answers ping, get_deck_status and get_waveform", async () => {
    const { replies, run } = setup();
    run("ping");
    run("load_track 1 /a.wav");
    await Promise.resolve();
    run("get_deck_status");
    run("get_waveform 1 1200");
    expect(replies[0]).toEqual({ event: "pong", data: { ts_ms: 1234 } });
    const status = replies[2];
    if (status.event !== "deck_status") throw new Error("expected deck_status");
    expect(status.data.ts_ms).toBe(1234);
    expect(status.data.decks.map((d) => d.id)).toEqual([0, 1, 2, 3]);
    expect(status.data.decks[1]).toMatchObject({ total_sec: 120, playing: false, track: { path: "/a.wav" } });
    expect(status.data.decks[1].track?.source_sample_rate).toBe(44100);
    const chunks = replies.slice(3);
    expect(
      chunks.map((c) =>
        c.event === "waveform_chunk" && [c.data.chunk_index, c.data.total_chunks, c.data.waveform.length]
      ),
    )
      .toEqual([[0, 3, 500], [1, 3, 500], [2, 3, 200]]);
    for (const c of chunks) {
      expect(c).toMatchObject({ data: { deck_id: 1, total_points: 1200, sample_rate: 44100 } });
    }
  });

  it("switches log categories with set_log", () => {
    const { logger, replies, run } = setup();
    run("set_log all 0");
    expect(logger.isEnabled("audio") || logger.isEnabled("analysis")).toBe(false);
    run("set_log analysis 1");
    expect(logger.isEnabled("analysis")).toBe(true);
    expect(logger.isEnabled("hardware")).toBe(false);
    expect(replies.at(-1)).toEqual({ event: "log_state", data: { type: "analysis", enabled: true } });
  });

  it("answers cloud commands on a controller without the cloud track library with a not_linked error", async () => {
    const { replies, run } = setup();
    run("cloud_list_tracks 10 0");
    await Bun.sleep(0);
    expect(replies).toEqual([
      {
        event: "error",
        data: {
          message: "this controller runs without the cloud track library",
          cmd: "cloud_list_tracks",
          code: "not_linked",
        },
      },
    ]);
  });

  it("refuses stem commands on an engine without stem separation", () => {
    const { replies, run } = setup();
    run("stem_load 0 abc");
    run("stem_status");
    expect(replies).toEqual([
      {
        event: "error",
        data: { message: "stem separation is not enabled on this controller", cmd: "stem_load", deck_id: 0 },
      },
      {
        event: "error",
        data: { message: "stem separation is not enabled on this controller", cmd: "stem_status" },
      },
    ]);
  });
});
