import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzleKitConfig } from "@nova/db/drizzle-config";

const here = fileURLToPath(new URL(".", import.meta.url));

// `bunx drizzle-kit generate --config kit/drizzle.config.ts` (from packages/events) regenerates
// the embedded bus's migrations after editing src/embedded/bus-schema.ts.
export default drizzleKitConfig({
  schema: "nova_bus",
  schemaFile: resolve(here, "../src/embedded/bus-schema.ts"),
  outDir: resolve(here, "../migrations/nova_bus"),
});
