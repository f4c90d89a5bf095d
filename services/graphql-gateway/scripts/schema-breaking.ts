/**
 * The stitched schema against main's committed copy: prints breaking changes (removed fields or
 * types, changed nullability or argument types, per graphql's findBreakingChanges) and exits 1
 * when there are any, unless GRAPHQL_BREAKING_OK=1 (an intended break, said in the commit).
 * Run by `bun run check`; main without the file (first commit of it) passes.
 */
import { join } from "node:path";
import { buildSchema, findBreakingChanges } from "graphql";

const FILE = "services/graphql-gateway/schema/gateway.graphql";
const root = join(import.meta.dir, "../../..");
const proc = Bun.spawnSync(["git", "show", `main:${FILE}`], { cwd: root, stderr: "pipe" });
if (proc.exitCode !== 0) {
  console.log(`main has no ${FILE} yet: nothing to compare`);
  process.exit(0);
}
const before = buildSchema(proc.stdout.toString());
const after = buildSchema(await Bun.file(join(root, FILE)).text());
const breaking = findBreakingChanges(before, after);
if (breaking.length === 0) {
  console.log("no breaking change against main");
  process.exit(0);
}
for (const b of breaking) console.log(`breaking: ${b.type}: ${b.description}`);
if (process.env.GRAPHQL_BREAKING_OK === "1") {
  console.log("GRAPHQL_BREAKING_OK=1: accepted as intended");
  process.exit(0);
}
process.exit(1);
