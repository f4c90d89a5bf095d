import type { ServiceContext } from "../context.ts";
import type { AccountPageView } from "../domain/account-page-view.ts";
import { followAccount } from "../domain/follow-account.ts";
import { getFollowCounts } from "../domain/get-follow-counts.ts";
import { getMyRelationships } from "../domain/get-relationships.ts";
import { type Connection, listConnections } from "../domain/list-connections.ts";
import { listMyEdges } from "../domain/list-my-edges.ts";
import type { RelationshipView } from "../domain/relationship-view.ts";
import { setBlock } from "../domain/set-block.ts";
import { setMute } from "../domain/set-mute.ts";
import { settleFollowRequest } from "../domain/settle-follow-request.ts";
import { suggestAccounts } from "../domain/suggest-accounts.ts";
import { unfollowAccount } from "../domain/unfollow-account.ts";
import type { Viewer } from "../domain/viewer.ts";

/** Per-request GraphQL context: the caller, verified on first use. */
export interface GraphGraphqlContext {
  viewer(): Promise<Viewer>;
  traceparent: string | undefined;
}

/** A merged user as this subschema holds it: the id, plus what `_graphUsers` prefetched for the batch. */
interface GraphUser {
  id: string;
  counts?: { followers: number; following: number };
  relationship?: RelationshipView | null;
}

type PageArgs = { first?: number | null; after?: string | null };

const pageInput = (args: PageArgs) => ({
  ...(args.first != null ? { limit: args.first } : {}),
  ...(args.after != null ? { cursor: args.after } : {}),
});

const toConnection = (page: AccountPageView) => ({
  nodes: page.items.map((i) => ({ id: i.id })),
  edges: page.items.map((i) => ({ node: { id: i.id }, since: i.since })),
  nextCursor: page.nextCursor,
});

const toRelationship = (view: RelationshipView) => ({ ...view, user: { id: view.id } });

/** Resolvers: each converts its arguments and calls a domain verb. */
export function graphResolvers(ctx: ServiceContext) {
  const write =
    (run: (viewer: Viewer, id: string, traceparent: string | undefined) => Promise<RelationshipView>) =>
    async (_: unknown, args: { id: string }, gql: GraphGraphqlContext) =>
      toRelationship(await run(await gql.viewer(), args.id, gql.traceparent));
  const connection =
    (which: Connection) => async (user: GraphUser, args: PageArgs, gql: GraphGraphqlContext) =>
      toConnection(
        await listConnections({
          ctx,
          viewer: await gql.viewer(),
          connection: which,
          input: { id: user.id, ...pageInput(args) },
        }),
      );
  return {
    Query: {
      relationships: async (_: unknown, args: { ids: string[] }, gql: GraphGraphqlContext) =>
        (await getMyRelationships({ ctx, viewer: await gql.viewer(), input: { ids: args.ids } })).map(
          toRelationship,
        ),
      followRequests: async (
        _: unknown,
        args: PageArgs & { direction: "INCOMING" | "OUTGOING" },
        gql: GraphGraphqlContext,
      ) =>
        toConnection(
          await listMyEdges({
            ctx,
            viewer: await gql.viewer(),
            which: args.direction === "INCOMING" ? "incoming_requests" : "outgoing_requests",
            input: pageInput(args),
          }),
        ),
      blockedUsers: async (_: unknown, args: PageArgs, gql: GraphGraphqlContext) =>
        toConnection(
          await listMyEdges({ ctx, viewer: await gql.viewer(), which: "blocked", input: pageInput(args) }),
        ),
      mutedUsers: async (_: unknown, args: PageArgs, gql: GraphGraphqlContext) =>
        toConnection(
          await listMyEdges({ ctx, viewer: await gql.viewer(), which: "muted", input: pageInput(args) }),
        ),
      followSuggestions: async (_: unknown, args: { first?: number | null }, gql: GraphGraphqlContext) =>
        (
          await suggestAccounts({
            ctx,
            viewer: await gql.viewer(),
            input: args.first != null ? { limit: args.first } : {},
          })
        ).map((s) => ({ ...s, user: { id: s.id } })),
      // The gateway's batched merge call: counts for the whole batch, and the viewer's relationship
      // to each, in one store query each (chunks of 100 for larger batches).
      _graphUsers: async (
        _: unknown,
        args: { ids: string[] },
        gql: GraphGraphqlContext,
      ): Promise<GraphUser[]> => {
        const viewer = await gql.viewer();
        const out: GraphUser[] = [];
        for (let i = 0; i < args.ids.length; i += 100) {
          const ids = args.ids.slice(i, i + 100);
          const [counts, rels] = await Promise.all([
            getFollowCounts({ ctx, input: { ids } }),
            viewer ? getMyRelationships({ ctx, viewer, input: { ids } }) : Promise.resolve(undefined),
          ]);
          ids.forEach((id, j) => {
            const relationship = rels?.[j];
            out.push({
              id,
              counts: counts[j] ?? { followers: 0, following: 0 },
              relationship: relationship && viewer?.accountId !== id ? relationship : null,
            });
          });
        }
        return out;
      },
    },
    Mutation: {
      follow: write((viewer, id, traceparent) => followAccount({ ctx, viewer, input: { id }, traceparent })),
      unfollow: write((viewer, id, traceparent) =>
        unfollowAccount({ ctx, viewer, input: { id }, traceparent }),
      ),
      approveFollowRequest: write((viewer, id, traceparent) =>
        settleFollowRequest({ ctx, viewer, how: "approve", input: { id }, traceparent }),
      ),
      denyFollowRequest: write((viewer, id, traceparent) =>
        settleFollowRequest({ ctx, viewer, how: "deny", input: { id }, traceparent }),
      ),
      cancelFollowRequest: write((viewer, id, traceparent) =>
        settleFollowRequest({ ctx, viewer, how: "cancel", input: { id }, traceparent }),
      ),
      block: write((viewer, id, traceparent) =>
        setBlock({ ctx, viewer, input: { id }, blocked: true, traceparent }),
      ),
      unblock: write((viewer, id, traceparent) =>
        setBlock({ ctx, viewer, input: { id }, blocked: false, traceparent }),
      ),
      mute: write((viewer, id, traceparent) =>
        setMute({ ctx, viewer, input: { id }, muted: true, traceparent }),
      ),
      unmute: write((viewer, id, traceparent) =>
        setMute({ ctx, viewer, input: { id }, muted: false, traceparent }),
      ),
    },
    User: {
      followers: connection("followers"),
      following: connection("following"),
      mutuals: connection("mutuals"),
      followerCount: async (user: GraphUser) =>
        (user.counts ?? (await getFollowCounts({ ctx, input: { ids: [user.id] } }))[0])?.followers ?? 0,
      followingCount: async (user: GraphUser) =>
        (user.counts ?? (await getFollowCounts({ ctx, input: { ids: [user.id] } }))[0])?.following ?? 0,
      relationship: async (user: GraphUser, _: unknown, gql: GraphGraphqlContext) => {
        if (user.relationship !== undefined) return user.relationship && toRelationship(user.relationship);
        const viewer = await gql.viewer();
        if (!viewer || viewer.accountId === user.id) return null;
        const [view] = await getMyRelationships({ ctx, viewer, input: { ids: [user.id] } });
        return view ? toRelationship(view) : null;
      },
    },
  };
}
