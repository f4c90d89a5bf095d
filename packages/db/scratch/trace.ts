import net from "node:net";
import { LOCAL_POSTGRES_URL, silentLogger, startTcpProxy } from "@nova/testing";
import { sql } from "drizzle-orm";
import { openDatabase } from "../src/index.ts";

const t0 = performance.now();
const ts = () => String(Math.round(performance.now() - t0)).padStart(6);
let ids = 0;
const origEmit = net.Socket.prototype.emit;
net.Socket.prototype.emit = function (this: any, ev: string, ...args: any[]) {
  this.__id ??= ++ids;
  if (ev !== "data" && ev !== "drain") console.log(ts(), `sock#${this.__id}`, ev, args[0] instanceof Error ? (args[0] as any).code ?? args[0].message : (args[0] ?? ""));
  return origEmit.call(this, ev, ...args);
} as any;
const origConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: any, ...a: any[]) { this.__id ??= ++ids; console.log(ts(), `sock#${this.__id}`, "connect()", a[0]); return origConnect.apply(this, a as any); } as any;

const server = new URL(LOCAL_POSTGRES_URL);
const proxy = startTcpProxy({ hostname: server.hostname, port: Number(server.port) });
const handle = await openDatabase({ url: `postgres://postgres@127.0.0.1:${proxy.port}/postgres`, dataDir: "", maxConnections: 2, debugSql: false, log: silentLogger(), applicationName: "repro" });
const ping = async (label: string) => { const s = performance.now(); try { await handle.ping(); console.log(ts(), label, "OK", Math.round(performance.now() - s)); } catch (e) { console.log(ts(), label, "ERR", (e as Error).message.slice(30, 100)); } };
await ping("p0");
console.log(ts(), "== proxy.stop");
proxy.stop();
await ping("p1");
await ping("p2");
console.log(ts(), "== proxy.start");
proxy.start();
for (let i = 0; i < 6; i++) await ping(`r${i}`);
console.log(ts(), "DONE-RECOVERY");
const backend = () => handle.db.select({ pid: sql<number>`pg_backend_pid()`, s: sql<string>`pg_sleep(0.2)::text` }).from(sql`(select 1) as p`);
console.log(ts(), "pids", (await Promise.all([backend(), backend()])).map((r) => r[0]?.pid));
await handle.close(); proxy.stop();
process.exit(0);
