import { afterAll, describe, expect, test } from "bun:test";
import { delegationPlanStats, setDelegationPlanCache } from "../src/graphql/delegation-plan-cache.ts";
import { expectKeptSameAsPlanned, recordedRun } from "./support/recorded-run.ts";
import { useStitchedGateway } from "./support/stitched-gateway.ts";

/**
 * The gateway reuses graphql-tools' rewritten upstream documents per request shape. Whatever the
 * shape, a reused plan must send the upstreams exactly what planning afresh sends (text and
 * variable values) and answer the client exactly the same.
 */
describe("delegation plans reused per request shape", () => {
  const stitched = useStitchedGateway({ version: "1.2.3", graphiql: false });
  const { accounts, posts } = stitched;

  afterAll(() => {
    setDelegationPlanCache(true);
  });

  const run = (query: string, variables: Record<string, unknown>, token = "u1") =>
    recordedRun(stitched.gateway, { accounts, posts }, query, variables, token);

  const shapes: [string, string, Record<string, unknown>[]][] = [
    ["merged both ways", "{ me { username posts { body author { username } } } }", [{}]],
    [
      "root field with a variable, values change between requests",
      "query($ids: [ID!]!) { users(ids: $ids) { id username posts { id body } } }",
      [{ ids: ["u1"] }, { ids: ["u2", "u3"] }, { ids: ["u3", "nobody"] }],
    ],
    [
      "fragments and a named operation",
      `query Q($ids: [ID!]!) { users(ids: $ids) { ...U } }
       fragment U on User { username posts { ...P } }
       fragment P on Post { body author { username } }`,
      [{ ids: ["u1", "u2"] }, { ids: ["u2"] }],
    ],
    [
      "same fragment names, other selections (the key must see the fragments)",
      `query Q($ids: [ID!]!) { users(ids: $ids) { ...U } }
       fragment U on User { id posts { ...P } }
       fragment P on Post { id }`,
      [{ ids: ["u1", "u2"] }],
    ],
    [
      "aliases and a field asked twice",
      "{ a: posts { id } b: posts { body author { u: username id } } me { n: username username } }",
      [{}],
    ],
  ];

  for (const [name, query, variableSets] of shapes) {
    test(name, async () => {
      for (const variables of variableSets) {
        const fresh = await expectKeptSameAsPlanned({
          run: () => run(query, variables),
          setKept: setDelegationPlanCache,
          stats: delegationPlanStats,
        });
        expect(fresh.body.errors).toBeUndefined();
      }
    });
  }

  test("another caller's variables are not carried over by a kept plan", async () => {
    const query = "query($ids: [ID!]!) { users(ids: $ids) { username } }";
    await run(query, { ids: ["u1"] });
    const other = await run(query, { ids: ["u3"] }, "u2");
    expect(other.body.data).toEqual({ users: [{ username: "carol" }] });
    expect(other.sent.map(([, , v]) => v)).toEqual([{ ids: ["u3"] }]);
  });
});
