import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serviceInfo } from "@nova/config";
import type { Config } from "drizzle-kit";

// drizzle-kit loads configs with tsx under Node, so no Bun-only APIs in this file.
const repoRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");

export interface DrizzleKitTarget {
  /** PostgreSQL schema the tables live in; drizzle-kit ignores every other schema. */
  schema: string;
  /** Absolute path of the module exporting the pgSchema and its tables. */
  schemaFile: string;
  /** Absolute path of the migrations folder. */
  outDir: string;
}

/**
 * The drizzle-kit config for one schema. `out` is made relative to the working directory because
 * drizzle-kit prefixes it with "./" when reading earlier snapshots (an absolute `out` breaks the
 * second `generate`). `casing` must match the runtime drizzle instances in openDatabase.
 */
export function drizzleKitConfig(target: DrizzleKitTarget): Config {
  return {
    dialect: "postgresql",
    schema: target.schemaFile,
    out: relative(process.cwd(), target.outDir) || ".",
    schemaFilter: [target.schema],
    casing: "snake_case",
    breakpoints: true,
    strict: true,
    verbose: true,
  };
}

/** `services/<name>/drizzle.config.ts` is `export default defineServiceDrizzleConfig("<name>")`. */
export function defineServiceDrizzleConfig(serviceName: string): Config {
  const { schema } = serviceInfo(serviceName);
  if (!schema) throw new Error(`${serviceName} owns no PostgreSQL schema`);
  return drizzleKitConfig({
    schema,
    schemaFile: resolve(repoRoot, "services", serviceName, "src/db/schema/index.ts"),
    outDir: resolve(repoRoot, "drizzle", serviceName),
  });
}
