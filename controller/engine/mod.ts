/**
 * @module
 * Entry point of the audio engine.
 *
 * @example
 * ```ts
 * const engine = await createEngine({ tree: daemon.tree, logger });
 * await engine.load(0, "/music/track.mp3");
 * engine.play(0);
 * ```
 */
import { connectAccessoryFaders } from "./accessory_bridge.ts";
import { AudioEngine, type EngineOptions } from "./engine.ts";
import type { Engine } from "./types.ts";

export type { EngineOptions, MeterSink } from "./engine.ts";
export { createMemoryMixerTree, type MixerTree } from "./mixer_tree.ts";
export * from "./types.ts";

/**
 * Starts the engine: decoder Workers, warmed render path, output Worker on `alsaDevice`. With an
 * `accessoryBus`, accessory fader moves set the mixer tree (see accessory_bridge.ts) until close().
 */
export async function createEngine(
  options: EngineOptions,
): Promise<Engine & { outputInfo: AudioEngine["outputInfo"] }> {
  const engine = await AudioEngine.create(options);
  if (!options.accessoryBus) return engine;
  const disconnect = connectAccessoryFaders(options.accessoryBus, options.tree, options.logger);
  const close = engine.close.bind(engine);
  engine.close = async () => {
    disconnect();
    await close();
  };
  return engine;
}
