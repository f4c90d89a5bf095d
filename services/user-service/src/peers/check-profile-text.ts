import { UnavailableError, UnprocessableContentError } from "@nova/errors";
import { Counter, type Registry } from "prom-client";
import type { ServiceContext } from "../context.ts";

/** The profile fields trust-safety checks, by Check's subject type. */
export interface ProfileTextChanges {
  display_name?: string;
  bio?: string;
  username?: string;
}

/**
 * trust-safety's Check on each changed profile text (internal RPC; trust-safety accepts
 * user-service as a writer), in parallel, within PROFILE_CHECK_TIMEOUT. Before anything is saved:
 * - `reject` → 422 with trust-safety's reasonCode;
 * - `hold` → 422 `held_for_review`: a profile has no "visible to its owner only" state, so a held
 *   change is refused (trust-safety keeps the case; the owner may try other wording);
 * - `label`/`allow` → saved (profile labels are not stored).
 * No answer in time: PROFILE_CHECK_FAIL_MODE — `reject` (503) or `allow` (saved); logged and counted
 * either way, never a silent pass.
 */
export async function checkProfileText(
  ctx: ServiceContext,
  accountId: string,
  changes: ProfileTextChanges,
): Promise<void> {
  const fields = Object.entries(changes).filter(([, text]) => typeof text === "string" && text.length > 0);
  if (fields.length === 0) return;
  const { PROFILE_CHECK_TIMEOUT: timeoutMs, PROFILE_CHECK_FAIL_MODE: failMode } = ctx.config.extra;
  let answers: Awaited<ReturnType<ServiceContext["trustSafety"]["check"]>>[];
  try {
    answers = await Promise.all(
      fields.map(([subjectType, text]) =>
        ctx.trustSafety.check(
          { accountId, subjectType, subjectId: accountId, text: text as string },
          { timeoutMs, signal: AbortSignal.timeout(timeoutMs) },
        ),
      ),
    );
  } catch (err) {
    unansweredCounter(ctx.metrics.registry).inc({ fail_mode: failMode });
    ctx.log.warn("trust-safety did not answer the profile check", { accountId, failMode, err });
    if (failMode === "reject")
      throw new UnavailableError("profile checks are unavailable; try again shortly");
    return;
  }
  for (const [i, res] of answers.entries()) {
    const field = fields[i]?.[0];
    if (res.decision === "reject")
      throw new UnprocessableContentError(`the ${field} cannot be used: ${res.reasonCode}`, res.reasonCode, {
        field,
      });
    if (res.decision === "hold")
      throw new UnprocessableContentError(`the ${field} is held for review`, "held_for_review", {
        field,
        ruleReasonCode: res.reasonCode,
      });
  }
}

/** Same metric as content-service's (one alert rule covers both); labelled by fail mode. */
function unansweredCounter(registry: Registry): Counter<"fail_mode"> {
  const existing = registry.getSingleMetric("moderation_check_unanswered_total") as
    | Counter<"fail_mode">
    | undefined;
  return (
    existing ??
    new Counter({
      name: "moderation_check_unanswered_total",
      help: "Writes trust-safety did not answer in time, by the fail mode applied",
      labelNames: ["fail_mode"],
      registers: [registry],
    })
  );
}
