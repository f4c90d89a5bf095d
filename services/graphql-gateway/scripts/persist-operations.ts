/**
 * `bun run graphql:persist [documents-dir] [manifest]`: reads every operation from the .graphql
 * files of the documents folder (default services/graphql-gateway/persisted/documents; each file
 * one or more operations with the fragments they use), validates them against the committed
 * stitched schema, and writes the allow-list manifest (default
 * services/graphql-gateway/persisted/manifest.json): sha256 of each operation's text → the text.
 * In production (APP_ENV=production) the gateway runs only these operations.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, type DocumentNode, Kind, parse, print, validate, visit } from "graphql";
import { sha256Hex } from "../src/graphql/use-persisted-operations.ts";

const base = join(import.meta.dir, "..");
const docsDir = process.argv[2] ?? join(base, "persisted/documents");
const out = process.argv[3] ?? join(base, "persisted/manifest.json");
const schema = buildSchema(readFileSync(join(base, "schema/gateway.graphql"), "utf8"));

const files = readdirSync(docsDir)
  .filter((f) => f.endsWith(".graphql"))
  .sort();
const operations: Record<string, string> = {};
let failed = false;
for (const file of files) {
  const doc = parse(readFileSync(join(docsDir, file), "utf8"));
  const errors = validate(schema, doc);
  if (errors.length > 0) {
    failed = true;
    for (const e of errors) console.error(`${file}: ${e.message}`);
    continue;
  }
  const fragments = new Map(
    doc.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    // The operation with exactly the fragments it spreads (transitively), printed canonically.
    const used = new Set<string>();
    const collect = (node: DocumentNode["definitions"][number]) =>
      visit(node, {
        FragmentSpread(spread) {
          if (used.has(spread.name.value)) return;
          used.add(spread.name.value);
          const f = fragments.get(spread.name.value);
          if (f) collect(f);
        },
      });
    collect(def);
    const text = [def, ...[...used].sort().flatMap((n) => fragments.get(n) ?? [])]
      .map((d) => print(d))
      .join("\n\n");
    operations[sha256Hex(text)] = text;
  }
}
if (failed) process.exit(1);
writeFileSync(out, `${JSON.stringify({ operations }, null, 2)}\n`);
console.log(`${Object.keys(operations).length} operations from ${files.length} files → ${out}`);
