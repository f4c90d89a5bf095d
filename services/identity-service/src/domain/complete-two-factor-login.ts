import { withTransaction } from "@nova/db";
import { UnauthenticatedError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { lockAccountRow } from "../db/account-queries.ts";
import { consumeOneTimeToken, peekOneTimeToken } from "../db/one-time-token-queries.ts";
import { hashToken } from "../security/opaque-token.ts";
import { type AccountView, toAccountView } from "./account-view.ts";
import { authLimits } from "./rate-limits.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { startSession } from "./start-session.ts";
import type { TokenPair } from "./token-pair.ts";
import { checkSecondFactor } from "./two-factor-code.ts";

/** Wrong codes a challenge survives before it is voided (the password step must be redone). */
const MAX_CODE_ATTEMPTS = 5;

/**
 * Second step of a two-factor login: the challenge from the password step plus a TOTP or
 * recovery code. Rate-limited per IP and per account; a challenge dies after five wrong codes.
 */
export async function completeTwoFactorLogin({
  ctx,
  input,
  meta,
}: {
  ctx: ServiceContext;
  input: { challengeToken: string; code: string };
  meta: RequestMeta;
}): Promise<{ account: AccountView; tokens: TokenPair }> {
  meta = cleanMeta(meta);
  const now = ctx.clock();
  const challengeHash = hashToken(input.challengeToken);
  await ctx.limiter.hit(...authLimits(ctx, "two_factor", { ip: meta.ip }));
  const challenge = await peekOneTimeToken(ctx.db.db, challengeHash, "login_challenge", now);
  if (!challenge) throw new UnauthenticatedError("login challenge is invalid or expired; log in again");
  await ctx.limiter.hit(...authLimits(ctx, "two_factor", { account: challenge.accountId }));
  const result = await withTransaction(ctx.db.db, async (tx) => {
    const account = await lockAccountRow(tx, challenge.accountId);
    if (account?.status !== "active" || !account.totpEnabledAt) return { error: "gone" as const };
    const method = await checkSecondFactor(ctx, tx, account, input.code);
    if (!method) return { error: "code" as const, accountId: account.id };
    if (!(await consumeOneTimeToken(tx, challengeHash, "login_challenge", now)))
      return { error: "gone" as const };
    if (method === "recovery_code")
      await recordAudit(ctx, tx, "two_factor.recovery_code_used", { accountId: account.id, meta });
    await recordAudit(ctx, tx, "login.succeeded", { accountId: account.id, meta, details: { method } });
    const deviceName = await ctx.cache.get<string>(`identity:challenge-device:${challengeHash}`);
    const tokens = await startSession(ctx, tx, { accountId: account.id, method, meta, deviceName });
    return { account: toAccountView(account), tokens };
  });
  if ("error" in result) {
    if (result.error === "code") {
      await recordAudit(ctx, ctx.db.db, "login.two_factor_failed", { accountId: result.accountId, meta });
      const { count } = await ctx.limiter.count({
        key: `2fa-challenge:${challengeHash}`,
        limit: MAX_CODE_ATTEMPTS,
        windowMs: 10 * 60_000,
      });
      if (count >= MAX_CODE_ATTEMPTS)
        await consumeOneTimeToken(ctx.db.db, challengeHash, "login_challenge", now);
      throw new UnauthenticatedError("two-factor code is incorrect");
    }
    throw new UnauthenticatedError("login challenge is invalid or expired; log in again");
  }
  return result;
}
