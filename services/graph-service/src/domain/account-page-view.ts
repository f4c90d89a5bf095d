import type { EdgePage } from "../store/graph-store.ts";

/** A page of accounts: each id with the time of its edge (ISO-8601 UTC), and the next cursor. */
export interface AccountPageView {
  items: { id: string; since: string }[];
  nextCursor: string | null;
}

export const toAccountPageView = (page: EdgePage): AccountPageView => ({
  items: page.items.map((i) => ({ id: i.id, since: i.since.toISOString() })),
  nextCursor: page.nextCursor,
});
