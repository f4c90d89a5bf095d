import type { ServiceContext } from "../context.ts";
import { findAccountByEmail } from "../db/account-queries.ts";
import { insertOneTimeToken, voidOneTimeTokens } from "../db/one-time-token-queries.ts";
import type { AccountRow } from "../db/schema/index.ts";
import { hashToken, newOpaqueToken } from "../security/opaque-token.ts";
import { afterAnswer } from "./after-answer.ts";
import { normalizeEmail } from "./normalize-email.ts";
import { authLimits } from "./rate-limits.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";

export const RESET_TOKEN_TTL_MS = 3_600_000;

/**
 * Mails a single-use reset link (1 h) when the address belongs to an account. The caller always
 * gets the same answer in the same time, so the endpoint cannot be used to find out who has an
 * account: the request does the same work for every address (the rate limits, one lookup, one
 * audit row), and the link — token writes and the mail, the slow part that only a known address
 * needs — is made after the answer.
 */
export async function requestPasswordReset({
  ctx,
  input,
  meta,
}: {
  ctx: ServiceContext;
  input: { email: string };
  meta: RequestMeta;
}): Promise<void> {
  meta = cleanMeta(meta);
  const email = normalizeEmail(input.email);
  await ctx.limiter.hit(...authLimits(ctx, "reset", { ip: meta.ip, account: email }));
  const found = await findAccountByEmail(ctx.db.db, email);
  const account = found?.status === "active" ? found : undefined;
  await recordAudit(ctx, ctx.db.db, "password.reset_requested", {
    accountId: account?.id,
    meta,
    details: { known: account !== undefined },
  });
  if (account)
    afterAnswer(
      ctx,
      () => mailResetLink(ctx, account, email),
      (err) => ctx.log.warn("password reset mail not sent; the user can ask again", { err }),
    );
}

/** Voids older reset links, stores a new one and mails it. */
async function mailResetLink(ctx: ServiceContext, account: AccountRow, email: string): Promise<void> {
  const token = newOpaqueToken();
  const now = ctx.clock();
  await voidOneTimeTokens(ctx.db.db, account.id, "reset_password", now);
  await insertOneTimeToken(ctx.db.db, {
    id: Bun.randomUUIDv7(),
    accountId: account.id,
    purpose: "reset_password",
    tokenHash: hashToken(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
  });
  const link = new URL("/reset-password", ctx.config.extra.PUBLIC_APP_URL);
  link.searchParams.set("token", token);
  await ctx.mailer.send({
    to: email,
    subject: "Reset your Nova password",
    text: [
      "Someone asked to reset the password of your Nova account.",
      "",
      "Choose a new password here (the link works once, for one hour):",
      link.toString(),
      "",
      `Or enter this code in the app: ${token}`,
      "",
      "If it was not you, ignore this mail; your password stays as it is.",
    ].join("\n"),
  });
}
