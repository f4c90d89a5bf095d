/** A score that halves every half-life: `s` as of epoch ms `t`. */
export interface DecayedScore {
  s: number;
  t: number;
}

/** The score's value at `now` (never grown: a `now` before `t` reads the stored value). */
export function decayedValue(score: DecayedScore | undefined, now: number, halfLifeMs: number): number {
  if (!score) return 0;
  const elapsed = Math.max(0, now - score.t);
  return score.s * 2 ** (-elapsed / halfLifeMs);
}

/** Decays to `at`, then adds `delta`; floored at 0 (an unlike never makes affinity negative). */
export function bumpScore(
  score: DecayedScore | undefined,
  at: number,
  delta: number,
  halfLifeMs: number,
): DecayedScore {
  const base = score ? decayedValue(score, at, halfLifeMs) : 0;
  return { s: Math.max(0, base + delta), t: Math.max(at, score?.t ?? at) };
}
