import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import type { AnalyticsService } from "@nova/proto/analytics/v1";
import { toDomainError } from "@nova/rpc";

/** One post of a served ranked page. */
export interface ServedImpression {
  postId: string;
  authorId: string;
  position: number;
  score: number;
  features: Record<string, number>;
}

/** analytics-service as feed uses it: where the impressions of served ranked pages are logged. */
export interface ImpressionLogPeer {
  record(page: {
    viewerId: string;
    surface: string;
    rankingId: string;
    modelVersion: string;
    servedAt: Date;
    impressions: ServedImpression[];
  }): Promise<void>;
}

export function createImpressionLogPeer(
  client: Client<typeof AnalyticsService>,
  timeoutMs = 2000,
): ImpressionLogPeer {
  return {
    async record(page) {
      try {
        await client.recordFeedImpressions(
          { ...page, servedAt: timestampFromDate(page.servedAt) },
          { timeoutMs },
        );
      } catch (err) {
        throw toDomainError(err, "analytics-service");
      }
    },
  };
}
