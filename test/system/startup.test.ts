/**
 * One service as an operator runs it: `bun run src/main.ts` against a real PostgreSQL, with bad
 * configuration, with pending migrations, and through a database outage.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { migrate } from "@nova/db";
import { EMBEDDED_BUS_MIGRATIONS } from "@nova/events";
import { createPostgresTestDatabase, startTcpProxy } from "@nova/testing";

const root = join(import.meta.dir, "../..");
const main = join(root, "services/user-service/src/main.ts");
const freePort = () => 20_000 + Math.floor(Math.random() * 20_000);

async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await Bun.sleep(100);
  }
}

describe("start-up configuration", () => {
  test("a bad value fails start-up with one message naming every bad variable", async () => {
    const proc = Bun.spawn(["bun", "run", main], {
      cwd: root,
      env: { ...process.env, HTTP_PORT: "abc", LOG_LEVEL: "chatty" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    expect(code).toBe(78);
    expect(stderr).toContain("Invalid configuration for user-service");
    expect(stderr).toContain('HTTP_PORT: must be a port number (got "abc")');
    expect(stderr).toContain("LOG_LEVEL");
  });
});

describe("start-up with an unreachable engine", () => {
  test("a configured DATABASE_URL that cannot be reached fails start-up naming it", async () => {
    const closed = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = closed.port;
    closed.stop(true);
    const proc = Bun.spawn(["bun", "run", main], {
      cwd: root,
      env: {
        ...process.env,
        HTTP_PORT: String(freePort()),
        DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/nova`,
      },
      stdout: "ignore",
      stderr: "pipe",
    });
    const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
    expect(code).toBe(1);
    expect(stderr).toContain("user-service failed to start: DATABASE_URL:");
    expect(stderr).toContain(`127.0.0.1:${port}`);
  }, 30_000);
});

describe("user-service on a real PostgreSQL", () => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  test("readiness: 503 while migrations are pending, 200 after, 503 through an outage, 200 again without a restart", async () => {
    // An empty database: production never migrates implicitly.
    const database = await createPostgresTestDatabase();
    cleanup.push(() => database.close());
    const target = new URL(database.url);
    const proxy = startTcpProxy({ hostname: target.hostname, port: Number(target.port || 5432) });
    cleanup.push(() => proxy.stop());
    const viaProxy = new URL(database.url);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);

    const httpPort = freePort();
    const proc = Bun.spawn(["bun", "run", main], {
      cwd: root,
      env: {
        ...process.env,
        HTTP_PORT: String(httpPort),
        DATABASE_URL: viaProxy.toString(),
        LOG_LEVEL: "error",
      },
      stdout: "ignore",
      stderr: "pipe",
    });
    cleanup.push(() => proc.kill("SIGKILL"));
    const ready = () => fetch(`http://127.0.0.1:${httpPort}/api/v1/health/ready`);

    const pending = await waitFor(async () => {
      const res = await ready();
      return res.status === 503 ? await res.json() : undefined;
    });
    expect(pending.checks.migrations.status).toBe("down");
    expect(pending.checks.migrations.error).toContain("pending");
    expect(pending.checks.database.status).toBe("up");

    await migrate(database, { schema: "user_service", migrationsFolder: join(root, "drizzle/user-service") });
    expect(
      await waitFor(async () => {
        const res = await ready();
        const body = await res.json();
        return body.checks.migrations?.status === "up" ? body : undefined;
      }),
    ).toMatchObject({ ready: false, checks: { "event-bus-migrations": { status: "down" } } });
    await migrate(database, EMBEDDED_BUS_MIGRATIONS);
    await waitFor(async () => ((await ready()).status === 200 ? true : undefined));

    proxy.stop();
    const outage = await waitFor(async () => {
      const res = await ready();
      return res.status === 503 ? await res.json() : undefined;
    });
    expect(outage.checks.database.status).toBe("down");
    expect((await fetch(`http://127.0.0.1:${httpPort}/api/v1/health/live`)).status).toBe(200);

    proxy.start();
    await waitFor(async () => ((await ready()).status === 200 ? true : undefined), 30_000);

    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
  }, 90_000);
});
