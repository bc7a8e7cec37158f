/**
 * @module
 * The controller's energy estimate: a power model × time, integrated over what the decks did.
 * The model (watts at the wall, for a Raspberry Pi 4 class board with the deck UI and a USB audio
 * interface):
 * - {@link IDLE_WATTS} while the controller runs: the board idling (≈ 2.7 W), the audio interface
 *   and the control surface's LEDs;
 * - plus {@link WATTS_PER_PLAYING_DECK} for each deck playing: decoding, resampling and rendering
 *   keep about a quarter of a core busy, and the deck's meters and jog ring light up.
 * The portal turns watt-hours into kWh, CO₂ and trees; the model is deliberately simple and stated
 * here so those numbers can be checked.
 *
 * @example
 * ```ts
 * const meter = new EnergyMeter(Date.now());
 * meter.sample(2, Date.now()); // two decks playing from now on
 * meter.take(Date.now()); // { periodSec, averageWatts, energyWh }
 * ```
 */

export const IDLE_WATTS = 4.0;
export const WATTS_PER_PLAYING_DECK = 0.75;

/** Watts the model gives for `playingDecks` decks playing. */
export function modelWatts(playingDecks: number): number {
  return IDLE_WATTS + WATTS_PER_PLAYING_DECK * Math.max(0, playingDecks);
}

export class EnergyMeter {
  #periodStartMs: number;
  #lastMs: number;
  #playing = 0;
  #joules = 0;

  constructor(startMs: number) {
    this.#periodStartMs = startMs;
    this.#lastMs = startMs;
  }

  /** From `nowMs` on, `playingDecks` decks play (the time before is charged at the previous count). */
  sample(playingDecks: number, nowMs: number): void {
    this.#advance(nowMs);
    this.#playing = playingDecks;
  }

  /** The energy since the last take, and starts a new period. */
  take(nowMs: number): { periodSec: number; averageWatts: number; energyWh: number } {
    this.#advance(nowMs);
    const periodSec = Math.max(0, (nowMs - this.#periodStartMs) / 1000);
    const energyWh = this.#joules / 3600;
    const averageWatts = periodSec > 0 ? this.#joules / periodSec : modelWatts(this.#playing);
    this.#periodStartMs = nowMs;
    this.#joules = 0;
    return {
      periodSec: Math.round(periodSec * 1000) / 1000,
      averageWatts: Math.round(averageWatts * 1000) / 1000,
      energyWh: Math.round(energyWh * 1e6) / 1e6,
    };
  }

  #advance(nowMs: number): void {
    if (nowMs > this.#lastMs) this.#joules += modelWatts(this.#playing) * ((nowMs - this.#lastMs) / 1000);
    this.#lastMs = Math.max(this.#lastMs, nowMs);
  }
}
