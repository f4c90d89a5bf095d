/**
 * End to end: boots `bun run dev` as a developer would (a fresh data dir, then a warm restart),
 * and checks the deployment guide's promises on the real ports — the Step 5 health loop run
 * verbatim, grpc.health.v1 from a standard gRPC client, Prometheus exposition, OpenAPI documents,
 * the gateway's introspection, and a graceful SIGTERM. Start times and RSS are printed, not asserted.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SERVICES } from "@nova/config";
import { grpcHealthCheck, parsePrometheusText } from "@nova/testing";
import { Validator } from "@seriousme/openapi-schema-validator";

const root = join(import.meta.dir, "../..");
const dataDir = mkdtempSync(join(tmpdir(), "nova-e2e-"));

interface Dev {
  proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  output: string[];
  seconds: number;
  upLine: string;
}

/** Keeps reading a child's pipe so it never blocks on a full buffer. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, into: string[]): Promise<void> {
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    into.push(decoder.decode(value));
  }
}

async function startDev(): Promise<Dev> {
  const t0 = performance.now();
  const proc = Bun.spawn(["bun", "run", "scripts/dev.ts"], {
    cwd: root,
    env: { ...process.env, NOVA_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const output: string[] = [];
  const decoder = new TextDecoder();
  const reader = proc.stdout.getReader();
  void drain(proc.stderr.getReader(), output);
  const deadline = Date.now() + 180_000;
  let buffered = "";
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value);
    const up = buffered.split("\n").find((l) => l.startsWith("Nova is up"));
    if (up) {
      output.push(buffered);
      void drain(reader, output);
      return { proc, output, seconds: (performance.now() - t0) / 1000, upLine: up };
    }
  }
  proc.kill("SIGKILL");
  throw new Error(`bun run dev did not come up:\n${buffered}\n${output.join("")}`);
}

async function stopDev(dev: Dev): Promise<{ code: number | null; seconds: number }> {
  const t0 = performance.now();
  dev.proc.kill("SIGTERM");
  const code = await Promise.race([dev.proc.exited, Bun.sleep(12_000).then(() => null)]);
  if (code === null) dev.proc.kill("SIGKILL");
  return { code, seconds: (performance.now() - t0) / 1000 };
}

let dev: Dev;

beforeAll(async () => {
  dev = await startDev();
  console.log(`first start (empty data dir): ${dev.seconds.toFixed(2)} s wall — ${dev.upLine}`);
}, 200_000);

afterAll(async () => {
  if (dev && dev.proc.exitCode === null) dev.proc.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("bun run dev", () => {
  test("the guide's Step 5 loop, verbatim, prints 15 healthy lines with the right names", async () => {
    const loop = `
for port in 8010 8011 8012 8013 8014 8015 8016 8017 8018 8019 8020 8021 8022 8023 8000; do
  service_name=$(curl -s http://localhost:$port/api/v1/health 2>/dev/null | jq -r '.service // "unknown"')
  status=$(curl -s -o /dev/null -w "%{http_code}" http://localhost:$port/api/v1/health 2>/dev/null)

  if [ "$status" = "200" ]; then
    echo "✅ Port $port ($service_name): Healthy"
  else
    echo "❌ Port $port: Unhealthy (HTTP $status)"
  fi
done`;
    const proc = Bun.spawn(["bash", "-c", loop], { stdout: "pipe" });
    const out = (await new Response(proc.stdout).text()).trim().split("\n");
    console.log(out.join("\n"));
    const expected = [
      8010, 8011, 8012, 8013, 8014, 8015, 8016, 8017, 8018, 8019, 8020, 8021, 8022, 8023, 8000,
    ].map((port) => `✅ Port ${port} (${SERVICES.find((s) => s.httpPort === port)?.name}): Healthy`);
    expect(out).toEqual(expected);
  });

  test("grpc.health.v1.Health/Check is SERVING on all 14 gRPC ports from @grpc/grpc-js", async () => {
    const grpcPorts = SERVICES.flatMap((s) => (s.grpcPort === null ? [] : [s.grpcPort]));
    expect(grpcPorts).toHaveLength(14);
    const statuses = await Promise.all(grpcPorts.map((p) => grpcHealthCheck(`127.0.0.1:${p}`)));
    expect(statuses).toEqual(grpcPorts.map(() => "SERVING"));
  });

  test("every /metrics parses as Prometheus exposition and every /openapi.json is valid OpenAPI 3", async () => {
    const validator = new Validator();
    for (const s of SERVICES) {
      const metrics = await (await fetch(`http://127.0.0.1:${s.httpPort}/metrics`)).text();
      const { problems, families } = parsePrometheusText(metrics);
      expect({ service: s.name, problems }).toEqual({ service: s.name, problems: [] });
      expect(families.has("http_requests_total")).toBe(true);
      const doc = await (await fetch(`http://127.0.0.1:${s.httpPort}/openapi.json`)).json();
      const result = await validator.validate(doc);
      expect({ service: s.name, valid: result.valid }).toEqual({ service: s.name, valid: true });
    }
  });

  test("the gateway answers the guide's introspection query", async () => {
    const res = await fetch("http://localhost:8000/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query: "{ __schema { types { name } } }" }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.errors).toBeUndefined();
    const names = body.data.__schema.types.map((t: { name: string }) => t.name);
    expect(names).toEqual(expect.arrayContaining(["Query", "GatewayInfo", "SubschemaStatus"]));
  });

  test("scripts/smoke-test.sh passes against bun run dev", async () => {
    const proc = Bun.spawn(["bash", "scripts/smoke-test.sh", "http://localhost:8000"], {
      cwd: root,
      env: { ...process.env, SERVICES_HOST: "localhost" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, out, err] = await Promise.all([
      proc.exited,
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
    ]);
    console.log(out.trim());
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(out).toContain("✔ smoke test passed");
  }, 60_000);

  test("SIGTERM stops everything within 10 s, then a warm start comes up", async () => {
    const rss = dev.upLine.match(/RSS (\d+) MB/)?.[1];
    const stopped = await stopDev(dev);
    console.log(
      `graceful stop: exit ${stopped.code} in ${stopped.seconds.toFixed(2)} s (RSS at idle before stop: ${rss} MB)`,
    );
    expect(stopped.code).toBe(0);
    expect(stopped.seconds).toBeLessThan(10);
    dev = await startDev();
    console.log(`warm start: ${dev.seconds.toFixed(2)} s wall — ${dev.upLine}`);
    const health = await fetch("http://127.0.0.1:8010/api/v1/health");
    expect(health.status).toBe(200);
    expect((await stopDev(dev)).code).toBe(0);
  }, 240_000);
});
