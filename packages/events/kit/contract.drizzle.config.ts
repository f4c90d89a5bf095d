import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzleKitConfig } from "@nova/db/drizzle-config";

const here = fileURLToPath(new URL(".", import.meta.url));

// Regenerates the contract suite's fixture migrations, exactly as a service's `db:generate` would.
export default drizzleKitConfig({
  schema: "events_contract",
  schemaFile: resolve(here, "../src/testing/fixture/contract-schema.ts"),
  outDir: resolve(here, "../src/testing/fixture/migrations"),
});
