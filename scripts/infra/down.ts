/**
 * `bun run scripts/infra/down.ts [engine...]` — stops the engines that up.ts started (SIGTERM,
 * then SIGKILL after a grace period) and keeps their downloads and data under .engines/.
 * The machine's own PostgreSQL and Redis are never stopped.
 */
import { rmSync } from "node:fs";
import { selectEngines } from "./engines/index.ts";
import { livePid, stopProcess } from "./lib/processes.ts";

let engines: ReturnType<typeof selectEngines>;
try {
  engines = selectEngines(process.argv.slice(2)).filter((e) => e.pidFile !== "");
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}

await Promise.all(
  engines.map(async (e) => {
    const pid = livePid(e.pidFile, e.marker);
    if (pid === undefined) {
      rmSync(e.pidFile, { force: true });
      console.log(`· ${e.name.padEnd(13)} not running`);
      return;
    }
    const t0 = performance.now();
    const how = await stopProcess(e.pidFile, pid);
    console.log(
      `✔ ${e.name.padEnd(13)} ${how} (pid ${pid}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }),
);
