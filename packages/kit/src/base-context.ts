import { join } from "node:path";
import type { ServiceIdentity } from "@nova/auth";
import type { BaseConfig } from "@nova/config";
import { DatabaseBusyError, type DatabaseHandle, migrate, openDatabase, pendingCount } from "@nova/db";
import { createLogger, createServiceMetrics, type Logger, type ServiceMetrics } from "@nova/observability";
import { createHealth, type Health } from "@nova/server";
import { createServiceIdentityFromConfig } from "./service-identity.ts";

/** Repository root: migrations live in `<root>/drizzle/<service>/`. */
const REPO_ROOT = join(import.meta.dir, "../../..");

/**
 * A configured engine that cannot be reached at start is a deployment error: say so and stop
 * (after a few seconds of retries, so a database that is just starting is not mistaken for one
 * that is missing). Outages after start only turn readiness to 503.
 */
async function failFastIfUnreachable(handle: DatabaseHandle, log: Logger, attempts = 4): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await handle.ping();
      return;
    } catch (err) {
      if (i >= attempts) {
        await handle.close();
        throw new Error(`DATABASE_URL: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      log.warn("database not reachable yet; retrying", { attempt: i, err });
      await Bun.sleep(500 * i);
    }
  }
}

/** What every service context has; services extend it with their own ports and clients. */
export interface BaseContext<C extends BaseConfig = BaseConfig> {
  readonly config: C;
  readonly log: Logger;
  readonly metrics: ServiceMetrics;
  readonly health: Health;
  /** Present when the service owns a schema. */
  readonly db: DatabaseHandle | undefined;
  readonly clock: () => Date;
  /** Who this service is to its peers: signs its service tokens, verifies callers' (see service-identity.ts). */
  readonly identity: ServiceIdentity;
  /** Registers a resource to release on shutdown (closed in reverse order). */
  onClose(fn: () => Promise<void> | void): void;
  close(): Promise<void>;
}

export interface BaseContextOptions {
  /** The PostgreSQL schema the service owns (`pgSchema(...)`), or none. */
  schema?: string | null;
  /** Defaults to `<repo>/drizzle/<service>`. */
  migrationsFolder?: string;
  /** Test seams: a shared database, a log sink, a fixed clock. */
  overrides?: {
    db?: DatabaseHandle;
    log?: Logger;
    clock?: () => Date;
    processMetrics?: boolean;
    /** A service identity from a test PKI (`@nova/auth/testing`) instead of files or the dev PKI. */
    identity?: ServiceIdentity;
  };
}

/**
 * Builds the shared part of a service context. The embedded default (no DATABASE_URL) migrates
 * itself at start; with a real database nothing is migrated implicitly and readiness reports
 * pending migrations until `bun run db:migrate` (or the migrations Job) has run.
 */
export async function createBaseContext<C extends BaseConfig>(
  config: C,
  opts: BaseContextOptions = {},
): Promise<BaseContext<C>> {
  const name = config.service.name;
  const log =
    opts.overrides?.log ??
    createLogger({ level: config.log.level, base: { service: name, version: config.service.version } });
  const metrics = createServiceMetrics({
    service: name,
    version: config.service.version,
    processMetrics: opts.overrides?.processMetrics,
  });
  const health = createHealth({ service: name, version: config.service.version, metrics });
  const closers: (() => Promise<void> | void)[] = [];
  const identity =
    opts.overrides?.identity ?? createServiceIdentityFromConfig(config, { clock: opts.overrides?.clock });
  if (!opts.overrides?.identity) closers.push(() => identity.close());

  let db: DatabaseHandle | undefined;
  if (opts.schema) {
    const schema = opts.schema;
    const migrationsFolder = opts.migrationsFolder ?? join(REPO_ROOT, "drizzle", name);
    db =
      opts.overrides?.db ??
      (await openDatabase({
        url: config.database.url,
        dataDir: config.dataDir,
        maxConnections: config.database.maxConnections,
        debugSql: config.database.debugSql,
        log,
        applicationName: name,
        pool: {
          registry: metrics.registry,
          maxWaitMs: config.database.poolMaxWaitMs,
          ...(config.database.poolMaxWaiting !== undefined
            ? { maxWaiting: config.database.poolMaxWaiting }
            : {}),
        },
      }));
    const handle = db;
    if (!opts.overrides?.db) closers.push(() => handle.close());
    if (handle.kind === "postgres" && !opts.overrides?.db) await failFastIfUnreachable(handle, log);
    if (handle.kind === "pglite") {
      const { applied } = await migrate(handle, { schema, migrationsFolder });
      if (applied.length) log.info("migrations applied", { schema, applied });
    }
    // A saturated pool is busy, not broken: keep the pod in rotation (callers get 503s from the
    // pool's own back-pressure) rather than pulling every busy replica at once.
    health.add({
      name: "database",
      check: () =>
        handle.ping().catch((err) => {
          if (!(err instanceof DatabaseBusyError)) throw err;
        }),
    });
    health.add({
      name: "migrations",
      check: async () => {
        const pending = await pendingCount(handle, { schema, migrationsFolder });
        if (pending > 0)
          throw new Error(`${pending} migration(s) pending for schema ${schema}; run bun run db:migrate`);
      },
    });
  }

  let closed: Promise<void> | undefined;
  return {
    config,
    log,
    metrics,
    health,
    db,
    clock: opts.overrides?.clock ?? (() => new Date()),
    identity,
    onClose: (fn) => closers.push(fn),
    close: () => {
      closed ??= (async () => {
        for (const fn of closers.reverse()) {
          try {
            await fn();
          } catch (err) {
            log.warn("error while closing a resource", { err });
          }
        }
      })();
      return closed;
    },
  };
}
