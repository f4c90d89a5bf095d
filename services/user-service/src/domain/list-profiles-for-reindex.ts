import { idPage, parseIdPage } from "@nova/db";
import { PermissionDeniedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { listSearchableProfilesAfter, type SearchableProfile } from "../db/profile-queries.ts";

/** The only service that lists every profile: it rebuilds its index from here. */
export const REINDEX_CALLERS: ReadonlySet<string> = new Set(["search-service"]);

const PAGE_SIZES = { defaultSize: 200, maxSize: 1000 };

/**
 * One page of every profile's searchable fields in id order, private accounts included (search
 * applies their privacy in its queries). The caller is checked instead of a viewer.
 */
export async function listProfilesForReindex(args: {
  ctx: ServiceContext;
  callerService: string | undefined;
  input: { pageSize: number; cursor: string };
}): Promise<{ items: SearchableProfile[]; nextCursor: string }> {
  if (!args.callerService || !REINDEX_CALLERS.has(args.callerService))
    throw new PermissionDeniedError("only search-service may list profiles for a reindex");
  const { afterId, limit } = parseIdPage(args.input, PAGE_SIZES);
  const rows = await listSearchableProfilesAfter(args.ctx.db.db, afterId, limit);
  return idPage(rows, limit, (r) => r.id);
}
