import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createTestDatabase, silentLogger } from "@nova/testing";
import { sql } from "drizzle-orm";
import { createPgliteHandle, type DatabaseHandle, openDatabase } from "../src/index.ts";
import { databaseContract } from "./database-contract.ts";
import { poolContract } from "./pool-contract.ts";

databaseContract("pglite", () => createTestDatabase({ services: [] }));

describe("pglite: one shared instance per data directory", () => {
  let dataDir: string;
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const open = () =>
    openDatabase({
      dataDir,
      maxConnections: 1,
      debugSql: false,
      log: silentLogger(),
      applicationName: "nova-db-test",
    });

  async function count(handle: DatabaseHandle, table: string): Promise<number> {
    const rows = await handle.db.select({ n: sql<number>`count(*)::int` }).from(sql.raw(table));
    return rows[0]?.n ?? -1;
  }

  test("handles share a session, and the instance closes with the last handle", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "nova-pglite-"));
    const [first, second] = await Promise.all([open(), open()]);
    expect(first.kind).toBe("pglite");
    // A temporary table is visible only inside its session: seeing it proves one shared instance.
    await first.db.execute(sql`create temporary table seen_by_both (x int)`);
    await first.db.execute(sql`insert into seen_by_both values (1)`);
    expect(await count(second, "seen_by_both")).toBe(1);
    await second.db.execute(sql`create table kept (x int)`);

    await first.close();
    await first.close();
    await second.ping();
    await second.close();
    await expect(second.ping()).rejects.toThrow();

    const reopened = await open();
    try {
      expect(await count(reopened, "kept")).toBe(0);
      await expect(count(reopened, "seen_by_both")).rejects.toThrow();
      expect(await Bun.file(join(dataDir, "pgdata", "PG_VERSION")).exists()).toBe(true);
    } finally {
      await reopened.close();
    }
  }, 60_000);
});

describe("pglite: pool", () => {
  let client: PGlite | undefined;
  afterAll(async () => {
    await client?.close();
  }, 60_000);
  poolContract("pglite", 1, async (pool) => {
    client ??= await PGlite.create();
    return createPgliteHandle(client, {
      debugSql: false,
      log: silentLogger(),
      pool,
      release: async () => {},
    });
  });
});
