import { requireAccountOwner } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import type { EdgePage, PageRequest } from "../store/graph-store.ts";
import type { Viewer } from "./viewer.ts";

/** Page size of the export's walk over each list (the store's largest page). */
const PAGE = 100;

/** Every edge of one list, following its cursors to the end, newest first. */
async function everyEdge(
  read: (page: PageRequest) => Promise<EdgePage>,
): Promise<{ accountId: string; since: string }[]> {
  const out: { accountId: string; since: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) out.push({ accountId: item.id, since: item.since.toISOString() });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/**
 * graph-service's section of the account export: whom the account follows and who follows it,
 * its follow requests both ways, its blocks and its mutes. Only for the account itself (the
 * verified token's subject). Through the store port, so it reads PostgreSQL and Neo4j alike.
 */
export async function exportAccountData(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { accountId: string };
}) {
  const me = requireAccountOwner(args.viewer, args.input.accountId);
  const { store } = args.ctx;
  const [following, followers, requestsSent, requestsReceived, blocked, muted] = await Promise.all([
    everyEdge((p) => store.following(me, p)),
    everyEdge((p) => store.followers(me, p)),
    everyEdge((p) => store.outgoingRequests(me, p)),
    everyEdge((p) => store.incomingRequests(me, p)),
    everyEdge((p) => store.blocked(me, p)),
    everyEdge((p) => store.muted(me, p)),
  ]);
  return {
    following,
    followers,
    followRequests: { sent: requestsSent, received: requestsReceived },
    blocked,
    muted,
  };
}
