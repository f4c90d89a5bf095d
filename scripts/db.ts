/**
 * Database migrations for every service schema (the repo's stand-in for `sqlx migrate`):
 *
 *   bun run scripts/db.ts migrate [service]    apply pending migrations
 *   bun run scripts/db.ts status [service]     list applied / pending / changed migrations
 *   bun run scripts/db.ts revert <service>     revert the last applied migration (down/<tag>.sql)
 *   bun run scripts/db.ts generate [service] [drizzle-kit args...]
 *
 * Without a service, all services in deployment-tier order. Uses DATABASE_URL when set, else the
 * embedded PGlite under NOVA_DATA_DIR (default .nova). Exits 1 on any failure.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SERVICES, type ServiceInfo } from "@nova/config";
import {
  type DatabaseHandle,
  describeUrl,
  type MigrationTarget,
  migrate,
  migrationStatus,
  openDatabase,
  readMigrations,
  revertLast,
} from "@nova/db";
import { createLogger } from "@nova/observability";

const root = resolve(import.meta.dir, "..");
const USAGE = "usage: bun run scripts/db.ts <migrate|status|revert|generate> [service] [drizzle-kit args...]";

type Owner = ServiceInfo & { schema: string };

function selectServices(name: string | undefined): Owner[] {
  const owners = SERVICES.filter((s): s is Owner => s.schema !== null);
  if (!name) return owners;
  const found = owners.find((s) => s.name === name);
  if (!found)
    throw new Error(
      `"${name}" is not a service with a database schema; one of: ${owners.map((s) => s.name).join(", ")}`,
    );
  return [found];
}

function targetOf(service: Owner): MigrationTarget {
  return { schema: service.schema, migrationsFolder: join(root, "drizzle", service.name) };
}

async function open(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL || undefined;
  const dataDir = process.env.NOVA_DATA_DIR || ".nova";
  console.log(
    url
      ? `database: ${describeUrl(url)} (DATABASE_URL)`
      : `database: embedded PGlite in ${resolve(dataDir, "pgdata")}`,
  );
  const handle = await openDatabase({
    url,
    dataDir,
    maxConnections: 2,
    debugSql: process.env.DEBUG_SQL_QUERIES === "true",
    log: createLogger({ level: process.env.DEBUG_SQL_QUERIES === "true" ? "debug" : "warn" }),
    applicationName: "nova-db-cli",
  });
  await handle.ping();
  return handle;
}

/** Runs `job` per service, reporting each failure and carrying on; true when all succeeded. */
async function eachService(services: Owner[], job: (s: Owner) => Promise<void>): Promise<boolean> {
  let ok = true;
  for (const service of services) {
    try {
      await job(service);
    } catch (error) {
      ok = false;
      console.error(`${service.name}: ${(error as Error).message}`);
    }
  }
  return ok;
}

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

async function runMigrate(services: Owner[]): Promise<boolean> {
  const handle = await open();
  try {
    return await eachService(services, async (service) => {
      const { applied } = await migrate(handle, targetOf(service));
      console.log(`${service.name}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`);
    });
  } finally {
    await handle.close();
  }
}

async function runStatus(services: Owner[]): Promise<boolean> {
  const handle = await open();
  let changed = 0;
  try {
    const ok = await eachService(services, async (service) => {
      const entries = await migrationStatus(handle, targetOf(service));
      console.log(`${service.name} (schema ${service.schema}):`);
      if (entries.length === 0) console.log("  (no migrations)");
      for (const m of entries) {
        if (m.status === "changed") changed++;
        const when = m.appliedAt ? ` ${isoSeconds(m.appliedAt)}` : "";
        const label = m.status === "changed" ? `changed since applied${when}` : `${m.status}${when}`;
        console.log(`  ${m.tag} (${label})`);
      }
    });
    if (changed > 0)
      console.error(`${changed} applied migration(s) were edited after they ran; migrate will refuse.`);
    return ok && changed === 0;
  } finally {
    await handle.close();
  }
}

async function runRevert(services: Owner[]): Promise<boolean> {
  const handle = await open();
  try {
    return await eachService(services, async (service) => {
      const result = await revertLast(handle, targetOf(service));
      console.log(`${service.name}: ${result ? `reverted ${result.reverted}` : "nothing to revert"}`);
    });
  } finally {
    await handle.close();
  }
}

async function runGenerate(services: Owner[], kitArgs: string[]): Promise<boolean> {
  const kit = join(root, "node_modules", ".bin", "drizzle-kit");
  return eachService(services, async (service) => {
    const dir = join(root, "services", service.name);
    if (!existsSync(join(dir, "drizzle.config.ts"))) throw new Error(`no ${dir}/drizzle.config.ts`);
    const target = targetOf(service);
    const first = !existsSync(join(target.migrationsFolder, "meta", "_journal.json"));
    // The guide's layout names the first migration after what it does.
    const args = first && !kitArgs.includes("--name") ? [...kitArgs, "--name", "create_schema"] : kitArgs;
    console.log(`${service.name}: drizzle-kit generate ${args.join(" ")}`);
    const proc = Bun.spawn([kit, "generate", "--config", "drizzle.config.ts", ...args], {
      cwd: dir,
      stdout: "inherit",
      stderr: "inherit",
    });
    if ((await proc.exited) !== 0) throw new Error(`drizzle-kit generate exited with ${proc.exitCode}`);
    await scaffoldFirstDownFile(service, target);
  });
}

/** The first migration's exact inverse is known (drop the schema), so write it; others are by hand. */
async function scaffoldFirstDownFile(service: Owner, target: MigrationTarget): Promise<void> {
  const [first] = await readMigrations(target.migrationsFolder);
  if (!first) return;
  const path = join(target.migrationsFolder, "down", `${first.tag}.sql`);
  if (existsSync(path)) return;
  mkdirSync(join(target.migrationsFolder, "down"), { recursive: true });
  writeFileSync(
    path,
    `-- Reverting the first migration removes the whole schema, ${target.schema}.__migrations included.\nDROP SCHEMA IF EXISTS "${service.schema}" CASCADE;\n`,
  );
  console.log(`${service.name}: wrote ${path}`);
}

async function main(argv: string[]): Promise<boolean> {
  const [command, ...rest] = argv;
  const service = rest[0]?.startsWith("-") ? undefined : rest[0];
  const extra = service ? rest.slice(1) : rest;
  switch (command) {
    case "migrate":
      return runMigrate(selectServices(service));
    case "status":
      return runStatus(selectServices(service));
    case "revert":
      if (!service) throw new Error(`revert needs a service name\n${USAGE}`);
      return runRevert(selectServices(service));
    case "generate":
      return runGenerate(selectServices(service), extra);
    default:
      throw new Error(USAGE);
  }
}

try {
  process.exit((await main(process.argv.slice(2))) ? 0 : 1);
} catch (error) {
  console.error(`db: ${(error as Error).message}`);
  process.exit(1);
}
