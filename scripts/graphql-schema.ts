/**
 * `bun run graphql:schema`: boots every deployable in this process (embedded PGlite, shifted ports,
 * production-mode gateway schema: no upstream URLs), lets the gateway stitch every subschema, and
 * writes the public schema, sorted, to services/graphql-gateway/schema/gateway.graphql (committed).
 * Also writes each service's public REST routes (from its /openapi.json) to
 * services/graphql-gateway/schema/rest-routes.json, which the parity test reads.
 *   bun run graphql:schema            regenerate both files (after a subschema or route changes)
 *   bun run graphql:schema --check    exit 1 when the committed files differ from what the code serves
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { filterSchema } from "@graphql-tools/utils";
import { SERVICES } from "@nova/config";
import { createTestDatabase, silentLogger } from "@nova/testing";
import { lexicographicSortSchema, printSchema } from "graphql";
import { freeOffset, shiftedPorts, upstreamEnv } from "../test/system/harness.ts";
import { moduleNamed } from "./service-modules.ts";

const root = join(import.meta.dir, "..");
export const SCHEMA_FILE = join(root, "services/graphql-gateway/schema/gateway.graphql");
export const ROUTES_FILE = join(root, "services/graphql-gateway/schema/rest-routes.json");
const check = process.argv.includes("--check");

const offset = freeOffset(3_300, 300);
const { url } = shiftedPorts(offset);
const upstream = upstreamEnv((name) => url(name));
const db = await createTestDatabase({ services: SERVICES.filter((s) => s.schema).map((s) => s.name) });
// biome-ignore lint/suspicious/noExplicitAny: each module has its own context type
const started: any[] = [];
const { startService } = await import("@nova/kit");
let gatewayCtx:
  | { gateway: { refresh(): Promise<void>; schema(): import("graphql").GraphQLSchema } }
  | undefined;
try {
  for (const info of SERVICES) {
    const mod = moduleNamed(info.name);
    const config = mod.loadConfig({
      HTTP_PORT: String(info.httpPort + offset),
      LOG_LEVEL: "fatal",
      ...upstream,
      // The public schema is the production one (no upstream URLs); the allow-list is not needed to print it.
      ...(info.name === "graphql-gateway" ? { GATEWAY_SUBSCHEMA_POLL_INTERVAL: "3600000" } : {}),
    });
    // noBackgroundWork is a ServiceContextOverrides seam (services built on createServiceContext).
    const overrides = { db, log: silentLogger(), processMetrics: false, noBackgroundWork: true };
    const s = await startService(mod, config, { overrides });
    started.push(s);
    if (info.name === "graphql-gateway") gatewayCtx = s.ctx;
  }
  if (!gatewayCtx) throw new Error("the gateway did not start");
  await gatewayCtx.gateway.refresh();
  // Development adds upstream URLs/reasons to SubschemaStatus; the committed schema is production's.
  // It is the FULL schema (what an admin's token sees): members and anonymous callers are served a
  // copy without the staff-only fields (services/graphql-gateway/src/graphql/staff-only-schema.ts),
  // so the breaking-change check covers every field either way.
  const publicSchema = filterSchema({
    schema: gatewayCtx.gateway.schema(),
    fieldFilter: (type: string, field: string) =>
      !(type === "SubschemaStatus" && (field === "url" || field === "reason")),
  });
  const printed = `${printSchema(lexicographicSortSchema(publicSchema))}\n`;
  // In the repository's format (Biome formats .graphql files), so `bun run lint` and --check agree.
  const biome = Bun.spawn(["bunx", "biome", "format", `--stdin-file-path=${SCHEMA_FILE}`], {
    cwd: root,
    stdin: new TextEncoder().encode(printed),
    stdout: "pipe",
  });
  const sdl = await new Response(biome.stdout).text();
  if ((await biome.exited) !== 0 || sdl.trim() === "") throw new Error("biome could not format the schema");
  const routes: Record<string, string[]> = {};
  for (const info of SERVICES) {
    if (info.name === "graphql-gateway") continue;
    const res = await fetch(url(info.name, "/openapi.json"));
    if (!res.ok) continue;
    const doc = (await res.json()) as { paths?: Record<string, Record<string, unknown>> };
    const list = Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ["get", "post", "put", "patch", "delete"].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    if (list.length > 0) routes[info.name] = list.sort();
  }
  const routesJson = `${JSON.stringify(routes, null, 2)}\n`;
  if (check) {
    const same = (file: string, text: string) => {
      try {
        return readFileSync(file, "utf8") === text;
      } catch {
        return false;
      }
    };
    const stale = [
      ...(same(SCHEMA_FILE, sdl) ? [] : [SCHEMA_FILE]),
      ...(same(ROUTES_FILE, routesJson) ? [] : [ROUTES_FILE]),
    ];
    if (stale.length > 0) {
      console.error(
        `out of date (the services serve something else): ${stale.join(", ")}\nrun \`bun run graphql:schema\` and commit`,
      );
      process.exitCode = 1;
    } else console.log("graphql schema and REST route list are up to date");
  } else {
    writeFileSync(SCHEMA_FILE, sdl);
    writeFileSync(ROUTES_FILE, routesJson);
    console.log(`wrote ${SCHEMA_FILE} and ${ROUTES_FILE}`);
  }
} finally {
  for (const s of started.reverse()) await s.stop?.().catch(() => {});
  await db.close();
}
process.exit(process.exitCode ?? 0);
