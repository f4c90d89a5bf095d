import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import { FeedbackKind, type RankingService } from "@nova/proto/ranking/v1";
import { toDomainError } from "@nova/rpc";

export interface LoggedImpression {
  postId: string;
  authorId: string;
  position: number;
  score: number;
  features: Record<string, number>;
  shownAt: Date;
}

export type LoggedFeedbackKind = "click" | "like" | "comment" | "repost";

/** ranking-service's impression and feedback log, as analytics feeds it (its offline evaluation's data). */
export interface RankingLog {
  logImpressions(input: {
    viewerId: string;
    rankingId: string;
    modelVersion: string;
    impressions: LoggedImpression[];
  }): Promise<void>;
  logFeedback(
    viewerId: string,
    feedback: { postId: string; kind: LoggedFeedbackKind; at: Date }[],
  ): Promise<void>;
}

const KIND: Record<LoggedFeedbackKind, FeedbackKind> = {
  click: FeedbackKind.CLICK,
  like: FeedbackKind.LIKE,
  comment: FeedbackKind.COMMENT,
  repost: FeedbackKind.REPOST,
};

export function createRankingLog(client: Client<typeof RankingService>, timeoutMs = 2000): RankingLog {
  return {
    async logImpressions(input) {
      try {
        await client.logImpressions(
          {
            viewerId: input.viewerId,
            rankingId: input.rankingId,
            modelVersion: input.modelVersion,
            impressions: input.impressions.map((i) => ({ ...i, shownAt: timestampFromDate(i.shownAt) })),
          },
          { timeoutMs },
        );
      } catch (err) {
        throw toDomainError(err, "ranking-service");
      }
    },
    async logFeedback(viewerId, feedback) {
      try {
        await client.logFeedback(
          {
            viewerId,
            feedback: feedback.map((f) => ({
              postId: f.postId,
              kind: KIND[f.kind],
              at: timestampFromDate(f.at),
            })),
          },
          { timeoutMs },
        );
      } catch (err) {
        throw toDomainError(err, "ranking-service");
      }
    },
  };
}
