import { expect } from "bun:test";
import type { GatewayYoga } from "../../src/graphql/index.ts";
import type { GraphQLResponseBody } from "./gateway-client.ts";
import type { SubschemaServer } from "./start-subschema-server.ts";

/** One client request's answer and every upstream call it caused: [service, text, variables]. */
export interface RecordedRun {
  status: number;
  body: GraphQLResponseBody;
  sent: unknown[][];
}

/**
 * Sends one client request to the gateway and records what each named upstream was sent for it
 * (the upstreams' call logs are cleared first): for tests that compare two ways of answering.
 */
export async function recordedRun(
  gateway: GatewayYoga,
  upstreams: Record<string, SubschemaServer>,
  query: string,
  variables: Record<string, unknown>,
  token = "u1",
): Promise<RecordedRun> {
  for (const server of Object.values(upstreams)) server.calls.length = 0;
  const response = await gateway.handle(
    new Request("http://gateway.test/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query, variables }),
    }),
    {},
  );
  const status = response.status;
  const body = (await response.json()) as GraphQLResponseBody;
  const sent = Object.entries(upstreams).flatMap(([name, server]) =>
    server.delegatedCalls().map((c) => [name, c.query, c.variables]),
  );
  return { status, body, sent };
}

/**
 * Asserts that a request answered with a cache of plans on — its first time and again — answers and
 * calls the upstreams exactly as planning afresh does (cache off), and that the repeat planned
 * nothing (the cache's `misses` unchanged, its `hits` grown). Returns the fresh run.
 */
export async function expectKeptSameAsPlanned(opts: {
  run: () => Promise<RecordedRun>;
  setKept: (on: boolean) => void;
  stats: () => Readonly<{ hits: number; misses: number }>;
}): Promise<RecordedRun> {
  opts.setKept(false);
  const fresh = await opts.run();
  expect(fresh.status).toBe(200);
  expect(fresh.sent.length).toBeGreaterThan(0);
  opts.setKept(true);
  const first = await opts.run();
  const before = opts.stats();
  const again = await opts.run();
  const after = opts.stats();
  expect(first).toEqual(fresh);
  expect(again).toEqual(fresh);
  expect(after.misses).toBe(before.misses);
  expect(after.hits).toBeGreaterThan(before.hits);
  return fresh;
}
