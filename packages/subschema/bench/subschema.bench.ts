/**
 * `bun run bench subschema`: what createSubschema adds to a read, without a database. One process:
 * a Bun.serve hello, a REST-like route (the same credential check, the same data as JSON), and a
 * subschema served two ways: its lean path for known documents (the default) and yoga for every
 * request (`knownDocumentPath: false`, as before). The client posts the gateway's own call for a
 * user batch (`_users(ids)`, with the gateway's service credential and headers). The paths take
 * turns in slices; per path: CPU µs per call of the whole process and its ratio to hello.
 * Asserts nothing.
 *   bun run packages/subschema/bench/subschema.bench.ts        BENCH_N calls per path (default 20000)
 *   BENCH_ONLY=lean bun run packages/subschema/bench/subschema.bench.ts   hello and the lean path
 */
import { createTestServicePki } from "@nova/auth/testing";
import { createSubschema, requireGatewayCaller } from "../src/index.ts";

const N = Number(process.env.BENCH_N ?? 20_000);
const CLIENTS = 16;
const ROUNDS = 6;

const pki = createTestServicePki();
const identity = pki.identity("user-service");
const user = (id: string) => ({ id, username: `user_${id}`, displayName: `User ${id}` });
const typeDefs = /* GraphQL */ `
  type User @key(selectionSet: "{ id }") {
    id: ID!
    username: String!
    displayName: String
  }
  type Query {
    user(id: ID!): User
    _users(ids: [ID!]!): [User]! @merge(keyField: "id")
  }
`;
const resolvers = {
  Query: {
    user: (_: unknown, { id }: { id: string }) => user(id),
    _users: async (_: unknown, { ids }: { ids: string[] }, ctx: { viewer(): Promise<unknown> }) => {
      await ctx.viewer();
      return ids.map(user);
    },
  },
};
const verifier = { verify: async () => ({ accountId: "acct-1" }) };
const lean = createSubschema({ identity, typeDefs, resolvers, verifier });
const yoga = createSubschema({ identity, typeDefs, resolvers, verifier, knownDocumentPath: false });

const serve = (fetch: (request: Request) => Response | Promise<Response>) =>
  Bun.serve({ hostname: "127.0.0.1", port: 0, fetch });
const servers = {
  hello: serve(() => new Response("hello")),
  rest: serve(async (request) => {
    await requireGatewayCaller(request, identity, ["graphql-gateway"]);
    await verifier.verify();
    const id = new URL(request.url).pathname.split("/").pop() ?? "";
    return Response.json(user(id));
  }),
  lean: serve((request) => lean.handle(request)),
  yoga: serve((request) => yoga.handle(request)),
};
const url = (name: keyof typeof servers, path = "/graphql") =>
  `http://127.0.0.1:${servers[name].port}${path}`;
const headers = {
  "content-type": "application/json",
  accept: "application/graphql-response+json, application/json, multipart/mixed",
  authorization: "Bearer token",
  traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
  ...(await pki.headers("graphql-gateway", "user-service")),
};
const body = JSON.stringify({
  query: "query($ids:[ID!]!){_users(ids:$ids){username displayName}}",
  variables: { ids: ["01a2526a-34ee-741b-863b-7191aa61c875"] },
});
const graphqlCall = (name: "lean" | "yoga") => async () => {
  const res = await fetch(url(name), { method: "POST", headers, body });
  const out = (await res.json()) as { data?: { _users: { username: string }[] } };
  return out.data?._users[0]?.username === "user_01a2526a-34ee-741b-863b-7191aa61c875";
};
const all: { label: string; op: () => Promise<boolean> }[] = [
  { label: "hello", op: async () => (await (await fetch(url("hello", "/"))).text()) === "hello" },
  {
    label: "REST-like GET /users/:id",
    op: async () => {
      const res = await fetch(url("rest", "/users/u1"), { headers });
      return ((await res.json()) as { username: string }).username === "user_u1";
    },
  },
  { label: "subschema /graphql, lean path", op: graphqlCall("lean") },
  { label: "subschema /graphql, yoga only (before)", op: graphqlCall("yoga") },
];

// BENCH_ONLY=word keeps hello and the paths whose label contains it (for a CPU profile).
const only = process.env.BENCH_ONLY;
const paths = only ? all.filter((p, k) => k === 0 || p.label.includes(only)) : all;
for (const path of paths) for (let k = 0; k < 500; k++) await path.op();
const acc = paths.map(() => ({ cpu: 0, failures: 0 }));
const slice = Math.ceil(N / ROUNDS);
for (let round = 0; round < ROUNDS; round++) {
  for (const [k, path] of paths.entries()) {
    const a = acc[k] as (typeof acc)[number];
    let next = 0;
    const cpu0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next++ < slice) if (!(await path.op())) a.failures++;
      }),
    );
    const used = process.cpuUsage(cpu0);
    a.cpu += used.user + used.system;
  }
}
const hello = (acc[0]?.cpu ?? 1) / (slice * ROUNDS);
for (const [k, path] of paths.entries()) {
  const a = acc[k] as (typeof acc)[number];
  const perOp = a.cpu / (slice * ROUNDS);
  console.log(
    `${path.label.padEnd(40)} CPU ${perOp.toFixed(0).padStart(5)} µs/op  ×${(perOp / hello).toFixed(2).padStart(5)} hello` +
      `${a.failures ? `  ${a.failures} FAILED` : ""}`,
  );
}
for (const server of Object.values(servers)) server.stop(true);
process.exit(0);
