import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createCacheStore } from "@nova/cache";
import { createCostBudget, createGatewayYoga, type GatewayYoga, sha256Hex } from "../src/graphql/index.ts";
import { startAccountsSubschema } from "./support/accounts-subschema.ts";
import { type GraphQLResponseBody, memoryLog } from "./support/gateway-client.ts";

const accounts = startAccountsSubschema();
const store = await createCacheStore({});
let clock = Date.UTC(2026, 0, 1, 12, 0, 10);
const budget = createCostBudget({
  store,
  limits: { perAccountPerMinute: 200, perIpPerMinute: 100 },
  now: () => clock,
});
const upstreams = [{ name: "accounts", url: accounts.url }];
const dev = createGatewayYoga({ upstreams, version: "t", log: memoryLog(), graphiql: true, budget });
const prodManifest = { operations: { [sha256Hex("query Me { me { id } }")]: "query Me { me { id } }" } };
const prod = createGatewayYoga({
  upstreams,
  version: "t",
  log: memoryLog(),
  graphiql: false,
  production: true,
  persisted: { mode: "allow-list", manifest: prodManifest },
});
const apq = createGatewayYoga({
  upstreams,
  version: "t",
  log: memoryLog(),
  graphiql: false,
  persisted: { mode: "apq" },
});

beforeAll(async () => {
  await Promise.all([dev.refresh(), prod.refresh(), apq.refresh()]);
});
afterAll(async () => {
  for (const g of [dev, prod, apq]) g.stop();
  await accounts.stop();
  await store.close();
});

async function send(
  gateway: GatewayYoga,
  body: Record<string, unknown>,
  caller: Record<string, unknown> = { ip: "203.0.113.7" },
  headers: Record<string, string> = {},
) {
  const res = await gateway.handle(
    new Request("http://gateway.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: JSON.stringify(body),
    }),
    { caller },
  );
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponseBody };
}
const codes = (body: GraphQLResponseBody) => (body.errors ?? []).map((e) => e.extensions?.code);

describe("operation safety at the gateway", () => {
  test("999 aliases of one field are refused before any upstream call", async () => {
    const before = accounts.delegatedCalls().length;
    const aliases = Array.from({ length: 999 }, (_, i) => `a${i}: me { id }`).join(" ");
    const { body } = await send(dev, { query: `{ ${aliases} }` }, { ip: "198.51.100.1" });
    expect(codes(body)).toContain("TOO_MANY_ALIASES");
    expect(body.data).toBeUndefined();
    expect(accounts.delegatedCalls().length).toBe(before);
  });

  test("aliases hidden in fragments are counted where spread; cost counts them too", async () => {
    const fields = Array.from({ length: 30 }, (_, i) => `m${i}: me { id }`).join(" ");
    const query = `{ ...A ...B } fragment A on Query { ${fields} } fragment B on Query { ...A }`;
    const { body } = await send(dev, { query }, { ip: "198.51.100.2" });
    expect(codes(body)).toContain("TOO_MANY_ALIASES"); // 60 aliases in two spreads of A
  });

  test("a list page multiplies the cost; over the per-request cost the request is refused, nothing delegated", async () => {
    const before = accounts.delegatedCalls().length;
    const ids = JSON.stringify(["u1"]);
    const fields = Array.from({ length: 40 }, (_, i) => `u${i}: users(ids: ${ids}) { id username }`).join(
      " ",
    );
    const ok = await send(dev, { query: `{ ${fields} }` }, { service: "internal-tool" }); // not budgeted
    expect(ok.body.errors).toBeUndefined(); // 40 × (10 + 2) = 480 ≤ 5,000
    const huge = Array.from({ length: 45 }, (_, i) => `u${i}: users(ids: ${ids}) { id username }`).join(" ");
    const limited = createGatewayYoga({
      upstreams,
      version: "t",
      log: memoryLog(),
      graphiql: false,
      limits: { maxCost: 500 },
    });
    await limited.refresh();
    const refused = await send(limited, { query: `{ ${huge} }` }, { ip: "198.51.100.4" });
    limited.stop();
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: "QUERY_TOO_COSTLY",
      cost: 540,
      maxCost: 500,
    });
    expect(accounts.delegatedCalls().length).toBe(before + 1); // the first (allowed) query only
  });

  test("the per-IP budget per minute: RATE_LIMITED with a 429 and Retry-After, then a new minute", async () => {
    const ip = { ip: "192.0.2.50" };
    const q = { query: "{ me { id } a: me { id } }" }; // cost 2 × (10 + 1) = 22
    for (let i = 0; i < 4; i++) expect((await send(dev, q, ip)).body.errors).toBeUndefined(); // 88
    const refused = await send(dev, q, ip); // 110 > 100
    expect(refused.status).toBe(429);
    expect(codes(refused.body)).toEqual(["RATE_LIMITED"]);
    expect(refused.headers.get("retry-after")).toBe("50");
    // Another caller is not affected; an account has its own, larger budget.
    expect((await send(dev, q, { ip: "192.0.2.51" })).status).toBe(200);
    expect((await send(dev, q, { ip: "192.0.2.50", accountId: "acct-9" })).status).toBe(200);
    clock += 60_000;
    expect((await send(dev, q, ip)).status).toBe(200);
  });
});

describe("persisted operations", () => {
  const query = "query Me { me { id } }";
  const hash = sha256Hex(query);

  test("APQ: a hash alone is PERSISTED_QUERY_NOT_FOUND, then works after one registration", async () => {
    const ext = { persistedQuery: { version: 1, sha256Hash: hash } };
    const first = await send(apq, { extensions: ext }, {}, { authorization: "Bearer u1" });
    expect(codes(first.body)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    const register = await send(apq, { query, extensions: ext }, {}, { authorization: "Bearer u1" });
    expect(register.body.data).toEqual({ me: { id: "u1" } });
    const again = await send(apq, { extensions: ext }, {}, { authorization: "Bearer u1" });
    expect(again.body.data).toEqual({ me: { id: "u1" } });
  });

  test("APQ: a text that does not match its hash is refused", async () => {
    const ext = { persistedQuery: { version: 1, sha256Hash: hash } };
    const res = await send(apq, { query: "{ me { username } }", extensions: ext });
    expect(res.status).toBe(400);
    expect(codes(res.body)).toEqual(["PERSISTED_QUERY_HASH_MISMATCH"]);
  });

  test("allow-list: a registered hash runs; an unknown hash or an unregistered text is refused", async () => {
    const ok = await send(
      prod,
      { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } },
      {},
      {
        authorization: "Bearer u2",
      },
    );
    expect(ok.body.data).toEqual({ me: { id: "u2" } });
    const byText = await send(prod, { query }, {}, { authorization: "Bearer u2" });
    expect(byText.body.data).toEqual({ me: { id: "u2" } });
    const unknown = await send(prod, {
      extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } },
    });
    expect(codes(unknown.body)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    const ad = await send(prod, { query: "{ gateway { version } }" });
    expect(ad.status).toBe(400);
    expect(codes(ad.body)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
  });
});

describe("production mode", () => {
  const introspect = "query I { __schema { queryType { name } } }";
  const subschemas = "query S { gateway { subschemas { name status url } } }";
  const prodOpen = createGatewayYoga({
    upstreams,
    version: "t",
    log: memoryLog(),
    graphiql: false,
    production: true,
  });
  beforeAll(() => prodOpen.refresh());
  afterAll(() => prodOpen.stop());

  test("anonymous introspection is refused; a signed-in caller may introspect", async () => {
    expect(codes((await send(prodOpen, { query: introspect }, {})).body)).toEqual(["INTROSPECTION_DISABLED"]);
    const signedIn = await send(prodOpen, { query: introspect }, { accountId: "u1" });
    expect(signedIn.body.data).toEqual({ __schema: { queryType: { name: "Query" } } });
    // Development keeps introspection open (GraphiQL needs it).
    expect((await send(dev, { query: introspect }, {})).body.errors).toBeUndefined();
  });

  test("no upstream URL in any answer: the field does not exist in production", async () => {
    const res = await send(prodOpen, { query: subschemas }, { accountId: "u1" });
    expect(codes(res.body)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    const noUrl = await send(prodOpen, { query: "{ gateway { subschemas { name status } } }" });
    expect(JSON.stringify(noUrl.body)).not.toContain("127.0.0.1");
    expect(JSON.stringify(noUrl.body)).toContain("accounts");
  });

  test("GraphiQL is not served when disabled", async () => {
    const res = await prodOpen.handle(
      new Request("http://gateway.test/graphql", { headers: { accept: "text/html" } }),
    );
    expect(res.headers.get("content-type") ?? "").not.toContain("text/html");
  });

  test("an internal error is masked with an errorId; the log has the details under it", async () => {
    const log = memoryLog();
    const flakyUpstream = [{ name: "down", url: "http://127.0.0.1:9/graphql" }];
    const g = createGatewayYoga({
      upstreams: [...upstreams, ...flakyUpstream],
      version: "t",
      log,
      graphiql: false,
    });
    await g.refresh();
    g.stop();
    const error = new Error("connect ECONNREFUSED http://10.0.0.7:8010/graphql");
    const { createGatewayErrorMasker } = await import("../src/graphql/mask-gateway-error.ts");
    const masked = createGatewayErrorMasker(log)(error, "Unexpected error.") as Error & {
      extensions: { code: string; errorId: string };
    };
    expect(masked.message).toBe("Unexpected error.");
    expect(masked.extensions.code).toBe("INTERNAL");
    expect(log.lines.find((l) => l.fields?.errorId === masked.extensions.errorId)?.fields?.error).toBe(error);
  });
});
