// Unary throughput and latency of each client transport against a real kit server on loopback:
// grpc.health.v1.Health/Check, which every Nova service serves. Client and server share the
// process (and the machine's cores), so compare the rows with each other, not with production.
//   bun run packages/rpc/bench/transport.bench.ts [calls=5000] [concurrency=1,16] [only=identity]
// The "service identity" rows measure what a service credential costs per call: the same kit
// server, an RPC behind the access gate called with and without a service token, and a plain
// Bun.serve "hello" for the ratio the project's benches print.
import { createServer } from "node:http2";
import type { Transport } from "@connectrpc/connect";
import { createClient, type HandlerContext } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { createTokenVerifier, internalRpc, optionalServiceCaller, publicRpc, serveRpc } from "@nova/auth";
import { createTestServicePki, createTestTokenIssuer } from "@nova/auth/testing";
import { Health } from "@nova/proto/grpc/health/v1";
import { AccessTestService } from "@nova/testing";
import { createBaseTransport } from "../src/base-transport.ts";
import { closeServiceClient, createServiceClient } from "../src/index.ts";
import { startKitServer } from "../test/kit-server.ts";

const calls = Number(process.argv[2] ?? 5_000);
const concurrencies = (process.argv[3] ?? "1,16").split(",").map(Number);
const only = process.argv[4];
const pki = createTestServicePki();
const issuer = await createTestTokenIssuer();
const userToken = await issuer.sign({ accountId: "bench-user" });
const who = (_req: unknown, ctx: HandlerContext) => ({ service: optionalServiceCaller(ctx) ?? "" });
const kit = await startKitServer({
  rpc: (router) =>
    serveRpc(router, AccessTestService, { open: publicRpc(who), secret: internalRpc(who) } as never, {
      verifier: createTokenVerifier({ publicKeys: [issuer.publicJwk] }),
      identity: pki.identity("user-service"),
    }),
});
// Bun's node:http2 server counts one "invalid frame" per Connect-over-h2 unary call and sends
// GOAWAY after 1,000 (node's maxSessionInvalidFrames default): the kit's listener drops the
// session at call 1,001. This second listener raises the limit so the protocol can be measured.
const h2 = createServer(
  { maxSessionInvalidFrames: 2 ** 31 },
  connectNodeAdapter({ routes: kit.server.routes }),
);
await new Promise<void>((resolve) => h2.listen(0, "127.0.0.1", () => resolve()));
const patchedH2Url = `http://127.0.0.1:${(h2.address() as { port: number }).port}`;

async function measure(
  label: string,
  check: () => Promise<unknown>,
  concurrency: number,
): Promise<number | undefined> {
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
    return undefined;
  }
  latencies.sort();
  const pct = (p: number) => (latencies[Math.min(calls - 1, Math.floor(calls * p))] ?? 0).toFixed(3);
  console.log(
    `${label.padEnd(50)} c=${String(concurrency).padEnd(3)} ${Math.round(calls / seconds)
      .toString()
      .padStart(6)} req/s   p50 ${pct(0.5)} ms   p99 ${pct(0.99)} ms`,
  );
  return calls / seconds;
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
for (const concurrency of only === "identity" ? [] : concurrencies) {
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
// ---- service identity: what the credential costs per call ------------------------------------
type Access = {
  open(r: object, opts?: { headers?: Record<string, string> }): Promise<unknown>;
  secret(r: object): Promise<unknown>;
};
const hello = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("hello") });
const helloUrl = `http://127.0.0.1:${hello.port}/`;
console.log("service identity (createServiceClient connect, policy and metrics off)\n");
for (const concurrency of concurrencies) {
  const rates: Record<string, number> = {};
  const row = async (label: string, fn: () => Promise<unknown>) => {
    rates[label] = (await measure(label, fn, concurrency)) ?? 0;
  };
  await row("Bun.serve hello (fetch)", () => fetch(helloUrl).then((r) => r.text()));
  const plain = createServiceClient(Health, {
    target: "user-service",
    config,
    baseUrl: kit.httpUrl,
    policy: false,
  });
  await row("no gate: Health/Check, no credential", () => plain.check({ service: "" }));
  const anon = createServiceClient(AccessTestService, {
    target: "user-service",
    config,
    baseUrl: kit.httpUrl,
    policy: false,
  }) as unknown as Access;
  const asService = createServiceClient(AccessTestService, {
    target: "user-service",
    config,
    baseUrl: kit.httpUrl,
    policy: false,
    identity: pki.identity("feed-service"),
  }) as unknown as Access;
  await row("gate: public RPC, end-user token (cached check)", () =>
    anon.open({}, { headers: { authorization: `Bearer ${userToken}` } }),
  );
  await row("gate: internal RPC, service token (cached)", () => asService.secret({}));
  await row("gate: internal RPC, refused (no credential)", () => anon.secret({}).catch(() => undefined));
  for (const c of [plain, anon, asService]) closeServiceClient(c);
  const base = rates["Bun.serve hello (fetch)"] ?? 1;
  console.log(
    `ratios to hello (c=${concurrency}): ${Object.entries(rates)
      .map(([k, v]) => `${k} ${(v / base).toFixed(3)}`)
      .join(" | ")}\n`,
  );
}
// The credential work alone, without the network: one signature and one verification, and the
// cached path every call takes (a token is re-signed at half its 5-minute life, verified once per
// token per callee).
{
  const n = 20_000;
  const caller = pki.identity("feed-service");
  const callee = pki.identity("user-service");
  const token = await caller.tokenFor("user-service");
  let t = performance.now();
  for (let i = 0; i < n; i++) await caller.tokenFor("user-service");
  const cachedSign = ((performance.now() - t) * 1000) / n;
  t = performance.now();
  for (let i = 0; i < n; i++) await callee.verify(token);
  const cachedVerify = ((performance.now() - t) * 1000) / n;
  // Uncached: a token for a new audience is one signature; a token not seen before, one verification.
  const cold = 2_000;
  t = performance.now();
  for (let i = 0; i < cold; i++) await caller.tokenFor(`audience-${i}`);
  const sign = ((performance.now() - t) * 1000) / cold;
  // Fresh identities sign fresh tokens (random jti), all addressed to the callee.
  const unseen = await Promise.all(
    Array.from({ length: cold }, () =>
      pki.identity("feed-service", { clock: () => new Date() }).tokenFor("user-service"),
    ),
  );
  t = performance.now();
  for (const tok of unseen) await callee.verify(tok);
  const verify = ((performance.now() - t) * 1000) / cold;
  console.log(
    `per call, no network: tokenFor cached ${cachedSign.toFixed(2)} µs, verify cached ${cachedVerify.toFixed(2)} µs; ` +
      `sign ${sign.toFixed(1)} µs, verify (uncached) ${verify.toFixed(1)} µs`,
  );
}
hello.stop(true);
h2.close();
await kit.stop();
process.exit(0);
