import type { AuthContext } from "@nova/auth";
import { createSubschema, type SubschemaContext } from "@nova/subschema";
import type { ServiceContext } from "../context.ts";
import { myAudience } from "../domain/my-audience.ts";
import { myPostStats } from "../domain/my-post-stats.ts";
import { queryActiveUsers } from "../domain/query-active-users.ts";
import { queryEngagement } from "../domain/query-engagement.ts";
import { queryFunnel } from "../domain/query-funnel.ts";
import { queryRetention } from "../domain/query-retention.ts";
import { analyticsTypeDefs } from "./analytics-type-defs.ts";

type Range = { from?: string; to?: string; tz?: string };
/** The verifier answers full AuthContexts (roles included); the subschema types it narrower. */
const caller = async (gql: SubschemaContext) => (await gql.viewer()) as AuthContext | undefined;

/** The subschema served at /graphql, with `_sdl` for the gateway's discovery. */
export function createAnalyticsGraphql(ctx: ServiceContext) {
  return createSubschema({
    typeDefs: analyticsTypeDefs,
    verifier: ctx.verifier,
    identity: ctx.identity,
    resolvers: {
      Query: {
        creatorStats: async (_: unknown, args: Range, gql: SubschemaContext) => {
          const who = await caller(gql);
          const [posts, audience] = await Promise.all([
            myPostStats({ ctx, caller: who, input: args }),
            myAudience({ ctx, caller: who, input: args }),
          ]);
          return {
            ...posts,
            posts: posts.posts.map((p) => ({ postId: p.postId, ...p.totals, days: p.days })),
            audience,
          };
        },
        staff: async (_: unknown, __: unknown, gql: SubschemaContext) => {
          const who = await caller(gql);
          return who && who.roles.length > 0 ? {} : null;
        },
      },
      StaffAnalytics: {
        activeUsers: async (_: unknown, args: Range & { granularity?: string }, gql: SubschemaContext) =>
          queryActiveUsers({ ctx, caller: await caller(gql), input: args }),
        engagement: async (_: unknown, args: Range, gql: SubschemaContext) =>
          queryEngagement({ ctx, caller: await caller(gql), input: args }),
        retention: async (
          _: unknown,
          args: { weeks?: number; to?: string; tz?: string },
          gql: SubschemaContext,
        ) => (await queryRetention({ ctx, caller: await caller(gql), input: args })).cohorts,
        funnel: async (
          _: unknown,
          args: Range & { steps: string[]; windowHours?: number },
          gql: SubschemaContext,
        ) =>
          (
            await queryFunnel({
              ctx,
              caller: await caller(gql),
              input: { ...args, steps: args.steps.join(",") },
            })
          ).steps,
      },
    },
  });
}
