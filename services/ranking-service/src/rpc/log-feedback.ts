import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { HandlerContext } from "@connectrpc/connect";
import { verifiedCaller } from "@nova/auth";
import {
  FeedbackKind,
  type LogFeedbackRequest,
  type LogFeedbackResponse,
  LogFeedbackResponseSchema,
} from "@nova/proto/ranking/v1";
import type { ServiceContext } from "../context.ts";
import { logFeedback as verb } from "../domain/log-feedback.ts";

const KINDS: Partial<Record<FeedbackKind, string>> = {
  [FeedbackKind.CLICK]: "click",
  [FeedbackKind.LIKE]: "like",
  [FeedbackKind.COMMENT]: "comment",
  [FeedbackKind.REPOST]: "repost",
  [FeedbackKind.HIDE]: "hide",
};

/** nova.ranking.v1.RankingService/LogFeedback */
export function logFeedback(ctx: ServiceContext) {
  return async (req: LogFeedbackRequest, handlerCtx: HandlerContext): Promise<LogFeedbackResponse> => {
    const result = await verb({
      ctx,
      caller: verifiedCaller(handlerCtx),
      input: {
        ...(req.viewerId ? { viewerId: req.viewerId } : {}),
        feedback: req.feedback.map((f) => ({
          postId: f.postId,
          // UNSPECIFIED (or an unknown number) fails validation with the allowed kinds named.
          kind: (KINDS[f.kind] ?? "unspecified") as never,
          at: f.at ? timestampDate(f.at) : new Date(Number.NaN),
        })),
      },
    });
    return create(LogFeedbackResponseSchema, result);
  };
}
