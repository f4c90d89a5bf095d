import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readEngineEnv } from "@nova/infra";
import { createNeo4jGraphStore } from "../src/store/neo4j/create-neo4j-graph-store.ts";
import { describeGraphStoreContract } from "../src/testing/graph-store-contract.ts";
import { body, type GraphServiceHarness, put, startGraphService } from "./support/graph-service-harness.ts";

// Throws (so the suite fails, never skips) when NEO4J_URI is in neither the environment nor .engines/env.
const { NEO4J_URI } = readEngineEnv(["NEO4J_URI"]);

describeGraphStoreContract(`neo4j adapter on ${NEO4J_URI}`, () =>
  createNeo4jGraphStore({ uri: NEO4J_URI, startAttempts: 1 }),
);

describe("graph-service wired to Neo4j (NEO4J_URI set)", () => {
  let h: GraphServiceHarness;
  beforeAll(async () => {
    h = await startGraphService("pglite", { NEO4J_URI });
  });
  afterAll(() => h?.close());

  test("the store is Neo4j, readiness checks it, and writes reach the PostgreSQL outbox", async () => {
    expect(h.ctx.store.kind).toBe("neo4j");
    const health = await body(await h.request("/api/v1/health"));
    expect(health.checks.neo4j?.status).toBe("up");
    const [ana, ben] = [await h.seedUser(), await h.seedUser({ private: true })];
    expect((await body(await h.request(`/api/v1/users/${ben.id}/follow`, put(ana.token)))).requested).toBe(
      true,
    );
    await h.request(`/api/v1/users/${ana.id}/block`, put(ben.token));
    expect((await h.request(`/api/v1/users/${ben.id}/follow`, put(ana.token))).status).toBe(403);
    expect(await h.outboxTypes(ana.id)).toEqual(["nova.graph.v1.FollowRequestCreated"]);
    expect(await h.outboxTypes(ben.id)).toEqual(["nova.graph.v1.BlockCreated"]);
  });

  test("an unreachable NEO4J_URI fails the start with a clear message", async () => {
    await expect(createNeo4jGraphStore({ uri: "bolt://127.0.0.1:9", startAttempts: 1 })).rejects.toThrow(
      /^NEO4J_URI: /,
    );
  });
});
