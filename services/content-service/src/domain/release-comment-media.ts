import type { Database } from "@nova/db";
import { and, eq, sql } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { comments } from "../db/schema/index.ts";
import { releaseMedia } from "./post-media.ts";

/** Ids of a post's comments that hold media (read before the post's delete cascades them away). */
export async function commentsWithMedia(db: Database, postId: string): Promise<string[]> {
  const rows = await db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.postId, postId), sql`cardinality(${comments.mediaIds}) > 0`));
  return rows.map((r) => r.id);
}

/**
 * A deleted post takes its comments with it without a CommentDeleted each, so their media are
 * released here (best effort, logged; media-service releases post:<id> itself on PostDeleted).
 */
export async function releaseCommentMedia(ctx: ServiceContext, commentIds: readonly string[]): Promise<void> {
  for (const id of commentIds) await releaseMedia(ctx, `comment:${id}`);
}
