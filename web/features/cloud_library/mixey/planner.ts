/**
 * @module
 * MIXEY AI's set planner, deterministic and local: it takes the request read from the DJ's words,
 * keeps the library tracks that fit it (analysed, genre, BPM range), then builds the set one track at
 * a time, always taking the candidate whose transition costs least: small tempo steps, Camelot-
 * compatible keys, energy close to the planned curve at that point of the set, tempo moving the way
 * the energy does. It stops once the length is reached and then lists, in words, what it could not
 * satisfy (too few tracks, a genre the library lacks, rough transitions, a peak it could not reach).
 */
import type { EnergyArc, PlannerTrack, PlanResult, PlanStep, SetRequest } from "./plan_types.ts";
import { describeTransition, KEY_SCORE, keyRelation, tempoRelation } from "./transitions.ts";

/** Tracks a set may hold at most, whatever its length. */
const MAX_SET_TRACKS = 200;

/** The planned energy (1..10) at `position` (0 = start, 1 = end) of the set. */
export function energyTarget(
  request: Pick<SetRequest, "arc" | "endOnPeak" | "warmUp">,
  position: number,
): number {
  const p = Math.min(1, Math.max(0, position));
  const ranges: Record<EnergyArc, [number, number]> = {
    rising: [request.warmUp ? 3 : 4, 8],
    falling: [8, 3],
    steady: [6, 6],
    peak: [8, 9],
  };
  const [start, end] = ranges[request.arc];
  const peakEnd = request.endOnPeak ? 10 : end;
  if (request.endOnPeak && p > 0.8) {
    const before = start + (end - start) * 0.8;
    return before + (peakEnd - before) * ((p - 0.8) / 0.2);
  }
  return start + (end - start) * p;
}

function fitsGenre(track: PlannerTrack, genre: string | null): boolean {
  if (!genre) return true;
  const have = track.genre?.toLowerCase().trim();
  if (!have) return false;
  const want = genre.toLowerCase();
  return have === want || (want === "house" && have.endsWith("house")) ||
    (want === "drum and bass" && have === "drum & bass") || (want === "dnb" && have === "drum & bass");
}

function fitsBpm(track: PlannerTrack, request: SetRequest): boolean {
  if (track.bpm === null) return false;
  if (request.bpmMin !== null && track.bpm < request.bpmMin - 1e-9) return false;
  if (request.bpmMax !== null && track.bpm > request.bpmMax + 1e-9) return false;
  return true;
}

const durationOf = (track: PlannerTrack) => track.durationSeconds ?? 0;
const byId = (a: PlannerTrack, b: PlannerTrack) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The cost of playing `next` after `previous` when the set is at `position`; lower is better. */
function transitionCost(
  previous: PlannerTrack,
  next: PlannerTrack,
  request: SetRequest,
  position: number,
  diagonals: boolean,
): number {
  const tempo = tempoRelation(previous.bpm, next.bpm);
  const tempoCost = tempo.step === "unknown" ? 3 : tempo.change * 40 + (tempo.step === "hard" ? 4 : 0) +
    (tempo.ratio === 1 ? 0 : 0.5);
  const keyCost = (1 - KEY_SCORE[keyRelation(previous.keyCamelot, next.keyCamelot, diagonals)]) * 3;
  const energyCost = Math.abs((next.energy ?? 5) - energyTarget(request, position)) * 0.8;
  // Tempo follows the arc: it should not fall in a rising set, nor climb in a falling one.
  const direction = request.arc === "rising" ? 1 : request.arc === "falling" ? -1 : 0;
  const bpmDelta = (next.bpm ?? 0) - (previous.bpm ?? 0);
  const directionCost = direction !== 0 && Math.sign(bpmDelta) === -direction ? Math.abs(bpmDelta) * 0.6 : 0;
  return tempoCost + keyCost + energyCost + directionCost;
}

/** The opening track: energy nearest the curve's start, then the tempo end the arc starts from. */
function opener(candidates: PlannerTrack[], request: SetRequest): PlannerTrack {
  const target = energyTarget(request, 0);
  const direction = request.arc === "falling" ? -1 : 1;
  return [...candidates].sort((a, b) =>
    Math.abs((a.energy ?? 5) - target) - Math.abs((b.energy ?? 5) - target) ||
    direction * ((a.bpm ?? 0) - (b.bpm ?? 0)) || byId(a, b)
  )[0];
}

export interface PlanOptions {
  /** Count Camelot diagonals (±1 with the other letter) as compatible. Off by default. */
  diagonals?: boolean;
}

/**
 * @example
 * const request = readSetRequest("60 min techno 128 to 132, rising", ["Techno"]);
 * const plan = planSet(request, tracks);
 * plan.steps.map((step) => step.transition); // why each mix works
 * plan.unmet; // e.g. ["Only 42 minutes of Techno at 128–132 BPM in your library, not 60."]
 */
export function planSet(request: SetRequest, library: PlannerTrack[], options: PlanOptions = {}): PlanResult {
  const diagonals = options.diagonals ?? false;
  const unmet: string[] = [];
  const analysed = library.filter((track) => track.bpm !== null && durationOf(track) > 0);
  const inGenre = analysed.filter((track) => fitsGenre(track, request.genre));
  if (request.genre && inGenre.length === 0) {
    unmet.push(`Your library has no analysed ${request.genre} tracks.`);
  }
  const candidates = inGenre.filter((track) => fitsBpm(track, request)).sort(byId);
  if (inGenre.length > 0 && candidates.length === 0) {
    unmet.push(
      `None of your ${request.genre ?? ""} tracks is between ${request.bpmMin} and ${request.bpmMax} BPM.`
        .replace("  ", " "),
    );
  }
  const unanalysed = library.length - analysed.length;
  const steps: PlanStep[] = [];
  let total = 0;
  if (candidates.length > 0) {
    const left = new Set(candidates);
    let current = opener(candidates, request);
    left.delete(current);
    steps.push({ track: current, transition: null });
    total = durationOf(current);
    while (total < request.durationSeconds && left.size > 0 && steps.length < MAX_SET_TRACKS) {
      const position = total / request.durationSeconds;
      let best: PlannerTrack | null = null;
      let bestCost = Infinity;
      for (const track of left) {
        const cost = transitionCost(current, track, request, position, diagonals);
        if (cost < bestCost - 1e-9 || (Math.abs(cost - bestCost) <= 1e-9 && best && byId(track, best) < 0)) {
          best = track;
          bestCost = cost;
        }
      }
      left.delete(best!);
      steps.push({ track: best!, transition: describeTransition(current, best!, diagonals) });
      current = best!;
      total += durationOf(best!);
    }
    if (request.endOnPeak) moveStrongestToEnd(steps, diagonals);
  }
  const scope = [
    request.genre ?? "music",
    request.bpmMin !== null ? `at ${request.bpmMin}–${request.bpmMax} BPM` : null,
  ].filter(Boolean).join(" ");
  if (candidates.length > 0 && total < request.durationSeconds) {
    const have = total < 60 ? "less than a minute" : `${Math.round(total / 60)} minutes`;
    unmet.push(
      `Only ${have} of ${scope} in your library, not ${Math.round(request.durationSeconds / 60)} minutes: ` +
        "the set is shorter than asked.",
    );
  }
  if (unanalysed > 0 && steps.length > 0 && total < request.durationSeconds) {
    unmet.push(`${unanalysed} tracks are not analysed yet and were left out.`);
  }
  reportRoughTransitions(steps, diagonals, unmet);
  reportArc(steps, request, unmet);
  return { request, steps, totalSeconds: total, unmet };
}

/** For "end on a peak": the highest-energy track goes last, when it is not last already. */
function moveStrongestToEnd(steps: PlanStep[], diagonals: boolean): void {
  if (steps.length < 2) return;
  let strongest = steps.length - 1;
  steps.forEach((step, i) => {
    if ((step.track.energy ?? 0) > (steps[strongest].track.energy ?? 0)) strongest = i;
  });
  if (strongest === steps.length - 1) return;
  const [peak] = steps.splice(strongest, 1);
  steps.push(peak);
  steps.forEach((step, i) => {
    step.transition = i === 0 ? null : describeTransition(steps[i - 1].track, step.track, diagonals);
  });
}

function reportRoughTransitions(steps: PlanStep[], diagonals: boolean, unmet: string[]): void {
  const clashes: string[] = [];
  const jumps: string[] = [];
  for (let i = 1; i < steps.length; i++) {
    const [from, to] = [steps[i - 1].track, steps[i].track];
    if (keyRelation(from.keyCamelot, to.keyCamelot, diagonals) === "clash") clashes.push(`${i} → ${i + 1}`);
    if (tempoRelation(from.bpm, to.bpm).step === "hard") jumps.push(`${i} → ${i + 1}`);
  }
  if (clashes.length) {
    unmet.push(
      `${clashes.length} ${clashes.length === 1 ? "transition is" : "transitions are"} not harmonic (${
        clashes.join(", ")
      }): the library had no compatible key left there.`,
    );
  }
  if (jumps.length) {
    unmet.push(`Tempo jumps of more than 6 % at ${jumps.join(", ")}: mix those with a break or an echo out.`);
  }
}

function reportArc(steps: PlanStep[], request: SetRequest, unmet: string[]): void {
  if (steps.length < 2) return;
  const energies = steps.map((step) => step.track.energy ?? 5);
  const first = energies[0];
  const last = energies.at(-1)!;
  if (request.endOnPeak && last < 8) {
    unmet.push(`No track in range is energetic enough for a peak: the set ends at energy ${last} of 10.`);
  }
  if (request.arc === "rising" && last <= first) {
    unmet.push(`The energy does not rise (${first} → ${last}): the tracks in range are all alike.`);
  }
  if (request.arc === "falling" && last >= first) {
    unmet.push(`The energy does not fall (${first} → ${last}): the tracks in range are all alike.`);
  }
}
