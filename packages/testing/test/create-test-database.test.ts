import { expect, test } from "bun:test";
import { join } from "node:path";
import { migrationStatus } from "@nova/db";
import { sql } from "drizzle-orm";
import { createPostgresTestDatabase, createTestDatabase } from "../src/index.ts";

const fixture = {
  schema: "testing_fixture",
  migrationsFolder: join(import.meta.dir, "fixtures", "migrations"),
};

const rssMb = () => Math.round(process.memoryUsage().rss / 1e6);

test("PGlite test databases start migrated and isolated from each other", async () => {
  let started = performance.now();
  const first = await createTestDatabase({ services: [fixture] });
  console.log(
    `first PGlite test database (template cached or built): ${Math.round(performance.now() - started)} ms, rss ${rssMb()} MB`,
  );
  started = performance.now();
  const second = await createTestDatabase({ services: [fixture] });
  console.log(
    `next PGlite test database (from template): ${Math.round(performance.now() - started)} ms, rss ${rssMb()} MB`,
  );
  try {
    expect((await migrationStatus(first, fixture)).map((m) => m.status)).toEqual(["applied"]);
    await first.db.execute(sql`insert into testing_fixture.items (name) values ('only in first')`);
    const rows = await second.db.select({ n: sql<number>`count(*)::int` }).from(sql`testing_fixture.items`);
    expect(rows[0]?.n).toBe(0);
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
}, 60_000);

test("PostgreSQL test databases are created migrated and dropped on close", async () => {
  const database = await createPostgresTestDatabase({ services: [fixture] });
  const name = new URL(database.url).pathname.slice(1);
  expect((await migrationStatus(database, fixture)).map((m) => m.status)).toEqual(["applied"]);
  await database.close();
  const admin = await createPostgresTestDatabase();
  try {
    const rows = await admin.db
      .select({ n: sql<number>`count(*)::int` })
      .from(sql`pg_database`)
      .where(sql`datname = ${name}`);
    expect(rows[0]?.n).toBe(0);
  } finally {
    await admin.close();
  }
});
