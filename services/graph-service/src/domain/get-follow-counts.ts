import type { ServiceContext } from "../context.ts";
import { parseAccountIds } from "./graph-input.ts";

/** Follower and following counts of one account. */
export interface FollowCountsView {
  id: string;
  followers: number;
  following: number;
}

/** Counts for up to 100 accounts, in request order. Counts are public, like a profile's header. */
export async function getFollowCounts(args: {
  ctx: ServiceContext;
  input: { ids: readonly string[] };
}): Promise<FollowCountsView[]> {
  const ids = parseAccountIds(args.input.ids, "ids");
  const counts = await args.ctx.relationships.counts(ids);
  return ids.map((id) => ({ id, ...(counts.get(id) ?? { followers: 0, following: 0 }) }));
}
