import { expect, test } from "bun:test";
import { createTestServicePki } from "@nova/auth/testing";
import { NotFoundError, PermissionDeniedError, UnauthenticatedError } from "@nova/errors";
import { getCallContext } from "@nova/rpc";
import { createSubschema, type SubschemaContext } from "../src/index.ts";

const pki = createTestServicePki();
const subschema = createSubschema({
  identity: pki.identity("thing-service"),
  typeDefs: /* GraphQL */ `
    type Thing @key(selectionSet: "{ id }") {
      id: ID!
      owner: String
    }
    type Query {
      thing(id: ID!): Thing
      _things(ids: [ID!]!): [Thing]! @merge(keyField: "id")
      things(first: Int): [Thing!]!
      me: String!
      forwarded: String
      boom: String
    }
  `,
  resolvers: {
    Query: {
      thing: (_: unknown, { id }: { id: string }) => {
        if (id === "missing") throw new NotFoundError("thing", id);
        return { id, owner: "ana" };
      },
      _things: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => ({ id })),
      things: () => [],
      me: async (_: unknown, __: unknown, ctx: SubschemaContext) => {
        const viewer = await ctx.viewer();
        if (!viewer) throw new UnauthenticatedError();
        return viewer.accountId;
      },
      forwarded: () => getCallContext()?.authorization ?? null,
      boom: () => {
        throw new Error("secret internals");
      },
    },
  },
  verifier: {
    verify: async (token: string) => {
      if (token !== "good") throw new UnauthenticatedError("bad token");
      return { accountId: "acct-1" };
    },
  },
});

async function send(q: string, token?: string, caller: string | null = "graphql-gateway") {
  return subschema.handle(
    new Request("http://svc/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(caller ? await pki.headers(caller, "thing-service") : {}),
      },
      body: JSON.stringify({ query: q }),
    }),
  );
}

async function query(q: string, token?: string) {
  return (await send(q, token)).json();
}

test("answers only the gateway's service credential", async () => {
  expect(send("{ _sdl }", "good", null)).rejects.toBeInstanceOf(UnauthenticatedError);
  expect(send("{ _sdl }", "good", "feed-service")).rejects.toBeInstanceOf(PermissionDeniedError);
  const forged = subschema.handle(
    new Request("http://svc/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "x-nova-service-token": "a.b.c" },
      body: JSON.stringify({ query: "{ _sdl }" }),
    }),
  );
  expect(forged).rejects.toBeInstanceOf(UnauthenticatedError);
  expect((await send("{ _sdl }")).status).toBe(200);
});

test("enforces the gateway's operation limits: aliases, depth, directives, tokens, cost", async () => {
  const aliases = Array.from({ length: 999 }, (_, i) => `a${i}: me`).join(" ");
  const many = await query(`{ ${aliases} }`, "good");
  expect(many.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toContain(
    "TOO_MANY_ALIASES",
  );
  expect(many.data).toBeUndefined();
  const directives = Array.from({ length: 60 }, () => "@include(if: true)").join(" ");
  expect((await query(`{ me ${directives} }`, "good")).errors[0].extensions.code).toBe("TOO_MANY_DIRECTIVES");
  const tokens = `{ ${Array.from({ length: 12_000 }, () => "me").join(" ")} }`;
  expect((await query(tokens, "good")).errors[0].extensions.code).toBe("QUERY_TOO_LARGE");
  // 45 aliases of a root field with a list page of 100: 45 × (10 + 100 × 2) > 5,000.
  const costly = Array.from({ length: 45 }, (_, i) => `t${i}: things(first: $n) { id owner }`);
  const cost = await subschema.handle(
    new Request("http://svc/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(await pki.headers("graphql-gateway", "thing-service")),
      },
      body: JSON.stringify({ query: `query($n: Int) { ${costly.join(" ")} }`, variables: { n: 100 } }),
    }),
  );
  const costBody = await cost.json();
  expect(costBody.errors[0].extensions).toMatchObject({ code: "QUERY_TOO_COSTLY", cost: 45 * 210 });
  expect(costBody.data).toBeUndefined();
});

test("serves _sdl with the stitching directives for the gateway", async () => {
  const body = await query("{ _sdl }");
  expect(body.data._sdl).toContain('type Thing @key(selectionSet: "{ id }")');
  expect(body.data._sdl).toContain("directive @merge");
});

test("the viewer comes from a verified bearer token", async () => {
  expect((await query("{ me }", "good")).data.me).toBe("acct-1");
  expect((await query("{ me }")).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  expect((await query("{ me }", "forged")).errors[0].extensions.code).toBe("UNAUTHENTICATED");
});

test("domain errors keep their code; unexpected ones are masked", async () => {
  expect((await query('{ thing(id: "missing") { id } }')).errors[0].extensions.code).toBe("NOT_FOUND");
  const boom = await query("{ boom }");
  expect(boom.errors[0].extensions.code).toBe("INTERNAL");
  expect(JSON.stringify(boom)).not.toContain("secret internals");
});

test("resolvers run in the caller's RPC context, so peers receive the token", async () => {
  expect((await query("{ forwarded }", "good")).data.forwarded).toBe("Bearer good");
});
