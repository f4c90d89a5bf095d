import { checkTexts } from "@nova/kit";
import type { ServiceContext } from "../context.ts";

/**
 * trust-safety's Check on the username a new account asks for (subject `username`, the id the
 * account will have), before anything is stored: the same rules and answers as a username change in
 * user-service — reject → 422 with the reasonCode, hold → 422 `held_for_review`, no answer in
 * USERNAME_CHECK_TIMEOUT → USERNAME_CHECK_FAIL_MODE (503 or registered; logged and counted).
 */
export async function checkSignUpUsername(
  ctx: ServiceContext,
  accountId: string,
  username: string,
): Promise<void> {
  await checkTexts(ctx, {
    accountId,
    subjectId: accountId,
    fields: { username },
    timeoutMs: ctx.config.extra.USERNAME_CHECK_TIMEOUT,
    failMode: ctx.config.extra.USERNAME_CHECK_FAIL_MODE,
    unavailable: "username checks are unavailable; try again shortly",
  });
}
