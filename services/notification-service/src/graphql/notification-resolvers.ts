import type { SubschemaContext } from "@nova/subschema";
import type { ServiceContext } from "../context.ts";
import { listNotifications, type NotificationItem } from "../domain/list-notifications.ts";
import { markRead, unreadCount } from "../domain/mark-read.ts";
import { getPreferences, updatePreferences } from "../domain/preferences.ts";
import type { Preferences } from "../domain/preferences-shape.ts";
import { type StreamEvent, watchNotifications } from "../domain/watch-notifications.ts";

const toNode = (i: NotificationItem) => ({ ...i, details: i.details ? JSON.stringify(i.details) : null });

const toPreferences = (p: Preferences) => ({
  ...p,
  types: Object.entries(p.types).map(([type, channels]) => ({ type, channels })),
});

type PrefsInput = {
  types?: { type: string; channels: Record<string, boolean | null> }[] | null;
  onlyFromFollowing?: boolean | null;
  quietHours?: { start: string; end: string; timeZone: string } | null;
  clearQuietHours?: boolean | null;
  emailDigest?: string | null;
  pushPreviews?: boolean | null;
};

/** GraphQL input → the REST patch shape (nulls dropped); the verb validates it. */
function toPatch(input: PrefsInput) {
  const clean = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v != null));
  return clean({
    types: input.types ? Object.fromEntries(input.types.map((t) => [t.type, clean(t.channels)])) : undefined,
    onlyFromFollowing: input.onlyFromFollowing,
    quietHours: input.clearQuietHours ? null : input.quietHours,
    emailDigest: input.emailDigest,
    pushPreviews: input.pushPreviews,
    ...(input.clearQuietHours ? { quietHours: null } : {}),
  });
}

/** Resolvers: each converts its arguments and calls a domain verb. */
export function notificationResolvers(ctx: ServiceContext) {
  return {
    Query: {
      notifications: async (
        _: unknown,
        args: {
          first?: number | null;
          after?: string | null;
          types?: string[] | null;
          grouped?: boolean | null;
        },
        gql: SubschemaContext,
      ) => {
        const page = await listNotifications({
          ctx,
          viewer: await gql.viewer(),
          input: {
            limit: args.first ?? undefined,
            cursor: args.after ?? undefined,
            types: args.types?.join(",") || undefined,
            grouped: args.grouped ?? undefined,
          },
        });
        return { items: page.items.map(toNode), nextCursor: page.nextCursor };
      },
      unreadNotificationCount: async (_: unknown, __: unknown, gql: SubschemaContext) =>
        (await unreadCount({ ctx, viewer: await gql.viewer() })).count,
      notificationPreferences: async (_: unknown, __: unknown, gql: SubschemaContext) =>
        toPreferences(await getPreferences({ ctx, viewer: await gql.viewer() })),
    },
    Mutation: {
      markNotificationsRead: async (_: unknown, args: { upTo?: string | null }, gql: SubschemaContext) =>
        markRead({ ctx, viewer: await gql.viewer(), input: args.upTo ? { upTo: args.upTo } : {} }),
      updateNotificationPreferences: async (_: unknown, args: { input: PrefsInput }, gql: SubschemaContext) =>
        toPreferences(
          await updatePreferences({ ctx, viewer: await gql.viewer(), input: toPatch(args.input) }),
        ),
    },
    Subscription: {
      notifications: {
        subscribe: async (_: unknown, _args: unknown, gql: SubschemaContext & { request?: Request }) =>
          watchNotifications({ ctx, viewer: await gql.viewer(), signal: gql.request?.signal }),
        resolve: (e: StreamEvent) =>
          e.event === "removed"
            ? { groupKey: e.data.groupKey, removed: true, item: null }
            : { groupKey: e.data.groupKey, removed: false, item: toNode(e.data) },
      },
    },
  };
}
