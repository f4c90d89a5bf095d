/**
 * `bun run scripts/infra/smoke.ts [engine...]` — exercises every engine of the infra tier with its
 * production client (a write and a read each, plus S3 signature checks), using .engines/env.
 * Exits non-zero if any check fails.
 */
import { join } from "node:path";
import { ENGINE_ENV_DEFAULTS, type EngineEnvKey, readEngineEnv, runSmokeChecks } from "@nova/infra";
import { ENGINES_DIR } from "./lib/paths.ts";

const env = readEngineEnv(Object.keys(ENGINE_ENV_DEFAULTS) as EngineEnvKey[], {
  path: join(ENGINES_DIR, "env"),
});
const results = await runSmokeChecks(env, process.argv.slice(2));
for (const r of results) {
  console.log(
    `${r.ok ? "✔" : "✘"} ${r.engine.padEnd(13)} ${String(Math.round(r.ms)).padStart(5)} ms  ${r.detail}`,
  );
}
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
