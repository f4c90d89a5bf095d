/** One step event of one actor (account id, or `device:<id>` for anonymous clients). */
export interface FunnelEvent {
  readonly actor: string;
  readonly name: string;
  readonly at: number;
}

/**
 * How many actors reached each step: for each actor, the deepest step reached by a chain that
 * starts at any occurrence of step 1 and takes each next step strictly later, all within `windowMs`
 * of the chain's start (PostgreSQL; ClickHouse's kept funnels). `events` sorted by actor, then time.
 */
export function funnelCounts(
  events: readonly FunnelEvent[],
  steps: readonly string[],
  windowMs: number,
): number[] {
  const reached = new Array<number>(steps.length).fill(0);
  let i = 0;
  while (i < events.length) {
    const actor = events[i]?.actor;
    let j = i;
    while (j < events.length && events[j]?.actor === actor) j++;
    const own = events.slice(i, j);
    let best = 0;
    for (let s = 0; s < own.length && best < steps.length; s++) {
      const start = own[s];
      if (!start || start.name !== steps[0]) continue;
      let level = 1;
      let last = start.at;
      for (let k = s + 1; k < own.length && level < steps.length; k++) {
        const e = own[k];
        if (!e || e.at - start.at > windowMs) break;
        if (e.name === steps[level] && e.at > last) {
          level++;
          last = e.at;
        }
      }
      best = Math.max(best, level);
    }
    for (let l = 0; l < best; l++) reached[l] = (reached[l] ?? 0) + 1;
    i = j;
  }
  return reached;
}
