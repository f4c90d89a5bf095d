import { LOCAL_POSTGRES_URL, silentLogger, startTcpProxy } from "@nova/testing";
import { openDatabase } from "../src/index.ts";

const server = new URL(LOCAL_POSTGRES_URL);
for (let round = 0; round < Number(process.argv[2] ?? 5); round++) {
  const proxy = startTcpProxy({ hostname: server.hostname, port: Number(server.port) });
  const handle = await openDatabase({ url: `postgres://postgres@127.0.0.1:${proxy.port}/postgres`, dataDir: "", maxConnections: 2, debugSql: false, log: silentLogger(), applicationName: "repro" });
  await handle.ping();
  proxy.stop();
  const results: string[] = [];
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    try { await handle.ping(); results.push("ok"); } catch (e) { results.push(`${(e as Error).message.slice(0, 70)} ${Math.round(performance.now() - t)}ms`); }
  }
  proxy.start();
  const back = performance.now();
  let ok = false;
  while (performance.now() - back < 8000) {
    try { await handle.ping(); ok = true; break; } catch { await Bun.sleep(100); }
  }
  console.log(`round ${round}: ${results.join(" | ")} -> recovered=${ok} in ${Math.round(performance.now() - back)}ms`);
  await handle.close(); proxy.stop();
}
process.exit(0);
