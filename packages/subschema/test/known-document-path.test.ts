import { expect, test } from "bun:test";
import { createTestServicePki } from "@nova/auth/testing";
import { NotFoundError, UnauthenticatedError } from "@nova/errors";
import { createSchema } from "graphql-yoga";
import { createSubschema, type SubschemaContext } from "../src/index.ts";
import { createKnownDocumentPath, regularMediaType } from "../src/known-document-path.ts";
import { maskError } from "../src/mask-error.ts";
import { createOperationGuard } from "../src/use-operation-safety.ts";

const pki = createTestServicePki();
const typeDefs = /* GraphQL */ `
  type Thing @key(selectionSet: "{ id }") {
    id: ID!
    owner: String!
  }
  type Query {
    thing(id: ID!): Thing
    _things(ids: [ID!]!): [Thing]! @merge(keyField: "id")
    things(first: Int): [Thing!]!
    me: String!
    echo(text: String): String
    boom: String
  }
  type Mutation {
    touch(id: ID!): Thing
  }
`;
const calls: string[] = [];
const resolvers = {
  Query: {
    thing: (_: unknown, { id }: { id: string }) => {
      calls.push(`thing:${id}`);
      if (id === "missing") throw new NotFoundError("thing", id);
      return { id, owner: id === "ownerless" ? null : "ana" };
    },
    _things: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => ({ id, owner: "ana" })),
    things: () => [],
    me: async (_: unknown, __: unknown, ctx: SubschemaContext) => {
      const viewer = await ctx.viewer();
      if (!viewer) throw new UnauthenticatedError();
      return viewer.accountId;
    },
    echo: (_: unknown, { text }: { text?: string }) => text ?? null,
    boom: () => {
      throw new Error("secret internals");
    },
  },
  Mutation: {
    touch: (_: unknown, { id }: { id: string }) => {
      calls.push(`touch:${id}`);
      return { id, owner: "ana" };
    },
  },
};
const verifier = {
  verify: async (token: string) => {
    if (token !== "good") throw new UnauthenticatedError("bad token");
    return { accountId: "acct-1" };
  },
};
const identity = pki.identity("thing-service");
const lean = createSubschema({ identity, typeDefs, resolvers, verifier });
const yogaOnly = createSubschema({ identity, typeDefs, resolvers, verifier, knownDocumentPath: false });

async function request(body: string, headers: Record<string, string> = {}): Promise<Request> {
  return new Request("http://svc/graphql", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: "Bearer good",
      ...(await pki.headers("graphql-gateway", "thing-service")),
      ...headers,
    },
    body,
  });
}

async function snapshot(res: Response) {
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

const GATEWAY_ACCEPT = "application/graphql-response+json, application/json, multipart/mixed";
const json = JSON.stringify;
const CASES: [string, string, Record<string, string>?][] = [
  [
    "the gateway's batched call",
    json({
      query: "query($ids:[ID!]!){_things(ids:$ids){__typename id owner}}",
      variables: { ids: ["1", "2"] },
    }),
  ],
  ["a named operation among two", json({ query: "query A { me } query B { boom }", operationName: "A" })],
  ["a mutation", json({ query: "mutation($id:ID!){touch(id:$id){id}}", variables: { id: "7" } })],
  ["a domain error keeps its code", json({ query: '{ thing(id: "missing") { id } }' })],
  ["an unexpected error is masked", json({ query: "{ boom }" })],
  ["a null in a non-null field", json({ query: '{ thing(id: "ownerless") { id owner } }' })],
  ["the viewer refused", json({ query: "{ me }" }), { authorization: "Bearer forged" }],
  [
    "a variable of the wrong type",
    json({ query: "query($ids:[ID!]!){_things(ids:$ids){id}}", variables: { ids: [{}] } }),
  ],
  ["a missing variable", json({ query: "query($ids:[ID!]!){_things(ids:$ids){id}}" })],
  ["an unknown operation name", json({ query: "query A { me }", operationName: "Z" })],
  ["two operations, no name", json({ query: "query A { me } query B { me }" })],
  ["a syntax error", json({ query: "{ me " })],
  ["a validation error", json({ query: "{ nope }" })],
  ["too many aliases", json({ query: `{ ${Array.from({ length: 60 }, (_, i) => `a${i}: me`).join(" ")} }` })],
  [
    "too costly",
    json({
      query: `query($n: Int) { ${Array.from({ length: 45 }, (_, i) => `t${i}: things(first: $n) { id owner }`).join(" ")} }`,
      variables: { n: 100 },
    }),
  ],
  [
    "a control character in a variable",
    json({ query: "query($t: String) { echo(text: $t) }", variables: { t: "a\u0000" } }),
  ],
  ["an escaped control character in a literal", json({ query: '{ echo(text: "a\\u0000b") }' })],
  ["an unexpected parameter", json({ query: "{ me }", other: 1 })],
  ["variables that are not an object", json({ query: "{ me }", variables: [1] })],
  ["a batch", json([{ query: "{ me }" }])],
  ["a body that is not JSON", "{ me }"],
  ["extensions given", json({ query: "{ me }", extensions: { trace: true } })],
  ["accept: application/json", json({ query: "{ boom }" }), { accept: "application/json" }],
  ["accept: */*", json({ query: "{ me }" }), { accept: "*/*" }],
  ["accept: only event streams", json({ query: "{ me }" }), { accept: "text/event-stream" }],
  [
    "accept: latin-1 json only",
    json({ query: "{ me }" }),
    { accept: "application/json; charset=iso-8859-1" },
  ],
];

for (const [name, body, headers] of CASES)
  test(`answers as yoga does: ${name}`, async () => {
    const h = { accept: GATEWAY_ACCEPT, ...headers };
    const before = calls.length;
    const viaYoga = await snapshot(await yogaOnly.handle(await request(body, h)));
    const sideEffects = calls.slice(before);
    const viaLean = await snapshot(await lean.handle(await request(body, h)));
    expect(viaLean).toEqual(viaYoga);
    // The same resolvers ran once per request: a request handed to yoga is not executed twice.
    expect(calls.slice(before + sideEffects.length)).toEqual(sideEffects);
    expect(viaLean.body).not.toContain("secret internals");
  });

const schema = createSchema({ typeDefs: typeDefs.replace(/@(key|merge)\([^)]*\)/g, ""), resolvers });
const guard = createOperationGuard({ limits: { maxAliases: 2 } });
const path = createKnownDocumentPath({ schema, guard, maskError, maxDocuments: 2 });
const ctx = () => ({});
const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("http://svc/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });

test("serves plainly valid requests itself; hands everything else to yoga with its body", async () => {
  expect(await path(post(json({ query: '{ echo(text: "x") }' })), ctx)).toBeInstanceOf(Response);
  const refused = [
    json({ query: "{ a: me b: me c: me }" }),
    json({ query: "{ nope }" }),
    json({ query: "subscription { me }" }),
    json({ query: "query($t: String) { echo(text: $t) }", variables: { t: "\u0007" } }),
    "not json",
  ];
  for (const body of refused) {
    const handed = await path(post(body), ctx);
    expect(handed).toBeInstanceOf(Request);
    expect(await (handed as Request).text()).toBe(body); // the body re-attached for yoga
  }
  const get = new Request("http://svc/graphql?query=%7Bme%7D");
  expect(await path(get, ctx)).toBe(get);
  const big = post(json({ query: "{ me }" }), { "content-length": String(1024 * 1024) });
  expect(await path(big, ctx)).toBe(big);
});

test("remembers a bounded number of documents; a forgotten one is learned again", async () => {
  const tight = createKnownDocumentPath({ schema, guard, maskError, maxDocumentChars: 40 });
  for (const serve of [path, tight])
    for (const text of ["a", "b", "c", "a", "b", "c", "x".repeat(100)]) {
      const res = await serve(post(json({ query: `{ echo(text: "${text}") }` })), ctx);
      expect(await (res as Response).json()).toEqual({ data: { echo: text } });
    }
});

test("picks the media type yoga would for a single result", () => {
  expect(regularMediaType(GATEWAY_ACCEPT)).toBe("application/graphql-response+json");
  expect(regularMediaType(null)).toBe("application/json");
  expect(regularMediaType("application/json")).toBe("application/json");
  expect(regularMediaType("text/event-stream")).toBeUndefined();
  expect(regularMediaType("multipart/mixed")).toBeUndefined();
});
