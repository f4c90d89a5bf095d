import type { Client } from "@connectrpc/connect";
import { UnavailableError } from "@nova/errors";
import { type BaseContext, createPeerClient } from "@nova/kit";
import { TrustSafetyService } from "@nova/proto/trust_safety/v1";
import type { ServiceConfig } from "../config.ts";
import type { ModerationDecision, ModerationHook } from "../domain/moderation-hook.ts";
import { moderationCheckMetrics } from "./moderation-metrics.ts";

export type TrustSafetyClient = Client<typeof TrustSafetyService>;

/**
 * The moderation hook as trust-safety-service answers it: `Check` within MODERATION_CHECK_TIMEOUT.
 * When trust-safety cannot answer in time, MODERATION_FAIL_MODE decides — never a silent pass:
 * `publish_and_recheck` (default) publishes with `recheck` (the post is stored pending and the
 * re-check worker asks again until it gets a verdict), `reject` refuses the write with 503.
 */
export function createTrustSafetyModeration(
  ctx: BaseContext<ServiceConfig>,
  client: TrustSafetyClient = createPeerClient(ctx, TrustSafetyService, {
    target: "trust-safety-service",
    ...(ctx.config.extra.TRUST_SAFETY_SERVICE_URL
      ? { baseUrl: ctx.config.extra.TRUST_SAFETY_SERVICE_URL }
      : {}),
  }),
): ModerationHook {
  const { MODERATION_CHECK_TIMEOUT: timeoutMs, MODERATION_FAIL_MODE: failMode } = ctx.config.extra;
  const { unanswered } = moderationCheckMetrics(ctx.metrics.registry);
  return {
    async review(c): Promise<ModerationDecision> {
      let res: Awaited<ReturnType<TrustSafetyClient["check"]>>;
      try {
        res = await client.check(
          {
            accountId: c.authorId,
            subjectType: c.kind ?? "post",
            subjectId: c.postId,
            text: [c.contentWarning, c.text].filter(Boolean).join("\n"),
            mediaIds: [...c.mediaIds],
          },
          { timeoutMs, signal: AbortSignal.timeout(timeoutMs) },
        );
      } catch (err) {
        unanswered.inc({ fail_mode: failMode });
        ctx.log.warn("trust-safety did not answer the check", { postId: c.postId, failMode, err });
        if (failMode === "reject")
          throw new UnavailableError("content checks are unavailable; try again shortly");
        return { action: "publish", recheck: true };
      }
      const reason = res.reasons.find((r) => r.rule === res.reasonCode)?.detail ?? res.reasonCode;
      switch (res.decision) {
        case "reject":
          return { action: "reject", reason: `${res.reasonCode} (${reason})`, reasonCode: res.reasonCode };
        case "hold":
          return { action: "hold", reason: `${res.reasonCode} (${reason})`, reasonCode: res.reasonCode };
        default:
          return { action: "publish", labels: res.labels };
      }
    },
  };
}
