import type { Database } from "@nova/db";
import type { Logger } from "@nova/observability";
import { backoffDelay } from "@nova/resilience";
import type { Registry } from "prom-client";
import { claimBatch, prepareHasClaimable } from "./claim-batch.ts";
import type { Outbox } from "./create-outbox.ts";
import type { OutboxPublisher } from "./outbox-message.ts";
import { registerOutboxMetrics, type UnregisterMetrics } from "./outbox-metrics.ts";
import { type OutboxStats, readOutboxStats } from "./outbox-stats.ts";
import { publishBatch } from "./publish-batch.ts";
import { type ReplayRange, replayOutbox } from "./replay-outbox.ts";
import { markFailed, markSent, releaseRows } from "./settle-batch.ts";

export interface OutboxRelayOptions {
  db: Database;
  outbox: Outbox;
  publisher: OutboxPublisher;
  log: Logger;
  /** The service's registry (default labels service/version); the backlog gauges go there. */
  registry?: Registry;
  batchSize?: number;
  /** Idle poll interval; `wake()` skips the wait after a commit. */
  pollIntervalMs?: number;
  /**
   * How long a woken relay waits before claiming (Kafka's `linger.ms`): the events committed in
   * that window go out as one batch — one claim, one publish and one settle instead of one each
   * per event — for that much more latency. Default 10 ms.
   */
  lingerMs?: number;
  /** How long a claimed batch stays leased; a relay that dies mid-publish is replaced after it. */
  leaseMs?: number;
  /** Publish attempts per event before it turns dead (the outbox's dead-letter state). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** What one relay cycle did. */
export interface RelayCycle {
  claimed: number;
  sent: number;
  failed: number;
  dead: number;
}

/** Moves committed outbox rows to the bus. */
export interface OutboxRelay {
  /** Starts the background loop (idempotent). */
  start(): void;
  /** Stops the loop after the current cycle and unregisters the gauges. */
  stop(): Promise<void>;
  /** Ends the idle wait now, e.g. right after a transaction that enqueued events committed. */
  wake(): void;
  /** One claim → publish → settle cycle; the loop calls this, tests may too. */
  runOnce(): Promise<RelayCycle>;
  /** Requeues the events of a time range; see {@link replayOutbox}. */
  replay(range: ReplayRange): Promise<number>;
  stats(): Promise<OutboxStats>;
}

/** A relay for one service's outbox; several may run against the same table (replicas). */
export function createOutboxRelay(opts: OutboxRelayOptions): OutboxRelay {
  const { db, outbox, publisher, log } = opts;
  const t = outbox.table;
  const cfg = {
    batchSize: opts.batchSize ?? 100,
    pollIntervalMs: opts.pollIntervalMs ?? 250,
    lingerMs: opts.lingerMs ?? 10,
    leaseMs: opts.leaseMs ?? 30_000,
    maxAttempts: opts.maxAttempts ?? 10,
    backoff: { baseDelayMs: opts.baseDelayMs ?? 200, maxDelayMs: opts.maxDelayMs ?? 60_000 },
  };
  let running: Promise<void> | undefined;
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  // A wake that arrives mid-cycle is kept, so the commit behind it does not wait for the next poll.
  let woken = false;
  let unregister: UnregisterMetrics | undefined;

  const hasClaimable = prepareHasClaimable(db, t);

  async function runOnce(): Promise<RelayCycle> {
    if (!(await hasClaimable())) return { claimed: 0, sent: 0, failed: 0, dead: 0 };
    const token = crypto.randomUUID();
    const rows = await claimBatch(db, t, { batchSize: cfg.batchSize, leaseMs: cfg.leaseMs, token });
    if (rows.length === 0) return { claimed: 0, sent: 0, failed: 0, dead: 0 };
    const outcome = await publishBatch(publisher, outbox.topic, rows);
    await markSent(db, t, token, outcome.sent);
    await releaseRows(db, t, token, outcome.held);
    let dead = 0;
    for (const { row, error } of outcome.failed) {
      const message = error instanceof Error ? error.message : String(error);
      // Full jitter, with a floor so a failing broker is never hammered in a tight loop.
      const delayMs = Math.max(50, backoffDelay(row.attempts + 1, cfg.backoff));
      const wentDead = await markFailed(db, t, token, {
        id: row.id,
        attempts: row.attempts,
        error: message,
        delayMs,
        maxAttempts: cfg.maxAttempts,
      });
      if (wentDead) dead++;
      log[wentDead ? "error" : "warn"](wentDead ? "outbox event dead-lettered" : "outbox publish failed", {
        topic: outbox.topic,
        eventId: row.id,
        eventType: row.eventType,
        attempt: row.attempts + 1,
        error: message,
      });
    }
    return { claimed: rows.length, sent: outcome.sent.length, failed: outcome.failed.length, dead };
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      let idle = true;
      try {
        const cycle = await runOnce();
        failures = 0;
        idle = cycle.claimed < cfg.batchSize;
      } catch (error) {
        // The database is unreachable: back off; the rows stay in the outbox meanwhile.
        failures++;
        log.warn("outbox relay cycle failed", { topic: outbox.topic, error: (error as Error).message });
      }
      if (!stopping && (idle || failures > 0)) {
        const waitMs =
          failures > 0
            ? Math.max(cfg.pollIntervalMs, backoffDelay(failures, cfg.backoff))
            : cfg.pollIntervalMs;
        if (!woken || failures > 0)
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, waitMs);
            wakeUp = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        wakeUp = undefined;
        if (woken && !stopping && cfg.lingerMs > 0) await Bun.sleep(cfg.lingerMs);
        woken = false;
      }
    }
  }

  function wake() {
    woken = true;
    wakeUp?.();
  }

  const stats = () => readOutboxStats(db, t);
  return {
    start() {
      if (running) return;
      stopping = false;
      if (opts.registry) unregister = registerOutboxMetrics(opts.registry, stats);
      running = loop();
    },
    async stop() {
      stopping = true;
      wake();
      await running;
      running = undefined;
      unregister?.();
      unregister = undefined;
    },
    wake,
    runOnce,
    replay: (range) => replayOutbox(db, t, range),
    stats,
  };
}
