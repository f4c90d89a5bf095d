import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { Logger } from "@nova/observability";
import type { DatabaseHandle } from "./database.ts";
import { createPgliteHandle, PGLITE_EXTENSIONS } from "./pglite-handle.ts";
import type { PoolOptions } from "./pool-options.ts";

export interface OpenPgliteOptions {
  dataDir: string;
  debugSql: boolean;
  log: Logger;
  pool?: PoolOptions | undefined;
}

interface SharedInstance {
  client: Promise<PGlite>;
  refs: number;
}

/**
 * In embedded mode all services run in one process. PGlite is single-session and a data directory
 * may only be opened once, so every handle for the same directory shares one instance; it is
 * closed when its last handle closes.
 */
const shared = new Map<string, SharedInstance>();

/** Opens (or joins) the embedded PGlite persisted under `${dataDir}/pgdata`. */
export async function openPgliteDatabase(opts: OpenPgliteOptions): Promise<DatabaseHandle> {
  const dir = resolve(opts.dataDir, "pgdata");
  let entry = shared.get(dir);
  if (!entry) {
    const created: SharedInstance = { client: createInstance(dir, opts.log), refs: 0 };
    shared.set(dir, created);
    // A failed start must not poison the next attempt.
    created.client.catch(() => {
      if (shared.get(dir) === created) shared.delete(dir);
    });
    entry = created;
  }
  entry.refs++;
  const current = entry;
  let client: PGlite;
  try {
    client = await current.client;
  } catch (error) {
    current.refs--;
    throw error;
  }
  return createPgliteHandle(client, {
    debugSql: opts.debugSql,
    log: opts.log,
    pool: opts.pool,
    release: async () => {
      current.refs--;
      if (current.refs > 0) return;
      if (shared.get(dir) === current) shared.delete(dir);
      await client.close();
      opts.log.debug("embedded database closed", { dataDir: dir });
    },
  });
}

async function createInstance(dir: string, log: Logger): Promise<PGlite> {
  const started = performance.now();
  await mkdir(dir, { recursive: true });
  try {
    const client = await PGlite.create({ dataDir: dir, extensions: PGLITE_EXTENSIONS });
    log.info("embedded database ready", { dataDir: dir, ms: Math.round(performance.now() - started) });
    return client;
  } catch (error) {
    throw new Error(`cannot open the embedded database in ${dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
