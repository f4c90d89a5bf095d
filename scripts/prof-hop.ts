/**
 * The fixed per-request cost alone: a kit route (user-service `/api/v1/health/live`) and the
 * gateway's own request (`{ gateway { version } }`, no upstream), at 16 clients, taking turns with a
 * Bun.serve "hello" in the same process; prints CPU µs per call and the ratio to hello's. Run it
 * under the profiler to see where that cost goes:
 *   PROF_WHICH=kit|version|both PROF_N=4000 bun --cpu-prof --cpu-prof-dir=/tmp/x scripts/prof-hop.ts
 */
import { base, gatewayUrl, register, startSocialCore } from "./bench-social-system.ts";

const N = Number(process.env.PROF_N ?? 4000);
const WHICH = process.env.PROF_WHICH ?? "both";
const system = await startSocialCore({ maxConnections: 4 });
const reader = await register(`prof_h_${Date.now().toString(36)}`);
const hello = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("hello") });
const helloUrl = `http://127.0.0.1:${hello.port}/`;
const liveUrl = `${base("user-service")}/api/v1/health/live`;
const ops: Record<string, () => Promise<void>> = {
  hello: async () => {
    await (await fetch(helloUrl)).text();
  },
  kit: async () => {
    const res = await fetch(liveUrl);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`kit route: ${res.status}`);
  },
  version: async () => {
    const res = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${reader.token}` },
      body: JSON.stringify({ query: "{ gateway { version } }" }),
    });
    const out = (await res.json()) as { errors?: unknown[] };
    if (out.errors) throw new Error(JSON.stringify(out.errors));
  },
};
async function loop(op: () => Promise<void>, n: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next++ < n) await op();
    }),
  );
}
const names = WHICH === "both" ? ["hello", "kit", "version"] : ["hello", WHICH];
for (const name of names) await loop(ops[name] as () => Promise<void>, 500);
const cpu: Record<string, number> = {};
for (let round = 0; round < 4; round++) {
  for (const name of names) {
    const c0 = process.cpuUsage();
    await loop(ops[name] as () => Promise<void>, N / 4);
    const c = process.cpuUsage(c0);
    cpu[name] = (cpu[name] ?? 0) + c.user + c.system;
  }
}
const perOp = (name: string) => (cpu[name] ?? 0) / N;
for (const name of names)
  console.log(
    `${name.padEnd(8)} CPU ${perOp(name).toFixed(0)} µs/op  ×${(perOp(name) / perOp("hello")).toFixed(2)} of hello's`,
  );
hello.stop(true);
await system.stop();
process.exit(0);
