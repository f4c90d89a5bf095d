/**
 * `bun run test:infra`: the real adapters' contract suites against real engines on loopback.
 * Starts the engines with scripts/infra/up.ts (idempotent; downloads are cached under .engines/),
 * then runs every `*.infra.ts` file with the engines' variables from .engines/env.
 * Usage: bun run test:infra [engine...]   (engines default to all)
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { defaultEngineEnvPath, parseEngineEnv } from "@nova/infra";

const root = join(import.meta.dir, "..");

function infraFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...infraFiles(path));
    else if (name.endsWith(".infra.ts")) out.push(`./${relative(root, path)}`);
  }
  return out;
}

const up = Bun.spawn(["bun", "run", "scripts/infra/up.ts", ...process.argv.slice(2)], {
  cwd: root,
  stdout: "inherit",
  stderr: "inherit",
});
if ((await up.exited) !== 0) {
  console.error("test:infra: the engines did not come up (see above)");
  process.exit(1);
}

const files = ["packages", "services", "test"].flatMap((d) => infraFiles(join(root, d))).sort();
if (files.length === 0) {
  console.error("test:infra: no *.infra.ts files found");
  process.exit(1);
}
console.log(`test:infra: ${files.length} suites: ${files.join(" ")}`);
// Hooks start engines' clients and consumer groups; Kafka group joins take seconds.
const test = Bun.spawn(["bun", "test", "--timeout", "60000", ...files], {
  cwd: root,
  env: { ...process.env, ...parseEngineEnv(await Bun.file(defaultEngineEnvPath()).text()) },
  stdout: "inherit",
  stderr: "inherit",
});
process.exit(await test.exited);
