import { beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { createSchema, createYoga } from "graphql-yoga";
import { createGatewayYoga, type GatewayYoga } from "../src/graphql/index.ts";
import { startAccountsSubschema } from "./support/accounts-subschema.ts";
import { dataField, memoryLog, postGraphQL } from "./support/gateway-client.ts";
import { postsResolvers, postsTypeDefsV2, startPostsSubschema } from "./support/posts-subschema.ts";
import { startSubschemaServer, unusedUrl } from "./support/start-subschema-server.ts";
import { useStitchedGateway } from "./support/stitched-gateway.ts";

describe("graphql gateway stitching two subschemas", () => {
  const stitched = useStitchedGateway({ version: "1.2.3", graphiql: true });
  const { accounts, posts } = stitched;
  let gateway: GatewayYoga;

  beforeAll(() => {
    gateway = stitched.gateway;
  });

  beforeEach(() => {
    accounts.calls.length = 0;
    accounts.userBatches.length = 0;
    posts.calls.length = 0;
    posts.userBatches.length = 0;
  });

  test("a query spanning both services resolves through type merging", async () => {
    const { status, body } = await postGraphQL(
      gateway,
      "{ me { username posts { body author { username } } } }",
      { authorization: "Bearer u1" },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      me: {
        username: "alice",
        posts: [
          { body: "hello", author: { username: "alice" } },
          { body: "fourth", author: { username: "alice" } },
        ],
      },
    });
  });

  test("forwards authorization, x-request-id and traceparent to the upstreams", async () => {
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    await postGraphQL(gateway, "{ me { username posts { body } } }", {
      authorization: "Bearer u2",
      "x-request-id": "req-42",
      traceparent,
      cookie: "session=must-not-leak",
    });
    const delegated = [...accounts.delegatedCalls(), ...posts.delegatedCalls()];
    expect(delegated.length).toBeGreaterThanOrEqual(2);
    for (const call of delegated) {
      expect(call.headers.authorization).toBe("Bearer u2");
      expect(call.headers["x-request-id"]).toBe("req-42");
      expect(call.headers.traceparent).toBe(traceparent);
      expect(call.headers.cookie).toBeUndefined();
    }
  });

  test("forwards user-agent; the client's own x-forwarded-for is dropped, the edge's client IP is the one hop", async () => {
    await postGraphQL(
      gateway,
      "{ posts { id } }",
      { "user-agent": "NovaApp/1.0 (iOS)", "x-forwarded-for": "6.6.6.6" },
      { upstreamHeaders: { "x-forwarded-for": "203.0.113.9" } },
    );
    const [call] = posts.delegatedCalls();
    expect(call?.headers["user-agent"]).toBe("NovaApp/1.0 (iOS)");
    expect(call?.headers["x-forwarded-for"]).toBe("203.0.113.9");
    await postGraphQL(gateway, "{ posts { id } }", { "x-forwarded-for": "6.6.6.6" });
    expect(posts.delegatedCalls().at(-1)?.headers["x-forwarded-for"]).toBeUndefined();
  });

  test("adds the edge's `upstreamHeaders` (e.g. a generated request id) to upstream calls", async () => {
    await postGraphQL(
      gateway,
      "{ posts { id } }",
      {},
      { upstreamHeaders: { "x-request-id": "generated-7" } },
    );
    const [call] = posts.delegatedCalls();
    expect(call?.headers["x-request-id"]).toBe("generated-7");
  });

  test("the authors of a list of posts are fetched in one batched merge call", async () => {
    const { body } = await postGraphQL(gateway, "{ posts { id author { username } } }");
    expect(body.errors).toBeUndefined();
    const list = dataField<Array<{ id: string; author: { username: string } }>>(body, "posts");
    expect(list.map((p) => p.author.username)).toEqual(["alice", "bob", "carol", "alice", "bob"]);
    expect(accounts.userBatches).toHaveLength(1);
    expect([...(accounts.userBatches[0] ?? [])].sort()).toEqual(["u1", "u2", "u3"]);
    expect(accounts.delegatedCalls()).toHaveLength(1);
  });

  test("the posts of many users come from one `_users(keys)` call", async () => {
    const { body } = await postGraphQL(
      gateway,
      '{ users(ids: ["u1", "u2", "u3"]) { username posts { id } } }',
    );
    expect(body.errors).toBeUndefined();
    const users = dataField<Array<{ username: string; posts: Array<{ id: string }> }>>(body, "users");
    expect(users.map((u) => u.posts.map((p) => p.id))).toEqual([["p1", "p4"], ["p2", "p5"], ["p3"]]);
    expect(posts.userBatches).toEqual([["u1", "u2", "u3"]]);
  });

  test("introspection lists the types of both services and of the gateway", async () => {
    const { body } = await postGraphQL(gateway, "{ __schema { types { name } } }");
    const names = dataField<{ types: Array<{ name: string }> }>(body, "__schema").types.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["User", "Post", "GatewayInfo", "SubschemaStatus"]));
  });

  test("private root fields (`_sdl`, merge resolvers) are not public", async () => {
    const { body } = await postGraphQL(gateway, '{ __type(name: "Query") { fields { name } } }');
    const fields = dataField<{ fields: Array<{ name: string }> }>(body, "__type").fields.map((f) => f.name);
    expect(fields.sort()).toEqual(["adminNote", "gateway", "me", "posts", "users"]);
  });

  test("reports every subschema as stitched", async () => {
    const { body } = await postGraphQL(
      gateway,
      "{ gateway { version subschemas { name status reason typeCount } } }",
    );
    const info = dataField<{ version: string; subschemas: Array<Record<string, unknown>> }>(body, "gateway");
    expect(info.version).toBe("1.2.3");
    expect(info.subschemas.map((s) => [s.name, s.status, s.reason])).toEqual([
      ["accounts", "stitched", null],
      ["posts", "stitched", null],
    ]);
    for (const s of info.subschemas) expect(s.typeCount).toBeGreaterThan(2);
  });

  test("rejects a query nested deeper than 12 with QUERY_TOO_DEEP, before calling upstreams", async () => {
    let selection = "id";
    for (let i = 0; i < 7; i++) selection = `posts { author { ${selection} } }`;
    const { body } = await postGraphQL(gateway, `{ users(ids: ["u1"]) { ${selection} } }`);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_DEEP");
    expect(accounts.delegatedCalls()).toHaveLength(0);
    expect(posts.delegatedCalls()).toHaveLength(0);
  });

  test("accepts a query at the depth limit", async () => {
    // users(1) posts(2) author(3) … 5 × (posts, author) = depth 11, + id = 12.
    let selection = "id";
    for (let i = 0; i < 5; i++) selection = `posts { author { ${selection} } }`;
    const { body } = await postGraphQL(gateway, `{ users(ids: ["u3"]) { ${selection} } }`);
    expect(body.errors).toBeUndefined();
  });

  test("rejects a query selecting too many fields with QUERY_TOO_COMPLEX", async () => {
    // 501 aliases × 2 fields = 1,002 fields, over the default cap of 1,000, at depth 2 only.
    const aliases = Array.from({ length: 501 }, (_, i) => `g${i}: gateway { version }`).join(" ");
    const { body } = await postGraphQL(gateway, `{ ${aliases} }`);
    expect(body.errors?.map((e) => e.extensions?.code)).toContain("QUERY_TOO_COMPLEX");
  });

  test("GraphiQL renders from the gateway alone, with no remote asset URLs", async () => {
    const response = await gateway.handle(
      new Request("http://gateway.test/graphql", { headers: { accept: "text/html" } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    // The page is ~9 MB: assert on matches, never on the whole string, to keep failures readable.
    const find = (pattern: RegExp) => html.match(pattern)?.[0] ?? null;
    expect(find(/YogaGraphiQL\.renderYogaGraphiQL/)).not.toBeNull();
    expect(find(/"endpoint":"\/graphql"/)).not.toBeNull();
    expect(
      find(/<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?\/\/[^"' >]*/i),
    ).toBeNull();
    expect(find(/url\(\s*["']?(https?:)?\/\/[^)]*/i)).toBeNull();
    expect(find(/@import\s+(url\()?\s*["']?(https?:)?\/\/\S*/i)).toBeNull();
    expect(find(/unpkg\.com|jsdelivr\.net|esm\.sh|cdnjs|fonts\.googleapis/i)).toBeNull();
  });

  test("relays an upstream's domain error with its message and extensions.code", async () => {
    const { body } = await postGraphQL(gateway, "{ adminNote }");
    expect(body.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ["Only moderators may read admin notes.", "PERMISSION_DENIED"],
    ]);
  });

  test("an upstream that fails during a query gives a masked error, not its address", async () => {
    const flaky = startSubschemaServer("type Thing { id: ID! }\ntype Query { thing: Thing }", {
      Query: { thing: () => ({ id: "t1" }) },
    });
    const own = createGatewayYoga({
      upstreams: [{ name: "flaky", url: flaky.url }],
      version: "t",
      log: memoryLog(),
      graphiql: false,
    });
    await own.refresh();
    await flaky.stop();
    const { body } = await postGraphQL(own, "{ thing { id } }");
    own.stop();
    expect(body.errors?.[0]?.message).toBe("Unexpected error.");
    expect(JSON.stringify(body)).not.toContain("127.0.0.1");
    expect(JSON.stringify(body)).not.toContain("stack");
  });
});

describe("graphql gateway discovery", () => {
  test("skips an upstream that is down or serves no GraphQL, and still serves the others", async () => {
    const accounts = startAccountsSubschema();
    const notGraphQL = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: () => new Response("nope", { status: 404 }),
    });
    // A GraphQL server that does not follow the `_sdl` convention, and one whose SDL is broken.
    const noSdl = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: createYoga({
        schema: createSchema({ typeDefs: "type Query { hello: String }" }),
        logging: false,
      }).fetch,
    });
    const brokenSdl = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: () => Response.json({ data: { _sdl: "type Query {" } }),
    });
    const log = memoryLog();
    const gateway = createGatewayYoga({
      upstreams: [
        { name: "accounts", url: accounts.url },
        { name: "down", url: await unusedUrl() },
        { name: "static-site", url: `http://127.0.0.1:${notGraphQL.port}/graphql` },
        { name: "no-sdl", url: `http://127.0.0.1:${noSdl.port}/graphql` },
        { name: "broken-sdl", url: `http://127.0.0.1:${brokenSdl.port}/graphql` },
      ],
      version: "t",
      log,
      graphiql: false,
      sdlTimeoutMs: 1_000,
    });
    try {
      await gateway.refresh();
      const { body } = await postGraphQL(gateway, "{ gateway { subschemas { name status reason } } }");
      expect(body.errors).toBeUndefined();
      expect(dataField<{ subschemas: unknown[] }>(body, "gateway").subschemas).toEqual([
        { name: "accounts", status: "stitched", reason: null },
        { name: "down", status: "unavailable", reason: "connection refused" },
        { name: "static-site", status: "unavailable", reason: "HTTP 404: no subschema served" },
        {
          name: "no-sdl",
          status: "unavailable",
          reason: 'no _sdl: Cannot query field "_sdl" on type "Query".',
        },
        {
          name: "broken-sdl",
          status: "unavailable",
          reason: expect.stringMatching(/^invalid SDL: Syntax Error/),
        },
      ]);
      const users = await postGraphQL(gateway, '{ users(ids: ["u2"]) { username } }');
      expect(users.body.data).toEqual({ users: [{ username: "bob" }] });
      expect(log.lines.some((l) => l.level === "warn" && l.fields?.subschema === "down")).toBe(true);
    } finally {
      gateway.stop();
      await Promise.all([accounts.stop(), notGraphQL.stop(true), noSdl.stop(true), brokenSdl.stop(true)]);
    }
  });

  test("with no upstream at all the gateway schema is still valid and introspectable", async () => {
    const gateway = createGatewayYoga({
      upstreams: [{ name: "down", url: await unusedUrl() }],
      version: "t",
      log: memoryLog(),
      graphiql: false,
    });
    await gateway.refresh();
    const { body } = await postGraphQL(gateway, "{ __schema { types { name } } }");
    gateway.stop();
    const names = dataField<{ types: Array<{ name: string }> }>(body, "__schema").types.map((t) => t.name);
    expect(names).toContain("GatewayInfo");
    expect(names).not.toContain("User");
  });

  test("refresh() picks up a changed SDL and keeps the last good one while the upstream is down", async () => {
    const accounts = startAccountsSubschema();
    const posts = startPostsSubschema();
    const gateway = createGatewayYoga({
      upstreams: [
        { name: "accounts", url: accounts.url },
        { name: "posts", url: posts.url },
      ],
      version: "t",
      log: memoryLog(),
      graphiql: false,
    });
    try {
      await gateway.refresh();
      const before = await postGraphQL(gateway, "{ posts { title } }");
      expect(before.body.errors?.[0]?.message).toContain('Cannot query field "title"');

      posts.setSchema(postsTypeDefsV2, postsResolvers(posts.userBatches, 2));
      await gateway.refresh();
      // The same document as before: yoga's validation cache must not answer from the old schema.
      expect((await postGraphQL(gateway, "{ posts { title } }")).body.errors).toBeUndefined();
      const after = await postGraphQL(gateway, "{ posts { title author { username } } }");
      expect(after.body.errors).toBeUndefined();
      expect(dataField<unknown[]>(after.body, "posts")[0]).toEqual({
        title: "HELLO",
        author: { username: "alice" },
      });

      await posts.stop();
      await gateway.refresh();
      expect(gateway.status().find((s) => s.name === "posts")).toMatchObject({
        status: "stale",
        reason: "connection refused",
      });
      const stale = await postGraphQL(gateway, '{ __type(name: "Post") { fields { name } } }');
      expect(JSON.stringify(stale.body.data)).toContain("title");
    } finally {
      gateway.stop();
      await Promise.all([accounts.stop(), posts.stop()]);
    }
  });

  test("an unchanged SDL does not re-stitch", async () => {
    const accounts = startAccountsSubschema();
    const log = memoryLog();
    const gateway = createGatewayYoga({
      upstreams: [{ name: "accounts", url: accounts.url }],
      version: "t",
      log,
      graphiql: false,
    });
    try {
      await gateway.refresh();
      await Promise.all([gateway.refresh(), gateway.refresh()]);
      await gateway.refresh();
      expect(log.lines.filter((l) => l.msg === "graphql schema stitched")).toHaveLength(1);
    } finally {
      gateway.stop();
      await accounts.stop();
    }
  });

  test("the poller re-discovers an upstream that comes up after the gateway", async () => {
    const accounts = startAccountsSubschema();
    let reachable = false;
    // A fetch that fails until the "service" is up, so the test needs no port juggling.
    const fetchImpl = (input: string | URL | Request, init?: RequestInit) =>
      reachable
        ? fetch(input, init)
        : Promise.reject(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }));
    const gateway = createGatewayYoga({
      upstreams: [{ name: "accounts", url: accounts.url }],
      version: "t",
      log: memoryLog(),
      graphiql: false,
      fetchImpl,
      pollIntervalMs: 20,
    });
    try {
      await gateway.refresh();
      expect(gateway.status()[0]?.status).toBe("unavailable");
      reachable = true;
      for (let i = 0; i < 100 && gateway.status()[0]?.status !== "stitched"; i++) await Bun.sleep(10);
      expect(gateway.status()[0]?.status).toBe("stitched");
      const { body } = await postGraphQL(gateway, '{ users(ids: ["u1"]) { username } }');
      expect(body.data).toEqual({ users: [{ username: "alice" }] });
    } finally {
      gateway.stop();
      await accounts.stop();
    }
  });
});
