import { type IdPageArgs, idPage, parseIdPage } from "@nova/db";
import { PermissionDeniedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { listCommentsOnPublishedAfter, listPublishedPostsAfter } from "../db/reindex-queries.ts";
import type { CommentRow, PostRow } from "../db/schema/index.ts";

/** The only service allowed to read every post regardless of visibility: it rebuilds its index from here. */
export const REINDEX_CALLERS: ReadonlySet<string> = new Set(["search-service"]);

const PAGE_SIZES = { defaultSize: 200, maxSize: 1000 };

export interface ReindexPage<T> {
  items: T[];
  nextCursor: string;
}

interface PageInput {
  callerService: string | undefined;
  pageSize: number;
  cursor: string;
}

function pageArgs(input: PageInput): IdPageArgs {
  if (!input.callerService || !REINDEX_CALLERS.has(input.callerService))
    throw new PermissionDeniedError("only search-service may list content for a reindex");
  return parseIdPage(input, PAGE_SIZES);
}

/**
 * One page of every published post, hidden ones included (the reindex must know they are hidden),
 * in id order. No visibility rule applies: the caller is checked instead (search-service applies
 * visibility in its own queries).
 */
export async function listPostsForReindex(args: {
  ctx: ServiceContext;
  input: PageInput;
}): Promise<ReindexPage<PostRow>> {
  const { afterId, limit } = pageArgs(args.input);
  const rows = await listPublishedPostsAfter(args.ctx.db.db, afterId, limit);
  return idPage(rows, limit, (r) => r.id);
}

/** One page of every comment on a published post (hidden ones included), in id order. */
export async function listCommentsForReindex(args: {
  ctx: ServiceContext;
  input: PageInput;
}): Promise<ReindexPage<{ comment: CommentRow; postAuthorId: string }>> {
  const { afterId, limit } = pageArgs(args.input);
  const rows = await listCommentsOnPublishedAfter(args.ctx.db.db, afterId, limit);
  return idPage(rows, limit, (r) => r.comment.id);
}
