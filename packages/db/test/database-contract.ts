import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { pgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";
import {
  type DatabaseHandle,
  type MigrationTarget,
  migrate,
  migrationStatus,
  pendingCount,
  preparedPerDatabase,
  revertLast,
  rowsOf,
  textArrayLiteral,
  uuidArray,
  uuidArrayLiteral,
  withTransaction,
} from "../src/index.ts";
import { columnNames, schemaExists } from "./catalog-queries.ts";
import { addMigration, FIXTURE_TAGS, fixtureMigrations, writeDownFile } from "./fixture-migrations.ts";

/** The fixture's accounts table, as a service would declare it (camelCase keys, snake_case columns). */
function accountsTable(schema: string) {
  return pgSchema(schema).table("accounts", {
    id: uuid().primaryKey(),
    email: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  });
}

/**
 * The behaviour both database kinds must share. `open` returns one database for the whole suite;
 * tests stay independent by migrating their own fixture schema.
 */
export function databaseContract(name: string, open: () => Promise<DatabaseHandle>): void {
  describe(`database contract: ${name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await open();
      // The first PGlite of a process may build the test template (seconds on a cold cache).
    }, 60_000);
    afterAll(async () => {
      await handle?.close();
    });

    test("ping answers", async () => {
      await handle.ping();
    });

    test("migrate applies pending migrations in journal order and only once", async () => {
      const target = await fixtureMigrations();
      const before = await migrationStatus(handle, target);
      expect(before).toEqual(FIXTURE_TAGS.map((tag) => ({ tag, status: "pending", appliedAt: null })));
      expect(await pendingCount(handle, target)).toBe(3);

      expect(await migrate(handle, target)).toEqual({ applied: FIXTURE_TAGS });
      expect(await columnNames(handle.db, target.schema, "accounts")).toEqual([
        "id",
        "email",
        "created_at",
        "bio",
      ]);

      const after = await migrationStatus(handle, target);
      expect(after.map((m) => m.status)).toEqual(["applied", "applied", "applied"]);
      for (const m of after) expect(m.appliedAt).toBeInstanceOf(Date);
      expect(await pendingCount(handle, target)).toBe(0);
      expect(await migrate(handle, target)).toEqual({ applied: [] });
    });

    test("a schema without migrations is still created", async () => {
      const target = await fixtureMigrations();
      await Bun.write(`${target.migrationsFolder}/meta/_journal.json`, JSON.stringify({ entries: [] }));
      expect(await migrate(handle, target)).toEqual({ applied: [] });
      expect(await schemaExists(handle.db, target.schema)).toBe(true);
      expect(await migrationStatus(handle, target)).toEqual([]);
    });

    test("a missing journal is a clear error", async () => {
      const target: MigrationTarget = { schema: "fx_missing", migrationsFolder: "/nonexistent/drizzle/x" };
      await expect(migrate(handle, target)).rejects.toThrow(
        /no migrations journal at \/nonexistent\/drizzle\/x/,
      );
    });

    test("an edited migration shows as changed and blocks migrate", async () => {
      const target = await fixtureMigrations();
      await migrate(handle, target);
      await addMigration(target, "0003_later", 'CREATE TABLE "__schema__"."later" (id int);');
      const path = `${target.migrationsFolder}/0001_accounts.sql`;
      await Bun.write(path, `${await Bun.file(path).text()}\n-- edited after it ran\n`);

      const status = await migrationStatus(handle, target);
      expect(status.map((m) => [m.tag, m.status])).toEqual([
        ["0000_create_schema", "applied"],
        ["0001_accounts", "changed"],
        ["0002_account_bio", "applied"],
        ["0003_later", "pending"],
      ]);
      await expect(migrate(handle, target)).rejects.toThrow(/changed on disk.*0001_accounts\.sql/);
      expect(await pendingCount(handle, target)).toBe(1);
    });

    test("a failing migration is rolled back, not recorded, and named in the error", async () => {
      const target = await fixtureMigrations();
      await addMigration(
        target,
        "0003_broken",
        'CREATE TABLE "__schema__"."half_done" (id int);\n--> statement-breakpoint\nSELECT no_such_column FROM "__schema__"."accounts";',
      );
      await expect(migrate(handle, target)).rejects.toThrow(
        /0003_broken\.sql \(schema fx_\w+\), statement 2 failed/,
      );
      expect(await columnNames(handle.db, target.schema, "half_done")).toEqual([]);
      const status = await migrationStatus(handle, target);
      expect(status.map((m) => m.status)).toEqual(["applied", "applied", "applied", "pending"]);
    });

    test("comment-only statements (drizzle-kit --custom) are harmless", async () => {
      const target = await fixtureMigrations();
      await addMigration(target, "0003_custom", "-- Custom SQL migration file, put your code below! --");
      expect((await migrate(handle, target)).applied).toContain("0003_custom");
    });

    test("revertLast runs down files newest first; the first one removes the schema", async () => {
      const target = await fixtureMigrations();
      await migrate(handle, target);

      await expect(revertLast(handle, target)).rejects.toThrow(
        /cannot revert 0002_account_bio .*down\/0002_account_bio\.sql does not exist/,
      );
      await writeDownFile(
        target,
        "0002_account_bio",
        'ALTER TABLE "__schema__"."accounts" DROP COLUMN "bio";',
      );
      expect(await revertLast(handle, target)).toEqual({ reverted: "0002_account_bio" });
      expect(await columnNames(handle.db, target.schema, "accounts")).toEqual(["id", "email", "created_at"]);
      expect((await migrationStatus(handle, target)).map((m) => m.status)).toEqual([
        "applied",
        "applied",
        "pending",
      ]);

      expect(await revertLast(handle, target)).toEqual({ reverted: "0001_accounts" });
      expect(await revertLast(handle, target)).toEqual({ reverted: "0000_create_schema" });
      expect(await schemaExists(handle.db, target.schema)).toBe(false);
      expect(await revertLast(handle, target)).toBeNull();
      expect((await migrationStatus(handle, target)).map((m) => m.status)).toEqual([
        "pending",
        "pending",
        "pending",
      ]);

      // drizzle-kit's plain CREATE SCHEMA must not trip over the schema the migrator recreates.
      expect(await migrate(handle, target)).toEqual({ applied: FIXTURE_TAGS });
    });

    test("revert refuses a down file that drops the schema under earlier migrations", async () => {
      const target = await fixtureMigrations();
      await migrate(handle, target);
      await writeDownFile(target, "0002_account_bio", 'DROP SCHEMA "__schema__" CASCADE;');
      await expect(revertLast(handle, target)).rejects.toThrow(/2 earlier migration\(s\) are still applied/);
      expect(await schemaExists(handle.db, target.schema)).toBe(true);
      expect((await migrationStatus(handle, target)).map((m) => m.status)).toEqual([
        "applied",
        "applied",
        "applied",
      ]);
    });

    test("concurrent migrate calls apply each migration exactly once", async () => {
      const target = await fixtureMigrations();
      const results = await Promise.all([
        migrate(handle, target),
        migrate(handle, target),
        migrate(handle, target),
      ]);
      const applied = results.flatMap((r) => r.applied).sort();
      expect(applied).toEqual(FIXTURE_TAGS);
    });

    test("withTransaction commits, rolls back on throw, and nests as a savepoint", async () => {
      const target = await fixtureMigrations();
      await migrate(handle, target);
      const accounts = accountsTable(target.schema);
      const emails = async () =>
        (await handle.db.select({ email: accounts.email }).from(accounts).orderBy(accounts.email)).map(
          (r) => r.email,
        );

      const id = await withTransaction(handle.db, async (tx) => {
        const [row] = await tx
          .insert(accounts)
          .values({ id: Bun.randomUUIDv7(), email: "a@nova.test" })
          .returning();
        return row?.id;
      });
      expect(id).toBeString();

      await expect(
        withTransaction(handle.db, async (tx) => {
          await tx.insert(accounts).values({ id: Bun.randomUUIDv7(), email: "b@nova.test" });
          throw new Error("domain rule failed");
        }),
      ).rejects.toThrow("domain rule failed");
      expect(await emails()).toEqual(["a@nova.test"]);

      await withTransaction(handle.db, async (tx) => {
        await tx.insert(accounts).values({ id: Bun.randomUUIDv7(), email: "c@nova.test" });
        await withTransaction(tx, async (inner) => {
          await inner.insert(accounts).values({ id: Bun.randomUUIDv7(), email: "d@nova.test" });
          throw new Error("inner fails");
        }).catch(() => {});
      });
      expect(await emails()).toEqual(["a@nova.test", "c@nova.test"]);

      const [created] = await handle.db.select().from(accounts).where(eq(accounts.email, "a@nova.test"));
      expect(created?.createdAt).toBeInstanceOf(Date);
    });

    test("pg_trgm is available", async () => {
      await handle.db.execute(sql`create extension if not exists pg_trgm`);
      const rows = await handle.db
        .select({ score: sql<number>`similarity('nova', 'novas')` })
        .from(sql`(select 1) as probe`);
      expect(rows[0]?.score).toBeGreaterThan(0.5);
    });

    test("array parameters: text and uuid literals round-trip; prepared statements run many times", async () => {
      const awkward = ["plain", 'with "quotes"', "back\\slash", "comma,brace}{", "", "ünïcode:user×author"];
      const rows = rowsOf<{ v: string }>(
        await handle.db.execute(sql`select unnest(${textArrayLiteral(awkward)}::text[]) as v`),
      );
      expect(rows.map((r) => r.v)).toEqual(awkward);
      const ids = [crypto.randomUUID(), crypto.randomUUID()];
      const uuids = rowsOf<{ v: string }>(
        await handle.db.execute(sql`select unnest(${uuidArray(ids)}) as v`),
      );
      expect(uuids.map((r) => r.v)).toEqual(ids);
      expect(() => uuidArray(["not-a-uuid"])).toThrow(/not a UUID/);
      expect(() => uuidArrayLiteral([`${ids[0]}}`])).toThrow(/not a UUID/);
      const statement = preparedPerDatabase((db) =>
        db
          .select({ n: sql<number>`cardinality(${sql.placeholder("ids")}::uuid[])`.mapWith(Number) })
          .from(sql`(select 1) as probe`)
          .prepare("contract_cardinality"),
      );
      expect(statement(handle.db)).toBe(statement(handle.db));
      for (const list of [ids, [], [ids[0] as string]])
        expect((await statement(handle.db).execute({ ids: uuidArrayLiteral(list) }))[0]?.n).toBe(list.length);
    });
  });
}
