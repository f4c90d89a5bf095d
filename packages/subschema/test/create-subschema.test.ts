import { expect, test } from "bun:test";
import { NotFoundError, UnauthenticatedError } from "@nova/errors";
import { getCallContext } from "@nova/rpc";
import { createSubschema, type SubschemaContext } from "../src/index.ts";

const subschema = createSubschema({
  typeDefs: /* GraphQL */ `
    type Thing @key(selectionSet: "{ id }") {
      id: ID!
      owner: String
    }
    type Query {
      thing(id: ID!): Thing
      _things(ids: [ID!]!): [Thing]! @merge(keyField: "id")
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

async function query(q: string, token?: string) {
  const res = await subschema.handle(
    new Request("http://svc/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: q }),
    }),
  );
  return res.json();
}

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
