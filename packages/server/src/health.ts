import type { ServiceMetrics } from "@nova/observability";

/** A dependency probe: resolves when the dependency is usable, rejects (or times out) otherwise. */
export interface HealthCheck {
  name: string;
  check: (signal: AbortSignal) => Promise<unknown>;
}

export interface CheckResult {
  status: "up" | "down";
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  service: string;
  version: string;
  status: "ok" | "unhealthy" | "draining";
  ready: boolean;
  uptimeSeconds: number;
  checks: Record<string, CheckResult>;
}

/** Readiness of one service: its dependency checks plus a draining flag set during shutdown. */
export interface Health {
  add(check: HealthCheck): void;
  /** Runs every check (results are reused for `cacheMs` so probe storms cost one round). */
  evaluate(): Promise<HealthReport>;
  /** Marks the service as shutting down: readiness fails from now on. */
  setDraining(): void;
  readonly draining: boolean;
}

export interface HealthOptions {
  service: string;
  version: string;
  checks?: HealthCheck[];
  timeoutMs?: number;
  cacheMs?: number;
  metrics?: ServiceMetrics;
  clock?: () => number;
}

async function runCheck(check: HealthCheck, timeoutMs: number, clock: () => number): Promise<CheckResult> {
  const started = clock();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    await Promise.race([check.check(controller.signal), timeout]);
    return { status: "up", latencyMs: clock() - started };
  } catch (err) {
    return {
      status: "down",
      latencyMs: clock() - started,
      error: err instanceof Error ? err.message : String(err),
    };
  } finally {
    clearTimeout(timer);
  }
}

export function createHealth(opts: HealthOptions): Health {
  const checks: HealthCheck[] = [...(opts.checks ?? [])];
  const timeoutMs = opts.timeoutMs ?? 2000;
  const cacheMs = opts.cacheMs ?? 1000;
  const clock = opts.clock ?? Date.now;
  const startedAt = clock();
  let draining = false;
  let cached: { at: number; report: Promise<HealthReport> } | undefined;

  const compute = async (): Promise<HealthReport> => {
    const results = await Promise.all(checks.map((c) => runCheck(c, timeoutMs, clock)));
    const byName = Object.fromEntries(checks.map((c, i) => [c.name, results[i] as CheckResult]));
    const allUp = results.every((r) => r.status === "up");
    const ready = allUp && !draining;
    opts.metrics?.ready.set(ready ? 1 : 0);
    return {
      service: opts.service,
      version: opts.version,
      status: draining ? "draining" : allUp ? "ok" : "unhealthy",
      ready,
      uptimeSeconds: Math.round((clock() - startedAt) / 1000),
      checks: byName,
    };
  };

  return {
    add: (check) => {
      checks.push(check);
      cached = undefined;
    },
    evaluate: () => {
      const now = clock();
      if (!cached || now - cached.at >= cacheMs) cached = { at: now, report: compute() };
      return cached.report;
    },
    setDraining: () => {
      draining = true;
      cached = undefined;
      opts.metrics?.ready.set(0);
    },
    get draining() {
      return draining;
    },
  };
}
