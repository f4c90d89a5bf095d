/**
 * Both Compose files validate with a real Compose implementation (Debian's docker-compose; no
 * Docker engine is needed for `config`), the way an operator following the guide would use them:
 * `cp .env.example .env` first. Fails, naming the tool, when docker-compose is missing.
 */
import { afterAll, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SERVICES } from "@nova/config";
import { parse } from "yaml";

const root = join(import.meta.dir, "../..");
const work = mkdtempSync(join(tmpdir(), "nova-compose-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function composeConfig(file: string): Promise<{ code: number; out: string; err: string }> {
  if (!Bun.which("docker-compose")) {
    throw new Error("docker-compose is required for this check (apt-get install docker-compose)");
  }
  copyFileSync(join(root, file), join(work, file));
  copyFileSync(join(root, ".env.example"), join(work, ".env"));
  const proc = Bun.spawn(["docker-compose", "-f", file, "config"], {
    cwd: work,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, out, err] = await Promise.all([
    proc.exited,
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  return { code, out, err };
}

test("docker-compose.yml (infrastructure) validates and has a healthcheck on every service", async () => {
  const { code, out, err } = await composeConfig("docker-compose.yml");
  expect({ code, err: err.trim() }).toEqual({ code: 0, err: "" });
  const services = parse(out).services as Record<string, { healthcheck?: unknown }>;
  for (const name of ["postgres", "redis", "kafka", "clickhouse", "neo4j", "elasticsearch"]) {
    expect({ name, healthcheck: Boolean(services[name]?.healthcheck) }).toEqual({ name, healthcheck: true });
  }
});

test("docker-compose.prod.yml validates with the 15 services, a migrate job and the tier order", async () => {
  const { code, out, err } = await composeConfig("docker-compose.prod.yml");
  expect({ code, err: err.trim() }).toEqual({ code: 0, err: "" });
  const services = parse(out).services as Record<
    string,
    { depends_on?: Record<string, { condition: string }> }
  >;
  for (const s of SERVICES) {
    expect({ name: s.name, present: s.name in services }).toEqual({ name: s.name, present: true });
    if (s.schema)
      expect(services[s.name]?.depends_on?.migrate?.condition).toBe("service_completed_successfully");
  }
  expect(services["graphql-gateway"]?.depends_on?.["trust-safety-service"]?.condition).toBe(
    "service_healthy",
  );
  expect(services["user-service"]?.depends_on?.["identity-service"]?.condition).toBe("service_healthy");
});
