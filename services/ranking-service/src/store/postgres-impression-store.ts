import type { Database } from "@nova/db";
import { and, asc, eq, gte, inArray, or, sql } from "drizzle-orm";
import { feedback, impressions } from "../db/schema/index.ts";
import type { FeedbackKind, ImpressionStore, LabelledImpression } from "./impression-store.ts";

/** The embedded analytics store: `ranking_service.impressions` and `.feedback` on PGlite or PostgreSQL. */
export function createPostgresImpressionStore(db: Database): ImpressionStore {
  return {
    kind: "postgres",
    async recordImpressions(rows) {
      if (rows.length === 0) return;
      await db
        .insert(impressions)
        .values(rows.map((r) => ({ ...r, features: r.features })))
        .onConflictDoNothing();
    },
    async recordFeedback(rows) {
      if (rows.length === 0) return;
      await db
        .insert(feedback)
        .values([...rows])
        .onConflictDoNothing();
    },
    async listLabelled(query) {
      // Spelled out: drizzle renders bare column names in a select, which the subquery would
      // resolve against feedback itself.
      const engaged = sql<boolean>`exists (
        select 1 from "ranking_service"."feedback" f
        where f.viewer_id = "ranking_service"."impressions"."viewer_id"
          and f.post_id = "ranking_service"."impressions"."post_id"
          and f.kind <> 'hide')`;
      const where = and(
        query.since ? gte(impressions.shownAt, query.since) : undefined,
        query.viewerIds ? inArray(impressions.viewerId, [...query.viewerIds]) : undefined,
      );
      const rows = await db
        .select({
          rankingId: impressions.rankingId,
          viewerId: impressions.viewerId,
          postId: impressions.postId,
          authorId: impressions.authorId,
          position: impressions.position,
          score: impressions.score,
          modelVersion: impressions.modelVersion,
          features: impressions.features,
          shownAt: impressions.shownAt,
          engaged: engaged.as("engaged"),
        })
        .from(impressions)
        .where(where)
        .orderBy(asc(impressions.shownAt), asc(impressions.rankingId), asc(impressions.position))
        .limit(query.limit);
      return rows.map((r): LabelledImpression => ({ ...r, engaged: r.engaged === true }));
    },
    async feedbackOf(viewerId, limit) {
      const rows = await db
        .select({
          viewerId: feedback.viewerId,
          postId: feedback.postId,
          kind: feedback.kind,
          at: feedback.at,
        })
        .from(feedback)
        .where(eq(feedback.viewerId, viewerId))
        .orderBy(asc(feedback.at), asc(feedback.postId))
        .limit(limit);
      return rows.map((r) => ({ ...r, kind: r.kind as FeedbackKind }));
    },
    async eraseAccount(accountId) {
      await db.transaction(async (tx) => {
        await tx
          .delete(impressions)
          .where(or(eq(impressions.viewerId, accountId), eq(impressions.authorId, accountId)));
        await tx.delete(feedback).where(eq(feedback.viewerId, accountId));
      });
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {},
  };
}
