import { afterEach, describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { Registry } from "prom-client";
import { DatabaseBusyError, type DatabaseHandle, type PoolOptions, withTransaction } from "../src/index.ts";

/** Opens a fresh handle with these pool options; `size` is the pool size it will have. */
export type OpenPooled = (pool: PoolOptions) => Promise<DatabaseHandle>;

/**
 * Back-pressure behaviour both database kinds share: `size` callers run, `maxWaiting` queue, the
 * rest are rejected with DatabaseBusyError without touching the database, and the metrics say so.
 */
export function poolContract(name: string, size: number, open: OpenPooled): void {
  describe(`database pool: ${name}`, () => {
    const opened: DatabaseHandle[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((h) => h.close()));
    });
    const openWith = async (pool: Omit<PoolOptions, "registry">) => {
      const registry = new Registry();
      const handle = await open({ ...pool, registry });
      opened.push(handle);
      return {
        handle,
        registry,
        metric: (metric: string, labels?: Record<string, string>) => value(registry, metric, labels),
      };
    };

    test("a burst beyond pool + queue is rejected at once, changes nothing, and the queue drains", async () => {
      const maxWaiting = 3;
      const { handle, registry, metric } = await openWith({ maxWaiting, maxWaitMs: 20_000 });
      const table = `pool_probe_${Math.random().toString(36).slice(2, 8)}`;
      await handle.db.execute(sql.raw(`create table ${table} (tag text not null)`));
      const insert = (tag: string) =>
        handle.db.execute(sql`insert into ${sql.identifier(table)} values (${tag})`);
      expect(await metric("nova_db_pool_size")).toBe(size);

      // Hold every permit with a transaction that waits for the gate.
      let openGate = () => {};
      const gate = new Promise<void>((resolve) => {
        openGate = resolve;
      });
      const holders = Array.from({ length: size }, (_, i) =>
        withTransaction(handle.db, async (tx) => {
          await tx.execute(sql`insert into ${sql.identifier(table)} values (${`holder-${i}`})`);
          await gate;
        }),
      );
      await until(async () => (await metric("nova_db_pool_in_use")) === size);

      // Half plain statements, half transactions: both wait for a permit.
      const queued = Array.from({ length: maxWaiting }, (_, i) =>
        i % 2
          ? start(insert(`queued-${i}`))
          : withTransaction(handle.db, (tx) =>
              tx.execute(sql`insert into ${sql.identifier(table)} values (${`queued-${i}`})`),
            ),
      );
      await until(async () => (await metric("nova_db_pool_waiting")) === maxWaiting);
      const burst = await Promise.allSettled([
        insert("burst-0"),
        withTransaction(handle.db, (tx) =>
          tx.execute(sql`insert into ${sql.identifier(table)} values ('burst-1')`),
        ),
        insert("burst-2"),
        handle.ping(),
      ]);
      for (const outcome of burst) {
        expect(outcome.status).toBe("rejected");
        const busy = (outcome as PromiseRejectedResult).reason;
        expect(busy).toBeInstanceOf(DatabaseBusyError);
        expect((busy as DatabaseBusyError).code).toBe("unavailable");
        expect((busy as DatabaseBusyError).reason).toBe("queue_full");
        expect((busy as Error).message).toMatch(
          /is busy: all \d+ connection\(s\) in use and 3 caller\(s\) already waiting/,
        );
      }
      expect(await metric("nova_db_pool_rejections_total", { reason: "queue_full" })).toBe(4);
      expect(await metric("nova_db_pool_rejections_total", { reason: "timeout" })).toBe(0);

      openGate();
      await Promise.all([...holders, ...queued]);
      expect(await metric("nova_db_pool_in_use")).toBe(0);
      expect(await metric("nova_db_pool_waiting")).toBe(0);
      const rows = await handle.db.execute<{ tag: string }>(
        sql`select tag from ${sql.identifier(table)} order by tag`,
      );
      const tags = (Array.isArray(rows) ? rows : (rows as { rows: { tag: string }[] }).rows).map(
        (r) => r.tag,
      );
      expect(tags).toEqual(
        [
          ...Array.from({ length: size }, (_, i) => `holder-${i}`),
          ...Array.from({ length: maxWaiting }, (_, i) => `queued-${i}`),
        ].sort(),
      );
      // Every granted caller is observed once; the queued ones waited more than zero.
      const waits = await waitHistogram(registry);
      expect(waits.count).toBeGreaterThanOrEqual(2 + size + maxWaiting);
      expect(waits.sum).toBeGreaterThan(0);
    });

    test("a caller that waits longer than maxWaitMs is rejected with reason timeout", async () => {
      const { handle, metric } = await openWith({ maxWaiting: 5, maxWaitMs: 150 });
      let openGate = () => {};
      const gate = new Promise<void>((resolve) => {
        openGate = resolve;
      });
      const holders = Array.from({ length: size }, () => withTransaction(handle.db, () => gate));
      await until(async () => (await metric("nova_db_pool_in_use")) === size);
      const waiting = start(handle.db.execute(sql`select 1`));
      await until(async () => (await metric("nova_db_pool_waiting")) === 1);
      const error = await waiting.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DatabaseBusyError);
      expect((error as DatabaseBusyError).reason).toBe("timeout");
      expect((error as Error).message).toMatch(/no connection became free within 150 ms/);
      expect(await metric("nova_db_pool_rejections_total", { reason: "timeout" })).toBe(1);
      expect(await metric("nova_db_pool_waiting")).toBe(0);
      openGate();
      await Promise.all(holders);
      await handle.ping();
      expect(await metric("nova_db_pool_in_use")).toBe(0);
    });

    test("with maxWaiting 0 nothing queues", async () => {
      const { handle, metric } = await openWith({ maxWaiting: 0 });
      let openGate = () => {};
      const gate = new Promise<void>((resolve) => {
        openGate = resolve;
      });
      const holders = Array.from({ length: size }, () => withTransaction(handle.db, () => gate));
      await until(async () => (await metric("nova_db_pool_in_use")) === size);
      await expect(start(handle.db.execute(sql`select 1`))).rejects.toBeInstanceOf(DatabaseBusyError);
      openGate();
      await Promise.all(holders);
      expect(await metric("nova_db_pool_rejections_total", { reason: "queue_full" })).toBe(1);
    });
  });
}

async function value(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`metric ${name} is not registered`);
  const { values } = await metric.get();
  const match = values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  if (!match) throw new Error(`metric ${name} has no series ${JSON.stringify(labels)}`);
  return match.value;
}

/** Count and sum of the wait histogram. */
async function waitHistogram(registry: Registry): Promise<{ count: number; sum: number }> {
  const metric = registry.getSingleMetric("nova_db_pool_wait_seconds");
  if (!metric) throw new Error("nova_db_pool_wait_seconds is not registered");
  const { values } = await metric.get();
  const pick = (suffix: string) =>
    values.find((v) => (v as { metricName?: string }).metricName === `nova_db_pool_wait_seconds${suffix}`)
      ?.value ?? -1;
  return { count: pick("_count"), sum: pick("_sum") };
}

/** drizzle queries are lazy: they run when awaited. This sends one without awaiting it. */
function start<T>(query: PromiseLike<T>): Promise<T> {
  return Promise.resolve(query);
}

async function until(check: () => Promise<boolean>, withinMs = 5_000): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error("condition not reached in time");
    await Bun.sleep(5);
  }
}
