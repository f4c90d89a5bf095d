import { checkTexts } from "@nova/kit";
import type { ServiceContext } from "../context.ts";

/** The profile fields trust-safety checks, by Check's subject type. */
export interface ProfileTextChanges {
  display_name?: string;
  bio?: string;
  username?: string;
}

/**
 * trust-safety's Check on each changed profile text (internal RPC; trust-safety accepts
 * user-service as a writer), within PROFILE_CHECK_TIMEOUT, before anything is saved: `reject` →
 * 422 with trust-safety's reasonCode; `hold` → 422 `held_for_review` (a profile has no "visible
 * to its owner only" state); `label`/`allow` → saved (profile labels are not stored). No answer in
 * time: PROFILE_CHECK_FAIL_MODE — `reject` (503) or `allow`, logged and counted (see checkTexts).
 */
export async function checkProfileText(
  ctx: ServiceContext,
  accountId: string,
  changes: ProfileTextChanges,
): Promise<void> {
  await checkTexts(ctx, {
    accountId,
    subjectId: accountId,
    fields: { ...changes },
    timeoutMs: ctx.config.extra.PROFILE_CHECK_TIMEOUT,
    failMode: ctx.config.extra.PROFILE_CHECK_FAIL_MODE,
    unavailable: "profile checks are unavailable; try again shortly",
  });
}
