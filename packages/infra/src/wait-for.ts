/** Options for {@link waitFor}. */
export interface WaitForOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Upper bound for one probe attempt, so a peer that accepts but never answers cannot stall. */
  attemptTimeoutMs?: number;
  /** Stops waiting early (e.g. the engine's process died); its message becomes the error. */
  abortIf?: () => string | undefined;
}

/** Thrown when an engine did not become ready in time; carries the last probe error. */
export class EngineNotReadyError extends Error {
  override readonly name = "EngineNotReadyError";
  constructor(
    readonly engine: string,
    message: string,
    readonly lastError?: unknown,
  ) {
    super(`${engine}: ${message}`);
  }
}

/**
 * Retries `probe` until it resolves; returns the milliseconds waited. Throws
 * {@link EngineNotReadyError} with the last probe failure on timeout or abort.
 */
export async function waitFor(
  engine: string,
  probe: () => Promise<unknown>,
  opts: WaitForOptions,
): Promise<number> {
  const t0 = performance.now();
  const interval = opts.intervalMs ?? 250;
  let last: unknown;
  for (;;) {
    try {
      await withTimeout(probe(), opts.attemptTimeoutMs ?? 5000);
      return performance.now() - t0;
    } catch (err) {
      last = err;
    }
    const aborted = opts.abortIf?.();
    if (aborted) throw new EngineNotReadyError(engine, aborted, last);
    if (performance.now() - t0 > opts.timeoutMs) {
      const why = last instanceof Error ? last.message : String(last);
      throw new EngineNotReadyError(
        engine,
        `not ready after ${opts.timeoutMs} ms (last error: ${why})`,
        last,
      );
    }
    await Bun.sleep(interval);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`probe attempt timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
