import type { SubschemaContext } from "@nova/subschema";
import type { ServiceContext } from "../context.ts";
import { readExplore } from "../domain/read-explore.ts";
import { readForYou } from "../domain/read-for-you.ts";
import { readHomeTimeline, type TimelinePage } from "../domain/read-home-timeline.ts";
import { readUserTimeline, type UserTimelinePage } from "../domain/read-user-timeline.ts";
import { watchHomeUpdates } from "../domain/watch-home-updates.ts";
import type { HomeUpdate } from "../updates/update-stream.ts";

type PageArgs = { first?: number | null; after?: string | null };

const DEFAULT_FIRST = 20;
const MAX_FIRST = 50;

/** first/after → the verbs' page input (first is clamped to 1..50, as REST's limit). */
const pageInput = (args: PageArgs) => ({
  limit: Math.min(Math.max(args.first ?? DEFAULT_FIRST, 1), MAX_FIRST),
  cursor: args.after ?? undefined,
  // The gateway completes posts from content and social itself; only visible ids are needed here.
  withEngagement: false,
});

const toConnection = (page: TimelinePage | UserTimelinePage) => {
  const nodes = page.items.map((p) => ({ id: p.id }));
  return {
    nodes,
    edges: page.items.map((p) => ({
      node: { id: p.id },
      repostedAt: "repostedAt" in p ? p.repostedAt : null,
    })),
    pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: page.nextCursor },
    nextCursor: page.nextCursor,
  };
};

/** Resolvers: each converts its arguments and calls a domain verb. */
export function feedResolvers(ctx: ServiceContext) {
  return {
    Query: {
      homeTimeline: async (_: unknown, args: PageArgs, gql: SubschemaContext) =>
        toConnection(await readHomeTimeline({ ctx, viewer: await gql.viewer(), input: pageInput(args) })),
      forYou: async (_: unknown, args: PageArgs, gql: SubschemaContext) => {
        const page = await readForYou({ ctx, viewer: await gql.viewer(), input: pageInput(args) });
        const { ranked, fallbackReason, modelVersion } = page;
        return {
          ...toConnection(page),
          pageCursor: page.pageCursor,
          edges: page.items.map((p) => ({ node: { id: p.id }, source: p.source.toUpperCase() })),
          ranked,
          fallbackReason,
          modelVersion,
        };
      },
      explore: async (_: unknown, args: PageArgs, gql: SubschemaContext) => {
        const page = await readExplore({ ctx, viewer: await gql.viewer(), input: pageInput(args) });
        return { ...toConnection(page), pageCursor: page.pageCursor };
      },
      _feedUsers: (_: unknown, args: { ids: string[] }) => args.ids.map((id) => ({ id })),
    },
    Subscription: {
      homeTimelineUpdates: {
        // yoga ends the iterator (return()) when the client disconnects; the signal covers the rest.
        subscribe: async (_: unknown, _args: unknown, gql: SubschemaContext & { request?: Request }) =>
          watchHomeUpdates({ ctx, viewer: await gql.viewer(), signal: gql.request?.signal }),
        resolve: (update: HomeUpdate) => update,
      },
    },
    User: {
      timeline: async (user: { id: string }, args: PageArgs, gql: SubschemaContext) =>
        toConnection(
          await readUserTimeline({
            ctx,
            viewer: await gql.viewer(),
            input: { userId: user.id, ...pageInput(args) },
          }),
        ),
    },
  };
}
