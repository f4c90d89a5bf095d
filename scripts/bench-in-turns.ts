/**
 * Paths of a bench measured in turns: `total` calls of each path from `concurrency` loops, the
 * paths taking turns in `rounds` slices so that other load on a shared machine falls on all of them
 * alike (measured one after another, a path could land in a busy or a quiet minute and its ratio to
 * the others would say nothing). Per path: throughput over its own slices, latency percentiles, and
 * the process's CPU time per call above its idle rate (benches run their servers in this process,
 * so that is the whole system's cost of one call). Shared by the benches under scripts/.
 */

export interface BenchPath {
  label: string;
  /** One call; answering `false` (or throwing) counts as a failure. */
  op: () => Promise<unknown>;
}

export interface PathFigures {
  rps: number;
  p50: number;
  p99: number;
  cpuMicrosPerOp: number;
  failures: number;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** `total` calls of `op` from `concurrency` loops, unmeasured. */
export async function warmUp(total: number, concurrency: number, op: () => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await op();
    }),
  );
}

export async function measureInTurns(
  paths: readonly BenchPath[],
  opts: { total: number; concurrency: number; rounds: number; idleMs?: number },
): Promise<PathFigures[]> {
  // The servers' background work (outbox relays, consumers, pollers) while idle: subtracted, so a
  // slower path is not charged more of it.
  const idleMs = opts.idleMs ?? 1000; // 0: nothing subtracted
  let idleMicrosPerSecond = 0;
  if (idleMs > 0) {
    const idle0 = process.cpuUsage();
    const idleStarted = performance.now();
    await Bun.sleep(idleMs);
    const idle = process.cpuUsage(idle0);
    idleMicrosPerSecond = (idle.user + idle.system) / ((performance.now() - idleStarted) / 1000);
  }
  const acc = paths.map(() => ({ seconds: 0, cpuMicros: 0, failures: 0, latencies: [] as number[] }));
  const slice = Math.ceil(opts.total / opts.rounds);
  for (let round = 0; round < opts.rounds; round++) {
    for (const [k, path] of paths.entries()) {
      const a = acc[k] as (typeof acc)[number];
      let next = 0;
      const cpu0 = process.cpuUsage();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: opts.concurrency }, async () => {
          while (next++ < slice) {
            const t0 = performance.now();
            const ok = await path.op().then(
              (v) => v !== false,
              () => false,
            );
            if (!ok) a.failures++;
            a.latencies.push(performance.now() - t0);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      a.seconds += seconds;
      const cpu = process.cpuUsage(cpu0);
      a.cpuMicros += Math.max(0, cpu.user + cpu.system - idleMicrosPerSecond * seconds);
    }
  }
  return acc.map((a) => {
    const n = slice * opts.rounds;
    a.latencies.sort((x, y) => x - y);
    return {
      rps: n / a.seconds,
      p50: percentile(a.latencies, 50),
      p99: percentile(a.latencies, 99),
      cpuMicrosPerOp: a.cpuMicros / n,
      failures: a.failures,
    };
  });
}
