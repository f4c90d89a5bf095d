import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { probeClickHouse } from "@nova/infra";
import { engineDir, REPO_ROOT } from "../lib/paths.ts";
import { spawnDetached } from "../lib/processes.ts";
import type { Engine } from "./engine.ts";

const PORT = 18123;
const SERVER = resolve(import.meta.dir, "../clickhouse-server.ts");

/** ClickHouse: the chDB engine (npm `chdb`) behind ClickHouse's HTTP interface. */
export function clickhouseEngine(): Engine {
  const dir = engineDir("clickhouse");
  const logs = join(dir, "logs");
  return {
    name: "clickhouse",
    label: "ClickHouse via chDB 3.4.0 (HTTP shim)",
    address: `127.0.0.1:${PORT}`,
    ports: [PORT],
    logFiles: [join(logs, "stdout.log")],
    pidFile: join(dir, "clickhouse.pid"),
    marker: "clickhouse-server.ts",
    startTimeoutMs: 60_000,
    async install() {
      // chdb ships its engine as an npm platform package, installed by `bun install`.
      if (!existsSync(join(REPO_ROOT, "packages/infra/node_modules/chdb"))) {
        throw new Error("chdb is not installed: run `bun install` at the repository root");
      }
      return false;
    },
    async start() {
      mkdirSync(logs, { recursive: true });
      mkdirSync(join(dir, "data"), { recursive: true });
      return spawnDetached({
        cmd: [process.execPath, SERVER, join(dir, "data"), String(PORT)],
        cwd: REPO_ROOT,
        logFile: join(logs, "stdout.log"),
        pidFile: join(dir, "clickhouse.pid"),
      });
    },
    probe: () => probeClickHouse(`http://127.0.0.1:${PORT}`),
  };
}
