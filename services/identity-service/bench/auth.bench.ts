/**
 * `bun run bench` (identity): argon2id hash/verify time at the configured parameters (and the
 * alternatives considered), then register and login throughput and latency through the real
 * app (in-process requests, PGlite), with the chosen parameters. Prints figures; asserts nothing.
 */
import { loadServiceConfig } from "../src/config.ts";
import { startIdentity } from "../test/support/identity-harness.ts";

const config = loadServiceConfig({});
const chosen = {
  memoryKib: config.extra.PASSWORD_HASH_MEMORY_KIB,
  iterations: config.extra.PASSWORD_HASH_ITERATIONS,
};

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function hashTimes(memoryKib: number, iterations: number, n = 20) {
  const opts = { algorithm: "argon2id", memoryCost: memoryKib, timeCost: iterations } as const;
  const hashes: number[] = [];
  const verifies: number[] = [];
  let stored = "";
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    stored = await Bun.password.hash(`Password-${i}!`, opts);
    hashes.push(performance.now() - t0);
    const t1 = performance.now();
    await Bun.password.verify(`Password-${i}!`, stored);
    verifies.push(performance.now() - t1);
  }
  hashes.sort((a, b) => a - b);
  verifies.sort((a, b) => a - b);
  return { hashP50: pct(hashes, 50), hashP99: pct(hashes, 99), verifyP50: pct(verifies, 50) };
}

async function run(
  label: string,
  total: number,
  concurrency: number,
  op: (i: number) => Promise<Response>,
  expected: number,
) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const res = await op(i);
        latencies.push(performance.now() - t0);
        if (res.status !== expected) failures++;
        await res.body?.cancel();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(9)} ${total} requests, concurrency ${concurrency}: ${(total / seconds).toFixed(1)} req/s, ` +
      `p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms${failures ? `, ${failures} unexpected statuses` : ""}`,
  );
}

console.log(`argon2id via Bun.password (p=1), ${navigator.hardwareConcurrency} cores`);
for (const [m, t, note] of [
  [chosen.memoryKib, chosen.iterations, "chosen (PASSWORD_HASH_*)"],
  [19_456, 2, "OWASP minimum"],
  [47_104, 1, "OWASP alternative"],
  [65_536, 3, "Bun default"],
] as const) {
  const r = await hashTimes(m, t);
  console.log(
    `  m=${m} KiB t=${t}: hash p50 ${r.hashP50.toFixed(1)} ms (p99 ${r.hashP99.toFixed(1)}), verify p50 ${r.verifyP50.toFixed(1)} ms  — ${note}`,
  );
}

const h = await startIdentity("pglite", { AUTH_RATE_LIMIT_PER_MINUTE: "100000" });
try {
  const N = Number(process.env.BENCH_N ?? 200);
  const C = Number(process.env.BENCH_CONCURRENCY ?? 8);
  await run(
    "register",
    N,
    C,
    (i) =>
      h.request("/api/v1/auth/register", {
        json: { email: `bench${i}@example.com`, password: "SecurePass123!", username: `bench_${i}` },
        ip: `10.0.${i >> 8}.${i & 255}`,
      }),
    201,
  );
  await run(
    "login",
    N,
    C,
    (i) =>
      h.request("/api/v1/auth/login", {
        json: { identifier: `bench_${i % N}`, password: "SecurePass123!" },
        ip: `10.1.${i >> 8}.${i & 255}`,
      }),
    200,
  );
  await run(
    "reg+refresh",
    N,
    C,
    async (i) => {
      const reg = await h.register(`refresh_${i}`).catch(() => undefined);
      return h.request("/api/v1/auth/refresh", {
        json: { refreshToken: reg?.refreshToken ?? "x".repeat(43) },
      });
    },
    200,
  );
} finally {
  await h.close();
}
