import type { ServiceContext } from "../context.ts";
import { audienceOf } from "./audience.ts";
import { rememberIfSignedIn } from "./remember-search.ts";
import { toUserView, type UserView } from "./result-views.ts";
import { decodeOffset, encodeOffset, parseLimit, parseQuery } from "./search-input.ts";
import type { Viewer } from "./viewer.ts";

export interface SearchUsersInput {
  q?: string | undefined;
  limit?: string | number | undefined;
  cursor?: string | undefined;
}

/** People search; accounts in a blocked pair with the viewer, suspended ones and limited ones (for non-followers) never appear. */
export async function searchUsers(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: SearchUsersInput;
}): Promise<{ items: UserView[]; nextCursor: string | null }> {
  const { ctx, viewer, input } = args;
  const q = parseQuery(input.q).replace(/^@/, "");
  const limit = parseLimit(input.limit, 20, 50);
  const offset = decodeOffset(input.cursor);
  if (!input.cursor) await rememberIfSignedIn(ctx, viewer, q);
  const audience = await audienceOf(ctx, viewer, { includeMuted: false });
  const rows = await ctx.engine.searchUsers(q, audience, limit + 1, offset);
  return {
    items: rows.slice(0, limit).map(toUserView),
    nextCursor: rows.length > limit ? encodeOffset(offset + limit) : null,
  };
}
