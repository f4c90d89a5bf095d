import { mkdir, rename } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  createPgliteHandle,
  type MigrationTarget,
  migrate,
  PGLITE_EXTENSIONS,
  readMigrations,
} from "@nova/db";
import { repoRoot } from "./migration-targets.ts";
import { silentLogger } from "./silent-logger.ts";

/** Where migrated PGlite data directories are cached between runs (gitignored via `.nova/`). */
export const TEMPLATE_CACHE_DIR = join(repoRoot, ".nova", "test-cache");

const inProcess = new Map<string, Promise<Blob>>();

/**
 * A gzipped PGlite data directory with `targets` migrated. Creating and migrating a PGlite costs
 * seconds; restoring this dump costs a few hundred milliseconds. Keyed by the PGlite version and
 * the migration files, so editing a migration rebuilds it.
 */
export function pgliteTemplate(targets: readonly MigrationTarget[]): Promise<Blob> {
  return templateKey(targets).then((key) => {
    let template = inProcess.get(key);
    if (!template) {
      template = loadOrBuild(key, targets);
      // Let a failed build be retried by the next test file.
      template.catch(() => inProcess.delete(key));
      inProcess.set(key, template);
    }
    return template;
  });
}

async function loadOrBuild(key: string, targets: readonly MigrationTarget[]): Promise<Blob> {
  const path = join(TEMPLATE_CACHE_DIR, `pglite-${key}.tar.gz`);
  const cached = Bun.file(path);
  if (await cached.exists()) return new Blob([await cached.arrayBuffer()]);
  const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
  try {
    const handle = createPgliteHandle(client, {
      debugSql: false,
      log: silentLogger(),
      release: async () => {},
    });
    for (const target of targets) await migrate(handle, target);
    const dump = await client.dumpDataDir("gzip");
    await mkdir(dirname(path), { recursive: true });
    // Write-then-rename so a concurrent test process never reads half a file.
    const partial = `${path}.${process.pid}.partial`;
    await Bun.write(partial, dump);
    await rename(partial, path);
    return dump;
  } finally {
    await client.close();
  }
}

async function templateKey(targets: readonly MigrationTarget[]): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  hasher.update(`pglite ${await pgliteVersion()} extensions ${Object.keys(PGLITE_EXTENSIONS).join(",")}\n`);
  for (const target of targets) {
    hasher.update(`schema ${target.schema}\n`);
    for (const file of await readMigrations(target.migrationsFolder))
      hasher.update(`${file.tag} ${file.hash}\n`);
  }
  return hasher.digest("hex").slice(0, 16);
}

async function pgliteVersion(): Promise<string> {
  const entry = Bun.resolveSync("@electric-sql/pglite", import.meta.dir);
  const pkg = (await Bun.file(resolve(dirname(entry), "../package.json")).json()) as { version: string };
  return pkg.version;
}
