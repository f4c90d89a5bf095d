/**
 * `bun run dev`: the whole of Nova in one process on the embedded default — one shared PGlite
 * under .nova/, in-process adapters — with every service on its real ports, started in the
 * guide's tier order. Prints a table of services, ports and readiness, and its own start time.
 */
import { SERVICES } from "@nova/config";
import { devPkiDir, type StartedService, startService } from "@nova/kit";
import { moduleNamed } from "./service-modules.ts";

const t0 = performance.now();
const started: StartedService[] = [];
const rows: { name: string; http: number; grpc: number | null; ms: number }[] = [];

// Ports come from the catalogue; a stray HTTP_PORT in the shell must not put 15 services on one port.
const env = {
  ...process.env,
  HTTP_PORT: undefined,
  GRPC_PORT: undefined,
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};

async function stopAll(code: number): Promise<never> {
  for (const s of started.reverse()) await s.stop({ timeoutMs: 3000 }).catch(() => undefined);
  process.exit(code);
}

for (const info of SERVICES) {
  const mod = moduleNamed(info.name);
  const s0 = performance.now();
  try {
    started.push(await startService(mod, mod.loadConfig(env)));
  } catch (err) {
    console.error(`✘ ${info.name} failed to start: ${err instanceof Error ? err.message : String(err)}`);
    await stopAll(1);
  }
  rows.push({
    name: info.name,
    http: info.httpPort,
    grpc: info.grpcPort,
    ms: Math.round(performance.now() - s0),
  });
}

const reports = await Promise.all(started.map((s) => s.ctx.health.evaluate()));
const elapsed = (performance.now() - t0) / 1000;
const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\n${pad("service", 24)}${pad("HTTP", 7)}${pad("gRPC", 7)}${pad("start", 9)}ready`);
rows.forEach((r, i) => {
  const rep = reports[i];
  const failing = rep
    ? Object.entries(rep.checks)
        .filter(([, c]) => c.status === "down")
        .map(([n]) => n)
    : [];
  console.log(
    `${pad(r.name, 24)}${pad(String(r.http), 7)}${pad(r.grpc === null ? "-" : String(r.grpc), 7)}${pad(`${r.ms} ms`, 9)}${rep?.ready ? "✅ ready" : `❌ ${failing.join(", ") || rep?.status}`}`,
  );
});
const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
console.log(
  `\nNova is up: ${started.length} services in ${elapsed.toFixed(2)} s (RSS ${rss} MB). GraphQL: http://localhost:8000/graphql — Ctrl-C stops.`,
);
const first = started[0];
if (first && !first.ctx.config.identity.keyPath)
  console.log(
    `Service identity: development PKI in ${devPkiDir(first.ctx.config)} (internal RPCs need a service token).`,
  );

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log("\nstopping…");
    void stopAll(0);
  });
}
