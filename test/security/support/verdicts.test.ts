/**
 * The suite's own honesty: a 5xx, an internal GraphQL error, an invalid query, a throw and a
 * timeout never count as held; only the expected refusal does.
 */
import { describe, expect, test } from "bun:test";
import { inBatches } from "./attack.ts";
import type { Reply } from "./http-client.ts";
import { graphqlBlind, graphqlRefused, leaksNone, refusedOrBlind, statusIn } from "./verdicts.ts";

const reply = (status: number, body: unknown = {}): Reply => ({
  status,
  headers: {},
  text: typeof body === "string" ? body : JSON.stringify(body),
  ms: 1,
});

describe("verdicts", () => {
  test("statusIn holds only on an expected status, never on a 5xx", () => {
    expect(statusIn(reply(401), [401, 403]).held).toBe(true);
    expect(statusIn(reply(200), [401, 403]).held).toBe(false);
    expect(statusIn(reply(404), [401, 403]).held).toBe(false);
    expect(statusIn(reply(500), [500]).held).toBe(false);
  });

  test("leaksNone and refusedOrBlind look for the private values", () => {
    expect(leaksNone(reply(200, { text: "hello" }), ["secret-1"]).held).toBe(true);
    expect(leaksNone(reply(200, { text: "secret-1" }), ["secret-1"]).held).toBe(false);
    expect(leaksNone(reply(503, "down"), ["secret-1"]).held).toBe(false);
    expect(refusedOrBlind(reply(404), [404], ["s"]).held).toBe(true);
    expect(refusedOrBlind(reply(200, ["s"]), [404], ["s"]).held).toBe(false);
    expect(refusedOrBlind(reply(400), [404], ["s"]).held).toBe(false);
  });

  test("graphqlRefused needs the code and no leaked data; internal errors never hold", () => {
    const refused = { errors: [{ extensions: { code: "UNAUTHENTICATED" } }], data: { me: null } };
    expect(graphqlRefused(reply(200, refused), ["UNAUTHENTICATED"]).held).toBe(true);
    expect(graphqlRefused(reply(200, { data: { me: { id: "a" } } }), ["UNAUTHENTICATED"]).held).toBe(false);
    const leaky = { errors: [{ extensions: { code: "UNAUTHENTICATED" } }], data: { me: { id: "a" } } };
    expect(graphqlRefused(reply(200, leaky), ["UNAUTHENTICATED"], ["a"]).held).toBe(false);
    const internal = {
      errors: [{ extensions: { code: "INTERNAL" } }, { extensions: { code: "NOT_FOUND" } }],
    };
    expect(graphqlRefused(reply(200, internal), ["NOT_FOUND"]).held).toBe(false);
  });

  test("graphqlBlind refuses to count a query the schema rejected", () => {
    const invalid = { errors: [{ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] };
    expect(graphqlBlind(reply(400, invalid), ["x"]).held).toBe(false);
    expect(graphqlBlind(reply(200, { data: { user: null } }), [/"settings":\{/]).held).toBe(true);
    expect(graphqlBlind(reply(200, { data: { user: { settings: {} } } }), [/"settings":\{/]).held).toBe(
      false,
    );
  });

  test("inBatches keeps order and never runs more than its width at once", async () => {
    let running = 0;
    let peak = 0;
    const jobs = Array.from({ length: 20 }, (_, i) => async () => {
      running++;
      peak = Math.max(peak, running);
      await Bun.sleep(2);
      running--;
      return i;
    });
    expect(await inBatches(jobs, 3)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
  });
});
