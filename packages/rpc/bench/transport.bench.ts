// Unary throughput and latency of each client transport against a real kit server on loopback:
// grpc.health.v1.Health/Check, which every Nova service serves. Client and server share the
// process (and the machine's cores), so compare the rows with each other, not with production.
//   bun run packages/rpc/bench/transport.bench.ts [calls=5000] [concurrency=1,16]
import { createServer } from "node:http2";
import type { Transport } from "@connectrpc/connect";
import { createClient } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { Health } from "@nova/proto/grpc/health/v1";
import { createBaseTransport } from "../src/base-transport.ts";
import { closeServiceClient, createServiceClient } from "../src/index.ts";
import { startKitServer } from "../test/kit-server.ts";

const calls = Number(process.argv[2] ?? 5_000);
const concurrencies = (process.argv[3] ?? "1,16").split(",").map(Number);
const kit = await startKitServer();
// Bun's node:http2 server counts one "invalid frame" per Connect-over-h2 unary call and sends
// GOAWAY after 1,000 (node's maxSessionInvalidFrames default): the kit's listener drops the
// session at call 1,001. This second listener raises the limit so the protocol can be measured.
const h2 = createServer(
  { maxSessionInvalidFrames: 2 ** 31 },
  connectNodeAdapter({ routes: kit.server.routes }),
);
await new Promise<void>((resolve) => h2.listen(0, "127.0.0.1", () => resolve()));
const patchedH2Url = `http://127.0.0.1:${(h2.address() as { port: number }).port}`;

async function measure(label: string, check: () => Promise<unknown>, concurrency: number) {
  for (let i = 0; i < 300; i++) await check(); // warm-up: JIT, sessions, keep-alive
  const latencies = new Float64Array(calls);
  let next = 0;
  const started = performance.now();
  let failed: unknown;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        const i = next++;
        const t = performance.now();
        try {
          await check();
        } catch (err) {
          failed ??= err;
          next = calls;
          return;
        }
        latencies[i] = performance.now() - t;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (failed) {
    console.log(
      `${label.padEnd(50)} c=${String(concurrency).padEnd(3)} FAILED: ${(failed as Error).message}`,
    );
    return;
  }
  latencies.sort();
  const pct = (p: number) => (latencies[Math.min(calls - 1, Math.floor(calls * p))] ?? 0).toFixed(3);
  console.log(
    `${label.padEnd(50)} c=${String(concurrency).padEnd(3)} ${Math.round(calls / seconds)
      .toString()
      .padStart(6)} req/s   p50 ${pct(0.5)} ms   p99 ${pct(0.99)} ms`,
  );
}

const raw: [string, () => { transport: Transport; close(): void }][] = [
  [
    "connect  HTTP/1.1  connect-web (Bun fetch)",
    () => createBaseTransport({ protocol: "connect", baseUrl: kit.httpUrl }),
  ],
  [
    "connect  HTTP/1.1  connect-node (node:http)",
    () => createBaseTransport({ protocol: "connect", baseUrl: kit.httpUrl, http1: "node" }),
  ],
  [
    "connect  HTTP/2    connect-node (h2c)",
    () => createBaseTransport({ protocol: "connect-h2", baseUrl: kit.grpcUrl }),
  ],
  [
    "connect  HTTP/2    connect-node (h2c, limit raised)",
    () => createBaseTransport({ protocol: "connect-h2", baseUrl: patchedH2Url }),
  ],
  [
    "grpc     HTTP/2    connect-node (h2c)",
    () => createBaseTransport({ protocol: "grpc", baseUrl: kit.grpcUrl }),
  ],
];
const config = {
  service: { name: "bench", version: "0", env: "test" as const },
  grpc: { port: null, requestTimeoutMs: 10_000, connectionPoolSize: 1 },
};

console.log(`${calls} unary calls of grpc.health.v1.Health/Check per row (Bun ${Bun.version})\n`);
for (const concurrency of concurrencies) {
  for (const [label, make] of raw) {
    const t = make();
    const client = createClient(Health, t.transport);
    await measure(`raw ${label}`, () => client.check({ service: "" }), concurrency);
    t.close();
  }
  for (const protocol of ["connect", "connect-h2", "grpc"] as const) {
    const client = createServiceClient(Health, {
      target: "user-service",
      config,
      protocol,
      baseUrl: protocol === "connect" ? kit.httpUrl : protocol === "connect-h2" ? patchedH2Url : kit.grpcUrl,
    });
    await measure(
      `createServiceClient ${protocol} (policy, metrics off)`,
      () => client.check({ service: "" }),
      concurrency,
    );
    closeServiceClient(client);
  }
  console.log();
}
h2.close();
await kit.stop();
process.exit(0);
