import { cp, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MigrationTarget } from "../src/index.ts";

const FIXTURE = join(import.meta.dir, "fixtures", "migrations");
let counter = 0;

/**
 * A private copy of the fixture migrations for a fresh schema name, so every test gets its own
 * schema inside one shared database and may edit its files freely.
 */
export async function fixtureMigrations(): Promise<MigrationTarget> {
  const schema = `fx_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 6)}`;
  const folder = await mkdtemp(join(tmpdir(), "nova-db-fixture-"));
  await cp(FIXTURE, folder, { recursive: true });
  for (const sub of [".", "down"]) {
    for (const name of await readdir(join(folder, sub))) {
      if (!name.endsWith(".sql")) continue;
      const path = join(folder, sub, name);
      await writeFile(path, (await readFile(path, "utf8")).replaceAll("__schema__", schema));
    }
  }
  return { schema, migrationsFolder: folder };
}

/** Appends a migration to the copy's journal, as `drizzle-kit generate --custom` would. */
export async function addMigration(target: MigrationTarget, tag: string, sql: string): Promise<void> {
  const journalPath = join(target.migrationsFolder, "meta", "_journal.json");
  const journal = JSON.parse(await readFile(journalPath, "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  journal.entries.push({ idx: journal.entries.length, tag });
  await writeFile(journalPath, JSON.stringify(journal));
  await writeFile(join(target.migrationsFolder, `${tag}.sql`), sql.replaceAll("__schema__", target.schema));
}

export async function writeDownFile(target: MigrationTarget, tag: string, sql: string): Promise<void> {
  await writeFile(
    join(target.migrationsFolder, "down", `${tag}.sql`),
    sql.replaceAll("__schema__", target.schema),
  );
}

export const FIXTURE_TAGS = ["0000_create_schema", "0001_accounts", "0002_account_bio"];
