import { join } from "node:path";
import { MigrationError } from "./migration-error.ts";

/** One drizzle-kit migration file, split into the statements it runs. */
export interface MigrationFile {
  readonly tag: string;
  readonly path: string;
  /** sha256 of the file as written; a different hash after applying means someone edited it. */
  readonly hash: string;
  readonly statements: readonly string[];
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** drizzle-kit separates statements with this marker (`breakpoints: true`). */
const BREAKPOINT = "--> statement-breakpoint";

/** Reads `meta/_journal.json` and the `.sql` files it lists, in journal order. */
export async function readMigrations(migrationsFolder: string): Promise<MigrationFile[]> {
  const journalPath = join(migrationsFolder, "meta", "_journal.json");
  const journalFile = Bun.file(journalPath);
  if (!(await journalFile.exists())) {
    throw new MigrationError(`no migrations journal at ${journalPath} (run drizzle-kit generate first)`);
  }
  let journal: Journal;
  try {
    journal = (await journalFile.json()) as Journal;
  } catch (error) {
    throw new MigrationError(`cannot parse ${journalPath}: ${(error as Error).message}`, { cause: error });
  }
  const entries = [...(journal.entries ?? [])].sort((a, b) => a.idx - b.idx);
  return Promise.all(
    entries.map(async ({ tag }) => {
      const path = join(migrationsFolder, `${tag}.sql`);
      const file = Bun.file(path);
      if (!(await file.exists()))
        throw new MigrationError(`migration ${tag} is in the journal but ${path} is missing`);
      const text = await file.text();
      return { tag, path, hash: hashSql(text), statements: splitStatements(text) };
    }),
  );
}

/** Splits a migration (or down) file at drizzle-kit's breakpoints, dropping empty pieces. */
export function splitStatements(text: string): string[] {
  return text
    .split(BREAKPOINT)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function hashSql(text: string): string {
  return new Bun.CryptoHasher("sha256").update(text).digest("hex");
}
