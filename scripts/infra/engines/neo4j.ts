import { existsSync, mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { probeNeo4j } from "@nova/infra";
import { ensureMavenLib } from "../lib/maven.ts";
import { engineDir } from "../lib/paths.ts";
import { run, spawnDetached } from "../lib/processes.ts";
import type { Engine } from "./engine.ts";

// 5.26 LTS is the last Neo4j line that runs on Java 17.
const VERSION = "5.26.30";
const PORT = 17687;
const LAUNCHER = resolve(import.meta.dir, "../java/Neo4jLauncher.java");

/** Neo4j embedded (DatabaseManagementServiceBuilder) with only the Bolt connector, auth off. */
export function neo4jEngine(): Engine {
  const dir = engineDir("neo4j");
  const classes = join(dir, "classes");
  const logs = join(dir, "logs");
  return {
    name: "neo4j",
    label: `Neo4j ${VERSION} (embedded, Bolt)`,
    address: `127.0.0.1:${PORT}`,
    ports: [PORT],
    logFiles: [join(logs, "stdout.log"), join(dir, "data", "logs", "debug.log")],
    pidFile: join(dir, "neo4j.pid"),
    marker: "Neo4jLauncher",
    startTimeoutMs: 120_000,
    async install() {
      const downloaded = await ensureMavenLib(dir, "neo4j", [
        `org.neo4j:neo4j:${VERSION}`,
        `org.neo4j:neo4j-bolt:${VERSION}`,
      ]);
      // Compiled once rather than run through the source launcher: saves ~2 s per start.
      const cls = join(classes, "Neo4jLauncher.class");
      if (downloaded || !existsSync(cls) || statSync(cls).mtimeMs < statSync(LAUNCHER).mtimeMs) {
        mkdirSync(classes, { recursive: true });
        await run(["javac", "-cp", join(dir, "lib", "*"), "-d", classes, LAUNCHER]);
      }
      return downloaded;
    },
    async start() {
      mkdirSync(logs, { recursive: true });
      return spawnDetached({
        cmd: [
          "java",
          "-Xms256m",
          "-Xmx512m",
          "-cp",
          `${classes}:${join(dir, "lib", "*")}`,
          "Neo4jLauncher",
          join(dir, "data"),
          String(PORT),
        ],
        cwd: dir,
        logFile: join(logs, "stdout.log"),
        pidFile: join(dir, "neo4j.pid"),
      });
    },
    probe: () => probeNeo4j(`bolt://127.0.0.1:${PORT}`),
  };
}
