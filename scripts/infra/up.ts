/**
 * `bun run scripts/infra/up.ts [engine...]` — installs (cached under .engines/) and starts the real
 * engines of the `test:infra` tier on loopback, in parallel, waits until each answers its real
 * client, prints each engine's start time, and writes .engines/env. Idempotent: an engine that is
 * already healthy is left alone. Exits non-zero, with the log tail, if any engine is not ready.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_ENV_DEFAULTS, formatEngineEnv, waitFor } from "@nova/infra";
import { type Engine, selectEngines } from "./engines/index.ts";
import { ENGINES_DIR } from "./lib/paths.ts";
import { isAlive, livePid, logTail, portTaken, treeRssMiB } from "./lib/processes.ts";

interface Outcome {
  engine: Engine;
  ok: boolean;
  how: "already running" | "started" | "downloaded+started" | "failed";
  installMs: number;
  readyMs: number;
  pid: number | undefined;
  error?: string;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function bringUp(engine: Engine): Promise<Outcome> {
  const t0 = performance.now();
  const base = { engine, installMs: 0 };
  const existing = engine.pidFile ? livePid(engine.pidFile, engine.marker) : undefined;
  try {
    await waitFor(engine.name, engine.probe, { timeoutMs: 0, attemptTimeoutMs: 3000 });
    await engine.afterReady?.();
    return { ...base, ok: true, how: "already running", readyMs: performance.now() - t0, pid: existing };
  } catch {
    // not (yet) answering: start it, or wait for the instance that is starting
  }
  let pid = existing;
  let downloaded = false;
  let installMs = 0;
  try {
    if (pid === undefined) {
      for (const port of engine.ports) {
        if (await portTaken(port)) {
          throw new Error(
            `127.0.0.1:${port} is held by another process that does not answer as ${engine.name}`,
          );
        }
      }
      const i0 = performance.now();
      downloaded = await engine.install();
      installMs = performance.now() - i0;
      pid = await engine.start();
    }
    const started = pid;
    await waitFor(engine.name, engine.probe, {
      timeoutMs: engine.startTimeoutMs,
      intervalMs: 250,
      attemptTimeoutMs: 5000,
      abortIf: () =>
        started !== undefined && !isAlive(started) ? "process exited during start-up" : undefined,
    });
    await engine.afterReady?.();
    const how = downloaded ? "downloaded+started" : "started";
    return { engine, ok: true, how, installMs, readyMs: performance.now() - t0, pid };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return { engine, ok: false, how: "failed", installMs, readyMs: performance.now() - t0, pid, error };
  }
}

const t0 = performance.now();
let engines: Engine[];
try {
  engines = selectEngines(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}
mkdirSync(ENGINES_DIR, { recursive: true });
console.log(`infra:up ${engines.map((e) => e.name).join(", ")} (state in ${ENGINES_DIR})`);

const outcomes = await Promise.all(
  engines.map(async (e) => {
    const o = await bringUp(e);
    const mark = o.ok ? "✔" : "✘";
    const install = o.installMs > 500 ? `, install ${secs(o.installMs)}` : "";
    console.log(
      `${mark} ${e.name.padEnd(13)} ${e.address.padEnd(16)} ${o.how} in ${secs(o.readyMs)}${install}`,
    );
    return o;
  }),
);

const envPath = join(ENGINES_DIR, "env");
writeFileSync(envPath, formatEngineEnv({ ...ENGINE_ENV_DEFAULTS }));

console.log("");
for (const o of outcomes) {
  const rss = o.pid !== undefined && isAlive(o.pid) ? `${treeRssMiB(o.pid)} MiB` : "-";
  console.log(
    `  ${o.engine.name.padEnd(13)} ${o.engine.label.padEnd(42)} pid ${String(o.pid ?? "-").padEnd(8)} RSS ${rss}`,
  );
}
const failed = outcomes.filter((o) => !o.ok);
for (const o of failed) {
  console.error(`\n✘ ${o.engine.name}: ${o.error}`);
  for (const f of o.engine.logFiles) console.error(`--- tail of ${f}\n${logTail(f, 25)}`);
}
console.log(`\nwrote ${envPath}; total ${secs(performance.now() - t0)}`);
process.exit(failed.length === 0 ? 0 : 1);
