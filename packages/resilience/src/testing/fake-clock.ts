import type { Clock } from "../clock.ts";

/** A clock that only moves when told to, so tests of timeouts and backoff never really sleep. */
export interface FakeClock extends Clock {
  /** Moves time forward by `ms`, firing due timers in order and letting promises settle between them. */
  advance(ms: number): Promise<void>;
  /** Sets the time without firing timers (for sliding windows that only read `now`). */
  set(now: number): void;
  /** Timers not yet fired. */
  readonly pendingTimers: number;
}

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/** Lets every queued promise continuation run before time moves on. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Creates a fake clock starting at `start` (ms). */
export function createFakeClock(start = 1_000_000): FakeClock {
  let now = start;
  let seq = 0;
  const timers = new Set<Timer>();
  return {
    now: () => now,
    setTimer(fn, ms) {
      const timer = { at: now + Math.max(0, ms), seq: seq++, fn };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    set(t) {
      now = t;
    },
    get pendingTimers() {
      return timers.size;
    },
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        let next: Timer | undefined;
        for (const t of timers)
          if (t.at <= target && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
        if (!next) break;
        timers.delete(next);
        now = Math.max(now, next.at);
        next.fn();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}
