import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { groupsChangedSince, listGroups } from "../db/notification-queries.ts";
import type { InboxChange } from "../live/inbox-hub.ts";
import { type NotificationItem, toItems } from "./list-notifications.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** One server-sent event: a new or updated item (with its newest row id), or a removed one. */
export type StreamEvent =
  | { event: "notification"; id: string; data: NotificationItem }
  | { event: "removed"; data: { groupKey: string } };

/** At most this many missed items are replayed on resume; older ones: reload the list. */
const RESUME_LIMIT = 100;
const uuid = z.uuid();

async function itemOf(ctx: ServiceContext, accountId: string, groupKey: string) {
  const [group] = await listGroups(ctx.db.db, {
    recipientId: accountId,
    groupKeys: [groupKey],
    limit: 1,
    actorsShown: 3,
    grouped: true,
  });
  return group ? (await toItems(ctx, accountId, [group]))[0] : undefined;
}

/**
 * The viewer's live inbox: opens the watch first (so nothing is missed), then replays the items
 * changed after `lastEventId` (the SSE `Last-Event-ID`, a notification id), then streams each new,
 * updated or removed item as it happens on any replica. 401 without a token; 429 past
 * NOTIFICATION_STREAMS_PER_ACCOUNT open streams; 503 when the cache's pub/sub is unreachable.
 */
export async function watchNotifications(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  lastEventId?: string | undefined;
  signal?: AbortSignal | undefined;
}): Promise<AsyncIterableIterator<StreamEvent>> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const watch = await ctx.hub.open(accountId, args.signal);
  const resumeFrom =
    args.lastEventId && uuid.safeParse(args.lastEventId).success ? args.lastEventId : undefined;

  async function* events(): AsyncGenerator<StreamEvent> {
    let sentUpTo = resumeFrom ?? "";
    if (resumeFrom) {
      const missed = await groupsChangedSince(ctx.db.db, accountId, resumeFrom, RESUME_LIMIT);
      const latestByGroup = new Map<string, string>();
      for (const m of missed) latestByGroup.set(m.groupKey, m.id);
      for (const [groupKey] of [...latestByGroup].sort((a, b) => (a[1] < b[1] ? -1 : 1))) {
        const item = await itemOf(ctx, accountId, groupKey);
        if (item) {
          if (item.latestId > sentUpTo) sentUpTo = item.latestId;
          yield { event: "notification", id: item.latestId, data: item };
        }
      }
    }
    for await (const change of watch as AsyncIterable<InboxChange>) {
      if (change.id && change.id <= sentUpTo) continue; // already replayed
      const item = await itemOf(ctx, accountId, change.groupKey);
      if (item) yield { event: "notification", id: item.latestId, data: item };
      else yield { event: "removed", data: { groupKey: change.groupKey } };
    }
  }
  const gen = events();
  // Ending the generator must end the watch even while it waits for the next change.
  const originalReturn = gen.return.bind(gen);
  gen.return = (value) => {
    watch.end();
    return originalReturn(value);
  };
  return gen;
}
