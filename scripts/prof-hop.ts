/**
 * The fixed per-request cost alone: a kit route (user-service `/api/v1/health/live`) and the
 * gateway's own request (`{ gateway { version } }`, no upstream), at 16 clients, taking turns with a
 * Bun.serve "hello" in the same process; prints CPU µs per call and the ratio to hello's. Run it
 * under the profiler to see where that cost goes:
 *   PROF_WHICH=kit|version|both PROF_N=4000 bun --cpu-prof --cpu-prof-dir=/tmp/x scripts/prof-hop.ts
 */
import { measureInTurns, type PathFigures, warmUp } from "./bench-in-turns.ts";
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
const names = WHICH === "both" ? ["hello", "kit", "version"] : ["hello", WHICH];
const paths = names.map((name) => ({ label: name, op: ops[name] as () => Promise<void> }));
for (const path of paths) await warmUp(500, 16, path.op);
const figures = await measureInTurns(paths, { total: N, concurrency: 16, rounds: 4, idleMs: 0 });
const helloCpu = (figures[0] as PathFigures).cpuMicrosPerOp;
for (const [k, name] of names.entries()) {
  const perOp = (figures[k] as PathFigures).cpuMicrosPerOp;
  console.log(
    `${name.padEnd(8)} CPU ${perOp.toFixed(0)} µs/op  ×${(perOp / helloCpu).toFixed(2)} of hello's`,
  );
}
hello.stop(true);
await system.stop();
process.exit(0);
