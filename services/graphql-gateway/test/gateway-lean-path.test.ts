import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createCacheStore } from "@nova/cache";
import { measureOperations } from "@nova/subschema";
import { parse } from "graphql";
import {
  createCostBudget,
  createGatewayYoga,
  type GatewayYoga,
  type GatewayYogaOptions,
  type PersistedOperationsMode,
  sha256Hex,
} from "../src/graphql/index.ts";
import { startAccountsSubschema } from "./support/accounts-subschema.ts";
import { memoryLog } from "./support/gateway-client.ts";
import { startPostsSubschema } from "./support/posts-subschema.ts";
import { startSubschemaServer } from "./support/start-subschema-server.ts";

// The gateway's lean path (known documents, known-document-path.ts) against yoga alone: the same
// requests, in the same order, to two gateways that differ only in `knownDocumentPath`, each with
// its own budget store and persisted-operation memory; every answer (status, headers, body) and
// every upstream call must be the same, and the lean gateway must have answered most of them itself.

const staffTypeDefs = /* GraphQL */ `
  type Query {
    moderationQueue: [String!]!
    "Fails with a plain error: the client must see it masked, with an errorId."
    boom: String
  }
  type Mutation {
    touch(id: ID!): String!
  }
`;
const staffResolvers = {
  Query: {
    moderationQueue: () => ["case-1"],
    boom: () => {
      throw new Error("db password is hunter2");
    },
  },
  Mutation: { touch: (_: unknown, { id }: { id: string }) => `touched ${id}` },
};

const accounts = startAccountsSubschema();
const posts = startPostsSubschema();
const staff = startSubschemaServer(staffTypeDefs, staffResolvers);
const servers = [accounts, posts, staff];
const upstreams = [
  { name: "accounts", url: accounts.url },
  { name: "posts", url: posts.url },
  { name: "trust-safety", url: staff.url },
];
const store = await createCacheStore({});
const clock = () => Date.UTC(2026, 0, 1, 12, 0, 10);

const POSTS = "{ posts { id body author { username } } }";
const ME = "query Me { me { id username posts { id } } }";
const USERS = "query Users($ids: [ID!]!) { users(ids: $ids) { username } }";
const TOUCH = 'mutation { touch(id: "p1") }';
const QUEUE = "{ moderationQueue }";
const BOOM = "{ boom }";
// Three subschemas at the root: three upstream calls at once, more than the slots allow.
const WIDE = "{ posts { id } me { id } moderationQueue }";
const INTROSPECT = "{ __schema { queryType { name } } }";
const SPEND = `{ ${Array.from({ length: 10 }, (_, i) => `p${i}: posts { id author { username } }`).join(" ")} }`;
const MANIFEST = {
  operations: Object.fromEntries(
    [POSTS, ME, USERS, TOUCH, QUEUE, BOOM, INTROSPECT, SPEND, WIDE].map((q) => [sha256Hex(q), q]),
  ),
};
// Three SPENDs fit an account's minute, the fourth does not (a member's whole sequence costs less).
const spendCost = [...measureOperations(parse(SPEND), null).values()][0]?.cost ?? 0;
const BOMB_BODY = { query: BOOM };
const perAccountPerMinute = 3 * spendCost + 1;

interface Step {
  name: string;
  body: unknown;
  headers?: Record<string, string>;
  caller?: { accountId?: string; service?: string; ip?: string; roles?: string[] };
}

const persisted = (query: string, withText: boolean) => ({
  ...(withText ? { query } : {}),
  extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } },
});
const member = { accountId: "u1", ip: "10.0.0.1" };
const anonymous = { ip: "10.0.0.9" };
const spender = { accountId: "spender", ip: "10.0.0.2" };

// Shared by both modes: good, bad, masked, staff with and without the role, variables, forwarded headers.
const common: Step[] = [
  { name: "a query", body: { query: POSTS }, caller: anonymous },
  { name: "the same query again", body: { query: POSTS }, caller: anonymous },
  {
    name: "forwarded authorization",
    body: { query: ME },
    headers: { authorization: "Bearer u1" },
    caller: member,
  },
  { name: "variables", body: { query: USERS, variables: { ids: ["u2", "u3"] } }, caller: member },
  { name: "variables of the wrong type", body: { query: USERS, variables: { ids: 7 } }, caller: member },
  { name: "missing variables", body: { query: USERS }, caller: member },
  { name: "a mutation", body: { query: TOUCH }, caller: member },
  {
    name: "upstream calls bounded per request",
    body: { query: WIDE },
    caller: { ...member, roles: ["moderator"] },
  },
  { name: "a masked error", body: BOMB_BODY, caller: member },
  { name: "a staff field without the role", body: { query: QUEUE }, caller: member },
  {
    name: "a staff field with the role",
    body: { query: QUEUE },
    caller: { ...member, roles: ["moderator"] },
  },
  { name: "introspection, anonymous", body: { query: INTROSPECT }, caller: anonymous },
  { name: "introspection, signed in", body: { query: INTROSPECT }, caller: member },
  { name: "introspection, a service", body: { query: INTROSPECT }, caller: { service: "tooling" } },
  { name: "an unknown operation name", body: { query: POSTS, operationName: "Nope" }, caller: member },
  {
    name: "a control character in a variable",
    body: { query: USERS, variables: { ids: ["u\u0007"] } },
    caller: member,
  },
  {
    name: "plain JSON accepted",
    body: { query: BOOM },
    headers: { accept: "application/json" },
    caller: member,
  },
  { name: "a batched array", body: [{ query: POSTS }, { query: POSTS }], caller: member },
  { name: "a subscription over plain POST", body: { query: "subscription { gateway }" }, caller: member },
  ...[1, 2, 3].map((n) => ({ name: `spending ${n}`, body: { query: SPEND }, caller: spender })),
  { name: "over the per-minute budget", body: { query: SPEND }, caller: spender },
  { name: "over the per-minute budget, again", body: { query: POSTS }, caller: spender },
  { name: "a service is not budgeted", body: { query: POSTS }, caller: { service: "tooling" } },
];

/** Outcomes (`step: status`, " lean" when the lean path answered) each mode's sequence must show. */
const covered = [
  "a mutation: 200 lean",
  "upstream calls bounded per request: 200 lean (2 at once)",
  "a masked error: 200 lean",
  "a staff field without the role: 400",
  "a staff field with the role: 200 lean",
  "spending 3: 200 lean",
  "over the per-minute budget: 429 lean",
  "over the per-minute budget, again: 429 lean",
  "a service is not budgeted: 200 lean",
  "a control character in a variable: 400",
  "a batched array: 400",
];

const modes: Array<{
  name: string;
  options: Partial<GatewayYogaOptions>;
  steps: Step[];
  covers: string[];
}> = [
  {
    name: "development (APQ)",
    options: { persisted: { mode: "apq" } satisfies PersistedOperationsMode },
    steps: [
      ...common,
      { name: "an invalid document", body: { query: "{ nope }" }, caller: member },
      { name: "a syntax error", body: { query: "{ posts {" }, caller: member },
      { name: "an unknown hash", body: persisted(POSTS, false), caller: member },
      { name: "hash and text", body: persisted(POSTS, true), caller: member },
      { name: "the hash alone, now known", body: persisted(POSTS, false), caller: member },
      { name: "hash and another text", body: { ...persisted(POSTS, false), query: ME }, caller: member },
      {
        name: "a bad persistedQuery",
        body: { query: POSTS, extensions: { persistedQuery: { version: 2 } } },
        caller: member,
      },
    ],
    covers: [
      "introspection, anonymous: 200 lean",
      "an unknown hash: 200",
      "hash and text: 200 lean",
      "the hash alone, now known: 200 lean",
    ],
  },
  {
    name: "production (allow-list)",
    options: { production: true, persisted: { mode: "allow-list", manifest: MANIFEST } },
    steps: [
      ...common,
      {
        name: "a registered hash",
        body: persisted(ME, false),
        headers: { authorization: "Bearer u1" },
        caller: member,
      },
      { name: "a registered hash with its text", body: persisted(USERS, true), caller: member },
      { name: "an unregistered text", body: { query: "{ posts { id } }" }, caller: member },
      { name: "an unregistered hash", body: persisted("{ posts { id } }", false), caller: member },
      {
        name: "a registered hash with another text",
        body: { ...persisted(POSTS, false), query: ME },
        caller: member,
      },
      { name: "introspection by hash, anonymous", body: persisted(INTROSPECT, false), caller: anonymous },
      {
        name: "a registered hash with a text holding a control character",
        body: { ...persisted(POSTS, false), query: "{ posts { id } }\u0007" },
        caller: member,
      },
    ],
    covers: [
      "introspection, anonymous: 400",
      "introspection, signed in: 200 lean",
      "introspection, a service: 200 lean",
      "a registered hash: 200 lean",
      "an unregistered text: 400",
      "an unregistered hash: 200",
      "introspection by hash, anonymous: 400",
      "a registered hash with a text holding a control character: 400",
    ],
  },
];

/** The parts of an answer a client sees; an errorId is random per error, so only its shape is kept. */
async function snapshot(response: Response) {
  const body = (await response.text()).replace(/"errorId":"[0-9a-f-]{36}"/g, '"errorId":"<uuid>"');
  return { status: response.status, headers: Object.fromEntries(response.headers), body };
}

/** The upstream fetch of one gateway, counting the calls in flight (the request slots bound them). */
function countingFetch() {
  const counts = { inFlight: 0, most: 0 };
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit) => {
    counts.most = Math.max(counts.most, ++counts.inFlight);
    try {
      return await fetch(input, init);
    } finally {
      counts.inFlight--;
    }
  };
  return { counts, fetchImpl };
}

type TestGateway = GatewayYoga & { upstreamCounts: { most: number } };

function gatewayFor(mode: (typeof modes)[number], knownDocumentPath: boolean): TestGateway {
  const { counts, fetchImpl } = countingFetch();
  const budget = createCostBudget({
    store,
    // A fresh namespace per gateway: each spends its own budget in the same order.
    prefix: `lean-${mode.name}-${knownDocumentPath}:`,
    limits: { perAccountPerMinute, perIpPerMinute: 100_000 },
    now: clock,
  });
  const gateway = createGatewayYoga({
    upstreams,
    version: "t",
    log: memoryLog(),
    graphiql: false,
    budget,
    knownDocumentPath,
    fetchImpl,
    maxUpstreamConcurrency: 2,
    ...mode.options,
  });
  return Object.assign(gateway, { upstreamCounts: counts });
}

async function send(gateway: TestGateway, step: Step) {
  const calls = servers.map((s) => s.delegatedCalls().length);
  gateway.upstreamCounts.most = 0;
  const { roles, ...caller } = step.caller ?? {};
  // A verified token's roles are all the staff filter reads of it.
  const serverContext: Record<string, unknown> = {
    upstreamHeaders: { "x-request-id": `req-${step.name}` },
    caller: { ...caller, ...(roles ? { auth: { accountId: caller.accountId, roles } } : {}) },
  };
  const response = await gateway.handle(
    new Request("http://gateway.test/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/graphql-response+json",
        ...step.headers,
      },
      body: JSON.stringify(step.body),
    }),
    serverContext,
  );
  const upstream = servers.flatMap((s, i) =>
    s
      .delegatedCalls()
      .slice(calls[i])
      .map(({ headers, ...call }) => ({
        ...call,
        headers: Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "content-length")),
      })),
  );
  return { ...(await snapshot(response)), upstream, mostUpstreamInFlight: gateway.upstreamCounts.most };
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await store.close();
});

for (const mode of modes)
  describe(`the gateway's lean path answers as yoga alone: ${mode.name}`, () => {
    const lean = gatewayFor(mode, true);
    const yoga = gatewayFor(mode, false);
    beforeAll(async () => {
      await Promise.all([lean.refresh(), yoga.refresh()]);
    });
    afterAll(() => {
      lean.stop();
      yoga.stop();
    });

    test("every request: the same status, headers, body and upstream calls", async () => {
      const outcomes: string[] = [];
      for (const step of mode.steps) {
        const viaYoga = await send(yoga, step);
        const before = lean.answered().lean;
        const viaLean = await send(lean, step);
        expect({ step: step.name, ...viaLean }).toEqual({ step: step.name, ...viaYoga });
        if (step.body === BOMB_BODY) expect(viaLean.body).toContain('"code":"INTERNAL","errorId":"<uuid>"');
        const most = viaYoga.mostUpstreamInFlight > 1 ? ` (${viaYoga.mostUpstreamInFlight} at once)` : "";
        outcomes.push(
          `${step.name}: ${viaYoga.status}${lean.answered().lean > before ? " lean" : ""}${most}`,
        );
      }
      expect(yoga.answered()).toEqual({ lean: 0, yoga: mode.steps.length });
      // The sequence covered what it claims: refusals of each kind, and the lean path served.
      for (const outcome of [...covered, ...mode.covers]) expect(outcomes).toContain(outcome);
      expect(lean.answered().lean).toBeGreaterThanOrEqual(mode.steps.length / 2);
    });
  });
