import { afterAll, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createTestDatabase } from "@nova/testing";
import { defineServiceDrizzleConfig } from "../src/drizzle-config.ts";
import { migrate, migrationStatus } from "../src/index.ts";
import { columnNames } from "./catalog-queries.ts";

const repoRoot = resolve(import.meta.dir, "../../..");
const fixture = join(import.meta.dir, "fixtures", "kit-service");
let out: string;

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

test("a service's drizzle config is one call and points at drizzle/<service>", () => {
  const config = defineServiceDrizzleConfig("identity-service") as {
    out: string;
    schema: string;
    schemaFilter: string[];
  };
  expect(resolve(process.cwd(), config.out)).toBe(join(repoRoot, "drizzle", "identity-service"));
  expect(config.schema).toBe(join(repoRoot, "services", "identity-service", "src/db/schema/index.ts"));
  expect(config.schemaFilter).toEqual(["identity_service"]);
  expect(() => defineServiceDrizzleConfig("graphql-gateway")).toThrow(/owns no PostgreSQL schema/);
});

test("drizzle-kit output (CREATE SCHEMA included) applies with our migrator", async () => {
  out = await mkdtemp(join(tmpdir(), "nova-kit-"));
  const kit = Bun.spawn(
    [
      join(repoRoot, "node_modules/.bin/drizzle-kit"),
      "generate",
      "--config",
      "drizzle.config.ts",
      "--name",
      "create_schema",
    ],
    {
      cwd: fixture,
      env: { ...process.env, KIT_SERVICE_OUT: out },
      stdout: "pipe",
      stderr: "pipe",
    },
  );
  expect(await kit.exited).toBe(0);
  const sql = await readFile(join(out, "0000_create_schema.sql"), "utf8");
  expect(sql).toStartWith('CREATE SCHEMA "kit_service";');
  expect(sql).toContain('"created_at" timestamp with time zone'); // casing: snake_case

  const handle = await createTestDatabase({ services: [] });
  try {
    const target = { schema: "kit_service", migrationsFolder: out };
    expect(await migrate(handle, target)).toEqual({ applied: ["0000_create_schema"] });
    expect(await columnNames(handle.db, "kit_service", "notes")).toEqual(["id", "body", "created_at"]);
    expect((await migrationStatus(handle, target))[0]?.status).toBe("applied");
  } finally {
    await handle.close();
  }
}, 30_000);
