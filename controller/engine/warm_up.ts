/**
 * @module
 * Runs the render path on throw-away decks before output starts, so the JIT has compiled it (a cold
 * block can take several milliseconds, enough to underrun a 256-frame period).
 */
import { Deck } from "./deck.ts";
import { MixRenderer } from "./mix_renderer.ts";
import {
  type ChannelControls,
  createMemoryMixerTree,
  readChannelControls,
  readMasterControls,
} from "./mixer_tree.ts";
import { BLOCK_FRAMES, TrackBuffer } from "./track_buffer.ts";
import { DECK_COUNT, type DeckId } from "./types.ts";

export function warmUpRenderPath(sampleRate: number, blockFrames: number, blocks = 600): void {
  const neutral = createMemoryMixerTree();
  const decks = Array.from({ length: DECK_COUNT }, (_, id) => {
    const deck = new Deck(id as DeckId);
    const track = new TrackBuffer(sampleRate, 2, BLOCK_FRAMES);
    track.append(
      [0, 1].map((c) => new Int16Array(BLOCK_FRAMES).map((_, i) => ((i * (7 + c)) % 2000) - 1000)),
    );
    track.complete = true;
    deck.mount(track, {
      path: "",
      title: null,
      artist: null,
      album: null,
      format: "wav",
      sourceSampleRate: sampleRate,
      channels: 2,
    });
    deck.setLoop(0, BLOCK_FRAMES / sampleRate / 2);
    deck.play();
    return deck;
  });
  const shaped: ChannelControls = {
    ...readChannelControls(neutral, 0),
    eqLowDb: -6,
    eqHighKill: true,
    filter: -0.4,
  };
  const renderer = new MixRenderer(
    decks,
    sampleRate,
    blockFrames,
    decks.map(() => shaped),
    readMasterControls(neutral),
  );
  const out = new Int16Array(blockFrames * 2);
  for (let i = 0; i < blocks; i++) {
    // Alternate resampled and unity playback, shaped and neutral strips, so every branch gets compiled.
    const phase = i % 4;
    for (const deck of decks) deck.tempoPercent = phase < 2 ? 3.5 : 0;
    renderer.channelControls = decks.map((_, n) => phase % 2 ? readChannelControls(neutral, n) : shaped);
    renderer.render(out, blockFrames);
    renderer.takeChannelLevels();
    renderer.masterMeter.take();
  }
}
