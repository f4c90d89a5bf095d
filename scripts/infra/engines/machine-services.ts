import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_ENV_DEFAULTS, probePostgres, probeRedis } from "@nova/infra";
import { engineDir } from "../lib/paths.ts";
import { run } from "../lib/processes.ts";
import type { Engine } from "./engine.ts";

// PostgreSQL and Redis are the machine's own services (started before the session on this kind
// of machine). up.ts only checks them and, if one is down, starts it with the machine's command.

/** The machine's PostgreSQL on 127.0.0.1:5432. */
export function postgresEngine(): Engine {
  return {
    name: "postgres",
    label: "PostgreSQL (machine service)",
    address: "127.0.0.1:5432",
    ports: [],
    logFiles: [join(engineDir("postgres"), "start.log")],
    pidFile: "",
    marker: "",
    startTimeoutMs: 30_000,
    install: async () => false,
    async start() {
      const version = readdirSync("/etc/postgresql")[0];
      if (!version) throw new Error("no cluster under /etc/postgresql");
      await run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"]);
      return undefined;
    },
    probe: () => probePostgres(ENGINE_ENV_DEFAULTS.DATABASE_URL),
  };
}

/** The machine's Redis on 127.0.0.1:6379 (tests use db 15). */
export function redisEngine(): Engine {
  return {
    name: "redis",
    label: "Redis (machine service)",
    address: "127.0.0.1:6379",
    ports: [],
    logFiles: ["/var/log/redis/ci.log"],
    pidFile: "",
    marker: "",
    startTimeoutMs: 15_000,
    install: async () => false,
    async start() {
      await run([
        "redis-server",
        "--daemonize",
        "yes",
        "--bind",
        "127.0.0.1",
        "-::1",
        "--port",
        "6379",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        "/var/lib/redis",
        "--logfile",
        "/var/log/redis/ci.log",
      ]);
      return undefined;
    },
    probe: () => probeRedis(ENGINE_ENV_DEFAULTS.REDIS_URL),
  };
}
