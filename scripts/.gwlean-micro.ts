import { createGatewayYoga } from "../services/graphql-gateway/src/graphql/index.ts";
const log = { debug() {}, info() {}, warn() {}, error() {} };
const N = Number(process.env.N ?? 20000);
const which = process.env.WHICH ?? "both";
for (const lean of which === "both" ? [false, true, false, true] : [which === "lean"]) {
  const g = createGatewayYoga({ upstreams: [], version: "t", log, graphiql: false, knownDocumentPath: lean, production: true });
  await g.refresh();
  const body = JSON.stringify({ query: "{ gateway { version } }" });
  const call = async () => {
    const res = await g.handle(new Request("http://gw/graphql", { method: "POST", headers: { "content-type": "application/json", accept: "application/graphql-response+json" }, body }), { caller: { accountId: "a", ip: "1.2.3.4" }, upstreamHeaders: { "x-request-id": "r" } });
    await res.text();
  };
  for (let i = 0; i < 2000; i++) await call();
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) await call();
  const c = process.cpuUsage(c0);
  console.log(lean ? "lean" : "yoga", ((c.user + c.system) / N).toFixed(1), "µs CPU per handle()");
  g.stop();
}
