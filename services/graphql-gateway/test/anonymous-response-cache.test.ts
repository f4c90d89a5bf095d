import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { anyPack, StringValueSchema } from "@bufbuild/protobuf/wkt";
import { SERVICES } from "@nova/config";
import {
  createEmbeddedEventBus,
  type DeliveredEvent,
  EMBEDDED_BUS_MIGRATIONS,
  type EventBus,
  serviceTopic,
} from "@nova/events";
import { type BaseContextOverrides, type StartedService, startService } from "@nova/kit";
import { EventEnvelopeSchema } from "@nova/proto/events/v1";
import { createPostgresTestDatabase, LOCAL_POSTGRES_URL, silentLogger } from "@nova/testing";
import { upstreamUrlVariable } from "../src/config.ts";
import {
  type AnonymousResponseCache,
  createAnonymousResponseCache,
} from "../src/graphql/anonymous-response-cache.ts";
import { createGatewayYoga, type GatewayYoga } from "../src/graphql/index.ts";
import { idsOfEvent } from "../src/graphql/start-response-cache.ts";
import { sha256Hex } from "../src/graphql/use-persisted-operations.ts";
import { service as gateway } from "../src/index.ts";
import { memoryLog } from "./support/gateway-client.ts";
import { type SubschemaServer, startSubschemaServer, unusedUrl } from "./support/start-subschema-server.ts";

const P1 = "0190f0e0-0000-7000-8000-000000000001";
const P2 = "0190f0e0-0000-7000-8000-000000000002";
const A1 = "0190f0e0-0000-7000-8000-0000000000a1";

const typeDefs = /* GraphQL */ `
  type Post { id: ID! body: String! authorId: ID! }
  type Query { post(id: ID!): Post, posts: [Post!]!, boom: String }
  type Mutation { touch(id: ID!): Post }
`;
const posts = new Map([
  [P1, { id: P1, body: "first", authorId: A1 }],
  [P2, { id: P2, body: "second", authorId: A1 }],
]);
const resolvers = {
  Query: {
    post: (_: unknown, args: { id: string }) => posts.get(args.id) ?? null,
    posts: () => [...posts.values()],
    boom: () => {
      throw new Error("resolver failed");
    },
  },
  Mutation: { touch: (_: unknown, args: { id: string }) => posts.get(args.id) ?? null },
};

describe("anonymous response cache in front of the gateway", () => {
  let upstream: SubschemaServer;
  let gateway: GatewayYoga;
  let cache: AnonymousResponseCache;
  let clock = 1_000_000;
  let generation = 1;
  // Runs inside `handle`, after the gateway answered and before the cache decides (an event in flight).
  let duringHandle: (() => void) | undefined;

  beforeAll(async () => {
    upstream = startSubschemaServer(typeDefs, resolvers);
    gateway = createGatewayYoga({
      upstreams: [{ name: "posts", url: upstream.url }],
      version: "1.0.0",
      log: memoryLog(),
      graphiql: false,
      persisted: { mode: "apq" },
    });
    await gateway.refresh();
  });
  afterAll(async () => {
    gateway.stop();
    await upstream.stop();
  });
  beforeEach(() => {
    clock = 1_000_000;
    generation = 1;
    duringHandle = undefined;
    cache = createAnonymousResponseCache({
      ttlMs: 10_000,
      maxBytes: 1_000_000,
      now: () => clock,
      generation: () => generation,
      persistedText: (hash) => (hash === sha256Hex("{ posts { id } }") ? "{ posts { id } }" : undefined),
    });
    upstream.calls.length = 0;
  });

  async function ask(body: Record<string, unknown>, accept = "application/json") {
    const text = JSON.stringify(body);
    const request = new Request("http://gateway.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept, "content-length": String(text.length) },
      body: text,
    });
    const response = await cache.serve(request, async (forwarded) => {
      const answer = await gateway.handle(forwarded, {});
      duringHandle?.();
      return answer;
    });
    return {
      status: response.status,
      type: response.headers.get("content-type"),
      text: await response.text(),
    };
  }
  const upstreamCalls = () => upstream.delegatedCalls().length;

  test("the same signed-out query is answered once upstream, then from the cache, byte for byte", async () => {
    const q = { query: "query($id: ID!) { post(id: $id) { id body } }", variables: { id: P1 } };
    const first = await ask(q);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toEqual({ data: { post: { id: P1, body: "first" } } });
    expect(upstreamCalls()).toBe(1);
    const second = await ask(q);
    expect(second).toEqual(first);
    expect(upstreamCalls()).toBe(1);
    expect(cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1 });
  });

  test("other variables, another operation name or another media type are other questions", async () => {
    const query = "query One($id: ID!) { post(id: $id) { id } } query Two { posts { id } }";
    await ask({ query, variables: { id: P1 }, operationName: "One" });
    await ask({ query, variables: { id: P2 }, operationName: "One" });
    await ask({ query, operationName: "Two" });
    await ask({ query, variables: { id: P1 }, operationName: "One" }, "application/graphql-response+json");
    expect(upstreamCalls()).toBe(4);
    expect(cache.stats().entries).toBe(4);
  });

  test("mutations, answers with errors and introspection are never kept", async () => {
    const mutation = { query: `mutation { touch(id: "${P1}") { id } }` };
    await ask(mutation);
    await ask(mutation);
    expect(upstreamCalls()).toBe(2);
    const failing = { query: "{ boom posts { id } }" };
    const failed = await ask(failing);
    expect(JSON.parse(failed.text).errors).toBeDefined();
    await ask(failing);
    expect(upstreamCalls()).toBe(4);
    await ask({ query: "{ __schema { queryType { name } } }" });
    expect(cache.stats().entries).toBe(0);
  });

  test("an event naming a post drops every answer that names it, and only those", async () => {
    const one = { query: "query($id: ID!) { post(id: $id) { body } }", variables: { id: P1 } };
    const list = { query: "{ posts { id body } }" };
    const other = { query: "query($id: ID!) { post(id: $id) { body } }", variables: { id: P2 } };
    await ask(one);
    await ask(list);
    await ask(other);
    expect(upstreamCalls()).toBe(3);
    // P1 is named by the first question's variables and by the list's answer; not by the third.
    cache.evict([P1.toUpperCase()]);
    await ask(one);
    await ask(list);
    await ask(other);
    expect(upstreamCalls()).toBe(5);
    expect(cache.stats().evicted).toBe(2);
  });

  test("an answer computed while its post changed is not kept", async () => {
    const one = { query: "query($id: ID!) { post(id: $id) { body } }", variables: { id: P1 } };
    duringHandle = () => cache.evict([P1]);
    await ask(one);
    duringHandle = undefined;
    await ask(one);
    expect(upstreamCalls()).toBe(2);
  });

  test("answers expire after the TTL and a new schema clears them", async () => {
    const list = { query: "{ posts { id } }" };
    await ask(list);
    clock += 9_999;
    await ask(list);
    expect(upstreamCalls()).toBe(1);
    clock += 2;
    await ask(list);
    expect(upstreamCalls()).toBe(2);
    generation = 2;
    await ask(list);
    expect(upstreamCalls()).toBe(3);
  });

  test("a persisted hash is judged by its text: the allow-list's, or APQ's once the text came with it", async () => {
    const listed = {
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex("{ posts { id } }") } },
    };
    await ask({ query: "{ posts { id } }", ...listed });
    await ask(listed);
    await ask(listed);
    // The text-and-hash request, then the hash alone (its own key), answered once each upstream.
    expect(upstreamCalls()).toBe(2);
    const text = "{ posts { body } }";
    const apq = { extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(text) } } };
    await ask({ query: text, ...apq });
    await ask(apq);
    await ask(apq);
    expect(upstreamCalls()).toBe(4);
  });

  test("the oldest answers go when the bytes are spent", async () => {
    cache = createAnonymousResponseCache({ ttlMs: 10_000, maxBytes: 600, now: () => clock });
    const q = (id: string) => ({ query: "query($id: ID!) { post(id: $id) { id } }", variables: { id } });
    await ask(q(P1));
    await ask(q(P2));
    expect(cache.stats().entries).toBe(1);
    expect(cache.stats().bytes).toBeLessThanOrEqual(600);
    await ask(q(P2));
    await ask(q(P1));
    expect(upstreamCalls()).toBe(3);
  });

  test("an event's ids: its aggregate and every id its payload carries", () => {
    const envelope = create(EventEnvelopeSchema, {
      id: "0190f0e0-0000-7000-8000-0000000000e1",
      type: "nova.social.v1.PostLiked",
      aggregateId: P1,
      payload: anyPack(
        StringValueSchema,
        create(StringValueSchema, { value: `liked by ${A1.toUpperCase()}` }),
      ),
    });
    const event = { aggregateId: P1, envelope } as unknown as DeliveredEvent;
    expect(idsOfEvent(event).sort()).toEqual([A1, P1].sort());
  });
});

describe("the gateway service keeps signed-out answers fresh from the services' events", () => {
  let upstream: SubschemaServer;
  let started: StartedService;
  let bus: EventBus;
  let db: Awaited<ReturnType<typeof createPostgresTestDatabase>>;
  let url: string;

  /** The gateway service on `events`, with the test subschema as content-service and no other upstream. */
  async function startGateway(events: EventBus, portBase: number): Promise<StartedService> {
    const unused = await unusedUrl();
    const env: Record<string, string> = {
      HTTP_PORT: String(portBase + Math.floor(Math.random() * 2_000)),
      LOG_LEVEL: "error",
      GATEWAY_SUBSCHEMA_POLL_INTERVAL: "600000",
      ...Object.fromEntries(
        SERVICES.filter((s) => s.name !== "graphql-gateway").map((s) => [
          upstreamUrlVariable(s.name),
          unused,
        ]),
      ),
      [upstreamUrlVariable("content-service")]: upstream.url,
    };
    return startService(gateway, gateway.loadConfig(env), {
      overrides: { log: silentLogger(), processMetrics: false, bus: events } as BaseContextOverrides,
    });
  }

  beforeAll(async () => {
    upstream = startSubschemaServer(typeDefs, resolvers);
    // The machine's PostgreSQL (as the other PostgreSQL suites): a throwaway database with the bus's tables.
    db = await createPostgresTestDatabase({
      adminUrl: process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL,
      services: [EMBEDDED_BUS_MIGRATIONS],
    });
    bus = createEmbeddedEventBus({ db: db.db, log: silentLogger(), pollIntervalMs: 20 });
    started = await startGateway(bus, 30_000);
    url = `http://127.0.0.1:${started.server.httpPort}/graphql`;
  });
  afterAll(async () => {
    await started.stop({ timeoutMs: 1000 });
    await bus.close();
    await db.close();
    await upstream.stop();
  });

  const post = (query: string, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: JSON.stringify({ query }),
    }).then((r) => r.json());
  const calls = () => upstream.delegatedCalls().length;

  test("signed out: kept until an event names the post; a request with a token is never answered from it", async () => {
    const q = `{ post(id: "${P1}") { id body } }`;
    // The cache serves once it follows the events (subscribed in the background at start).
    let before = -1;
    for (let i = 0; i < 200 && before < 0; i++) {
      expect(await post(q)).toEqual({ data: { post: { id: P1, body: "first" } } });
      const n = calls();
      await post(q);
      if (calls() === n) before = n;
      else await Bun.sleep(25);
    }
    expect(before).toBeGreaterThan(0);
    // Anything in Authorization is not a signed-out caller (here refused before any upstream call).
    const signedIn = await post(q, { authorization: "Bearer not-a-token" });
    expect(signedIn).not.toEqual({ data: { post: { id: P1, body: "first" } } });

    const envelope = create(EventEnvelopeSchema, {
      id: "0190f0e0-0000-7000-8000-0000000000e2",
      type: "nova.content.v1.PostEdited",
      aggregateId: P1,
      source: "content-service",
    });
    await bus.publish(serviceTopic("content-service"), [
      {
        id: envelope.id,
        type: envelope.type,
        key: P1,
        traceparent: null,
        occurredAt: new Date(),
        value: toBinary(EventEnvelopeSchema, envelope),
      },
    ]);
    const cache = (started.ctx as unknown as { responseCache: AnonymousResponseCache }).responseCache;
    for (let i = 0; i < 200 && cache.stats().evicted === 0; i++) await Bun.sleep(25);
    expect(cache.stats().evicted).toBe(1);
    await post(q);
    expect(calls()).toBe(before + 1);
  });

  test("a gateway that cannot follow the events starts, answers every request upstream and stops", async () => {
    const stalled: EventBus = { ...bus, subscribe: () => new Promise(() => {}) };
    const other = await startGateway(stalled, 32_000);
    try {
      const at = `http://127.0.0.1:${other.server.httpPort}/graphql`;
      const q = JSON.stringify({ query: `{ post(id: "${P2}") { id } }` });
      const n = calls();
      for (let i = 0; i < 3; i++) {
        const res = await fetch(at, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: q,
        });
        expect(await res.json()).toEqual({ data: { post: { id: P2 } } });
      }
      expect(calls()).toBe(n + 3);
    } finally {
      await other.stop({ timeoutMs: 1000 });
    }
  });
});
