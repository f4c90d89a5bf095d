import type { AuthContext } from "@nova/auth";
import { FailedPreconditionError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { insertOneTimeToken, voidOneTimeTokens } from "../db/one-time-token-queries.ts";
import type { AccountRow } from "../db/schema/index.ts";
import { hashToken, newOpaqueToken } from "../security/opaque-token.ts";
import { authLimits } from "./rate-limits.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { requireLiveSession } from "./require-live-session.ts";

const VERIFY_TTL_MS = 24 * 3_600_000;

/** Mails a single-use verification link (24 h) to the account's address; older links stop working. */
export async function sendVerificationMail(
  ctx: ServiceContext,
  account: AccountRow,
  meta: RequestMeta,
): Promise<void> {
  if (!account.email) return;
  const token = newOpaqueToken();
  const now = ctx.clock();
  await voidOneTimeTokens(ctx.db.db, account.id, "verify_email", now);
  await insertOneTimeToken(ctx.db.db, {
    id: Bun.randomUUIDv7(),
    accountId: account.id,
    purpose: "verify_email",
    tokenHash: hashToken(token),
    email: account.email,
    createdAt: now,
    expiresAt: new Date(now.getTime() + VERIFY_TTL_MS),
  });
  const link = new URL("/verify-email", ctx.config.extra.PUBLIC_APP_URL);
  link.searchParams.set("token", token);
  await ctx.mailer.send({
    to: account.email,
    subject: "Confirm your email address for Nova",
    text: [
      `Hi ${account.username ?? ""},`,
      "",
      "Confirm this address for your Nova account by opening:",
      link.toString(),
      "",
      `Or enter this code in the app: ${token}`,
      "",
      "The link works once and expires in 24 hours. If you did not sign up, ignore this mail.",
    ].join("\n"),
  });
  await recordAudit(ctx, ctx.db.db, "email.verification_sent", { accountId: account.id, meta });
}

/** Sends the caller a new verification link (their address must not be verified yet). */
export async function resendEmailVerification({
  ctx,
  auth,
  meta,
}: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  meta: RequestMeta;
}): Promise<void> {
  meta = cleanMeta(meta);
  const { account } = await requireLiveSession(ctx, auth);
  await ctx.limiter.hit(...authLimits(ctx, "verify_email", { ip: meta.ip, account: account.id }));
  if (account.emailVerifiedAt) throw new FailedPreconditionError("email is already verified");
  await sendVerificationMail(ctx, account, meta);
}
