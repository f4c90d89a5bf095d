import { afterAll, describe, expect, test } from "bun:test";
import { leftOverByDelegationPlan } from "@graphql-tools/delegate";
import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  Kind,
  parse,
} from "graphql";
import { keepMergePlans, mergePlanStats, setMergePlanCache } from "../src/graphql/merge-plan-cache.ts";
import { expectKeptSameAsPlanned, recordedRun } from "./support/recorded-run.ts";
import { startSubschemaServer } from "./support/start-subschema-server.ts";
import { useStitchedGateway } from "./support/stitched-gateway.ts";

/** A third subschema adding fields to Post: a list, a resolver error, and a non-null field that is null. */
const statsTypeDefs = /* GraphQL */ `
  type Post @key(selectionSet: "{ id }") {
    id: ID!
    likes: Int!
    tags: [String!]!
    "Fails for p2, as a domain error would."
    mood: String
    "Null for p3 although non-null: the error bubbles to the nearest nullable parent."
    strict: Int!
  }

  input PostKey {
    id: ID!
  }

  type Query {
    _posts(keys: [PostKey!]!): [Post]! @merge
  }
`;

const statsResolvers = {
  Query: {
    _posts: (_: unknown, args: { keys: Array<{ id: string }> }) => args.keys.map((k) => ({ id: k.id })),
  },
  Post: {
    likes: (post: { id: string }) => Number(post.id.slice(1)) * 10,
    tags: (post: { id: string }) => [`t-${post.id}`, "all"],
    mood: (post: { id: string }) => {
      if (post.id === "p2")
        throw new GraphQLError("mood unavailable", { extensions: { code: "UNAVAILABLE" } });
      return "fine";
    },
    strict: (post: { id: string }) => (post.id === "p3" ? null : 1),
  },
};

/**
 * The gateway keeps graphql-tools' merged-type plans across requests (merge-plan-cache.ts). Old
 * (planned on every request) and new (kept) must answer every request the same — data, errors
 * and their paths — and send the upstreams the same calls, whatever the shape: fragments,
 * aliases, variables, `@skip`/`@include` whose values change between requests, resolver errors,
 * null bubbling, lists.
 */
describe("merged-type plans kept across requests", () => {
  const stats = startSubschemaServer(statsTypeDefs, statsResolvers);
  const stitched = useStitchedGateway({
    version: "1.2.3",
    graphiql: false,
    extra: [{ name: "stats", server: stats }],
  });
  const { accounts, posts } = stitched;

  afterAll(() => {
    setMergePlanCache(true);
  });

  // A masked error carries a fresh errorId per answer: compared as present, not by value.
  const run = async (query: string, variables: Record<string, unknown>) => {
    const recorded = await recordedRun(stitched.gateway, { accounts, posts, stats }, query, variables);
    for (const error of recorded.body.errors ?? [])
      if (typeof error.extensions?.errorId === "string") error.extensions.errorId = "(an id)";
    return recorded;
  };

  const shapes: [string, string, Record<string, unknown>[]][] = [
    [
      "@skip/@include in a fragment, their variables changing between requests",
      `query Q($withTags: Boolean!, $noLikes: Boolean!) { posts { id ...S author { username } } }
       fragment S on Post { l: likes @skip(if: $noLikes) tags @include(if: $withTags) body }`,
      [
        { withTags: true, noLikes: false },
        { withTags: false, noLikes: true },
        { withTags: true, noLikes: true },
        { withTags: false, noLikes: false },
        { withTags: true, noLikes: false },
      ],
    ],
    [
      "@include on a whole merged sub-tree",
      `query($deep: Boolean!) { me { username posts @include(if: $deep) { body likes author { username } } } }`,
      [{ deep: true }, { deep: false }, { deep: true }],
    ],
    [
      "aliases, a field asked twice, variables in the root arguments",
      `query($ids: [ID!]!) { users(ids: $ids) { n: username username posts { a: likes b: likes tags } } }`,
      [{ ids: ["u1"] }, { ids: ["u2", "u3", "nobody"] }],
    ],
    ["an error in a merged field's resolver", "{ posts { id mood likes } }", [{}]],
    ["null bubbling from a merged non-null field", "{ posts { id strict } }", [{}]],
    [
      "null bubbling inside a nullable parent, with a list beside it",
      "{ me { username posts { id tags strict author { username } } } }",
      [{}],
    ],
    [
      "inline fragments and __typename",
      "{ posts { __typename ... on Post { id likes author { ... on User { username } } } } }",
      [{}],
    ],
  ];

  for (const [name, query, variableSets] of shapes) {
    test(name, async () => {
      // The repeated request makes no plan: every merged type's comes from a kept one.
      for (const variables of variableSets)
        await expectKeptSameAsPlanned({
          run: () => run(query, variables),
          setKept: setMergePlanCache,
          stats: mergePlanStats,
        });
    });
  }

  test("the shapes above answer with the errors and nulls they are about", async () => {
    const mood = await run("{ posts { id mood } }", {});
    expect(mood.body.errors?.map((e) => e.message)).toEqual(["mood unavailable"]);
    expect(((mood.body.data?.posts ?? []) as { mood: string | null }[]).map((p) => p.mood)).toEqual([
      "fine",
      null,
      "fine",
      "fine",
      "fine",
    ]);
    const bubbled = await run("{ posts { id strict } }", {});
    expect(bubbled.body.data).toBeNull();
    const skipped = await run(
      `query Q($withTags: Boolean!, $noLikes: Boolean!) { posts { id ...S } }
       fragment S on Post { l: likes @skip(if: $noLikes) tags @include(if: $withTags) }`,
      { withTags: false, noLikes: true },
    );
    expect(skipped.sent.filter(([service]) => service === "stats")).toEqual([]);
  });
});

/** The keeping rules on a merged type alone, with a plan builder that counts its calls. */
describe("keepMergePlans", () => {
  const fieldNodes = parse("{ a { b ...F } } fragment F on A { c }").definitions.flatMap((d) =>
    d.kind === Kind.OPERATION_DEFINITION ? [d.selectionSet.selections[0] as FieldNode] : [],
  );
  const fragment = (text: string) =>
    parse(text).definitions[0] as FragmentDefinitionNode & { kind: Kind.FRAGMENT_DEFINITION };
  const source = {};

  function mergedSchema(opts: { overrides?: boolean; leftOver?: boolean } = {}) {
    const made: object[] = [];
    const build = () => {
      const plan = [new Map()];
      made.push(plan);
      // As stitch does for fields no subschema can proxy: bookkeeping attached to the plan.
      if (opts.leftOver) leftOverByDelegationPlan.set(plan as never, {} as never);
      return plan;
    };
    // Stitch's memoized builder wraps the plain one; with overrides it is the plain one.
    const mergedType = {
      delegationPlanBuilder: opts.overrides ? build : () => build(),
      nonMemoizedDelegationPlanBuilder: build,
    };
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: "Query", fields: { x: { type: GraphQLString } } }),
      extensions: { stitchingInfo: { mergedTypes: { A: mergedType } } },
    });
    keepMergePlans(schema);
    const plan = (fragments: Record<string, FragmentDefinitionNode>) =>
      (mergedType.delegationPlanBuilder as (...args: unknown[]) => object)(
        schema,
        source,
        {},
        fragments,
        fieldNodes,
        {},
        { parentType: { name: "Query" } },
      );
    return { made, plan };
  }

  test("a plan is reused only while the spread fragments are the same definitions", () => {
    const { made, plan } = mergedSchema();
    const f1 = fragment("fragment F on A { c }");
    const f2 = fragment("fragment F on A { d }");
    const first = plan({ F: f1 });
    expect(plan({ F: f1 })).toBe(first);
    expect(plan({ F: f2 })).not.toBe(first);
    expect(made.length).toBe(2);
  });

  test("a plan with a left-over part is made again each time", () => {
    const { made, plan } = mergedSchema({ leftOver: true });
    expect(plan({})).not.toBe(plan({}));
    expect(made.length).toBe(2);
  });

  test("merged types planned afresh by stitch (progressive overrides) are left alone", () => {
    const { made, plan } = mergedSchema({ overrides: true });
    plan({});
    plan({});
    expect(made.length).toBe(2);
  });
});
