import { type Clock, systemClock } from "./clock.ts";
import { CircuitOpenError } from "./errors.ts";
import { isDependencyFailure } from "./retryable.ts";
import { SlidingCounter } from "./sliding-counter.ts";

export type CircuitState = "closed" | "open" | "half_open";

/** The window the error rate is computed over: the last N calls, or the last N milliseconds. */
export type BreakerWindow = { kind: "count"; size: number } | { kind: "time"; ms: number; buckets?: number };

export interface CircuitBreakerOptions {
  name: string;
  window?: BreakerWindow;
  /** Open when failures / calls in the window reach this share (0..1)… */
  failureRateThreshold?: number;
  /** …provided the window holds at least this many calls. */
  minimumCalls?: number;
  /** Open after this many failures in a row, whatever the rate. */
  consecutiveFailures?: number;
  /** How long an open circuit fails fast before letting probes through. */
  openMs?: number;
  /** Probe calls allowed while half-open; that many successes close the circuit. */
  halfOpenProbes?: number;
  /** Which errors count as the dependency failing; defaults to isDependencyFailure. */
  isFailure?: (err: unknown) => boolean;
  clock?: Clock;
}

export interface StateChange {
  name: string;
  from: CircuitState;
  to: CircuitState;
}

/** A circuit breaker guarding one dependency. */
export interface CircuitBreaker {
  readonly name: string;
  /** Current state (an open circuit whose cool-down has passed reports half_open). */
  readonly state: CircuitState;
  /** Runs `fn` through the breaker; rejects with CircuitOpenError while open. */
  execute<T>(fn: () => Promise<T>): Promise<T>;
  /** Subscribes to state changes; returns an unsubscribe function. */
  onStateChange(listener: (change: StateChange) => void): () => void;
}

/** Outcomes of the last `size` calls, for the count-based window. */
class CountWindow {
  private readonly outcomes: boolean[] = [];
  constructor(private readonly size: number) {}
  add(failed: boolean) {
    this.outcomes.push(failed);
    if (this.outcomes.length > this.size) this.outcomes.shift();
  }
  totals() {
    return { calls: this.outcomes.length, failures: this.outcomes.filter(Boolean).length };
  }
  reset() {
    this.outcomes.length = 0;
  }
}

/**
 * Creates a breaker: CLOSED → OPEN when the error rate over the window (with a minimum volume)
 * or the run of consecutive failures crosses its threshold; OPEN fails fast for `openMs`; then
 * HALF_OPEN lets `halfOpenProbes` calls through, closing after that many successes and reopening
 * on any failure.
 */
export function createCircuitBreaker(opts: CircuitBreakerOptions): CircuitBreaker {
  const clock = opts.clock ?? systemClock;
  const rateThreshold = opts.failureRateThreshold ?? 0.5;
  const minimumCalls = opts.minimumCalls ?? 10;
  const consecutiveLimit = opts.consecutiveFailures ?? 5;
  const openMs = opts.openMs ?? 5_000;
  const probes = opts.halfOpenProbes ?? 3;
  const isFailure = opts.isFailure ?? isDependencyFailure;
  const win = opts.window ?? { kind: "count", size: 20 };
  const window =
    win.kind === "count"
      ? new CountWindow(win.size)
      : (() => {
          const c = new SlidingCounter(["calls", "failures"] as const, win.ms, win.buckets ?? 10, clock);
          return {
            add: (failed: boolean) => {
              c.add("calls");
              if (failed) c.add("failures");
            },
            totals: () => c.totals(),
            reset: () => c.reset(),
          };
        })();

  let state: CircuitState = "closed";
  // Each transition starts a new generation; outcomes of calls begun in an older one are ignored,
  // so a slow call that started before the circuit opened cannot close it.
  let generation = 0;
  let openedAt = 0;
  let consecutive = 0;
  let probesInFlight = 0;
  let probeSuccesses = 0;
  const listeners = new Set<(c: StateChange) => void>();

  const transition = (to: CircuitState) => {
    if (to === state) return;
    const from = state;
    state = to;
    generation++;
    consecutive = 0;
    probesInFlight = 0;
    probeSuccesses = 0;
    if (to === "open") openedAt = clock.now();
    if (to === "closed") window.reset();
    for (const l of listeners) l({ name: opts.name, from, to });
  };
  const refresh = () => {
    if (state === "open" && clock.now() - openedAt >= openMs) transition("half_open");
  };
  const record = (gen: number, failed: boolean) => {
    if (gen !== generation) return;
    if (state === "half_open") {
      probesInFlight--;
      if (failed) transition("open");
      else if (++probeSuccesses >= probes) transition("closed");
      return;
    }
    if (state !== "closed") return;
    window.add(failed);
    consecutive = failed ? consecutive + 1 : 0;
    const { calls, failures } = window.totals();
    if (consecutive >= consecutiveLimit || (calls >= minimumCalls && failures / calls >= rateThreshold))
      transition("open");
  };

  return {
    name: opts.name,
    get state() {
      refresh();
      return state;
    },
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async execute(fn) {
      refresh();
      if (state === "open") throw new CircuitOpenError(opts.name, openedAt + openMs - clock.now());
      if (state === "half_open") {
        if (probesInFlight + probeSuccesses >= probes) throw new CircuitOpenError(opts.name, 0);
        probesInFlight++;
      }
      const gen = generation;
      try {
        const result = await fn();
        record(gen, false);
        return result;
      } catch (err) {
        record(gen, isFailure(err));
        throw err;
      }
    },
  };
}
