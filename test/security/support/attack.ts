/**
 * The ledger of the attack suite: `attack()` runs one attempt, counts it, and decides whether the
 * system held. An attempt holds only when its check says so; a thrown error or a timeout is an
 * attempt that did not hold. The ledger lives on globalThis so every test file of one `bun test`
 * run adds to the same count, printed once at the end (`N attacks, N held`).
 */

/** What an attempt's check concluded, with the evidence in words. */
export interface Verdict {
  held: boolean;
  why: string;
}

/** One counted attempt. */
export interface Attempt extends Verdict {
  family: string;
  name: string;
}

const key = Symbol.for("nova.security.ledger");
type Holder = { [key]?: Attempt[] };

/** Every attempt counted so far in this process. */
export function ledger(): Attempt[] {
  const holder = globalThis as Holder;
  holder[key] ??= [];
  return holder[key];
}

/** Runs and counts one attack; never throws (an error or a timeout is a failed hold). */
export async function attack(
  family: string,
  name: string,
  run: () => Promise<Verdict>,
  timeoutMs = 20_000,
): Promise<Attempt> {
  let verdict: Verdict;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    verdict = await Promise.race([
      run(),
      new Promise<Verdict>((resolve) => {
        timer = setTimeout(() => resolve({ held: false, why: `timeout after ${timeoutMs} ms` }), timeoutMs);
      }),
    ]);
  } catch (error) {
    verdict = { held: false, why: `error: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    clearTimeout(timer);
  }
  const attempt = { family, name, ...verdict };
  ledger().push(attempt);
  return attempt;
}

/** The attempts that did not hold, as `name: why` lines (what a failing test shows). */
export function breaches(attempts: Attempt[]): string[] {
  return attempts.filter((a) => !a.held).map((a) => `${a.name}: ${a.why}`);
}

/** Runs `jobs` with at most `width` in flight (keeps the 2-core machine and the system responsive). */
export async function inBatches<T>(jobs: (() => Promise<T>)[], width = 8): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return out;
}

/** The closing report: one line per family, the attempts that did not hold, then `N attacks, N held`. */
export function summary(): string {
  const all = ledger();
  const families = new Map<string, { total: number; held: number }>();
  for (const a of all) {
    const f = families.get(a.family) ?? { total: 0, held: 0 };
    f.total++;
    if (a.held) f.held++;
    families.set(a.family, f);
  }
  const lines = [...families].map(([f, n]) => `  ${f.padEnd(28)} ${n.held}/${n.total} held`);
  const open = all.filter((a) => !a.held);
  if (process.env.SECURITY_VERBOSE)
    for (const a of all.filter((x) => x.held)) lines.push(`  ✔ [${a.family}] ${a.name} — ${a.why}`);
  if (open.length > 0) {
    lines.push(`not held (${open.length}):`);
    for (const a of open) lines.push(`  ✘ [${a.family}] ${a.name} — ${a.why}`);
  }
  lines.push(`${all.length} attacks, ${all.length - open.length} held`);
  return lines.join("\n");
}
