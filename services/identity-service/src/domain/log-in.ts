import { withTransaction } from "@nova/db";
import { InvalidArgumentError, RateLimitedError, UnauthenticatedError } from "@nova/errors";
import { canonicalUsername } from "@nova/usernames";
import type { ServiceContext } from "../context.ts";
import {
  findAccountByEmail,
  findAccountByUsernameKey,
  incrementFailedLogins,
  updateAccount,
} from "../db/account-queries.ts";
import type { AccountRow } from "../db/schema/index.ts";
import { type AccountView, toAccountView } from "./account-view.ts";
import { issueLoginChallenge } from "./login-challenge.ts";
import { authLimits } from "./rate-limits.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { startSession } from "./start-session.ts";
import type { TokenPair } from "./token-pair.ts";

export interface LogInInput {
  /** Email address or username. */
  identifier: string;
  password: string;
  deviceName?: string;
}

export type LogInResult =
  | { status: "authenticated"; account: AccountView; tokens: TokenPair }
  | { status: "two_factor_required"; challengeToken: string; challengeExpiresAt: string };

/** The one answer for "no such account", "wrong password" and "no password set": nothing leaks. */
const INVALID = () => new UnauthenticatedError("email/username or password is incorrect");

function lockedError(until: Date, now: Date): RateLimitedError {
  return new RateLimitedError(
    Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
    "too many failed logins; try again later",
  );
}

async function findByIdentifier(ctx: ServiceContext, identifier: string): Promise<AccountRow | undefined> {
  const id = identifier.trim().toLowerCase();
  const row = id.includes("@")
    ? await findAccountByEmail(ctx.db.db, id)
    : await findAccountByUsernameKey(ctx.db.db, canonicalUsername(id));
  return row?.status === "active" ? row : undefined;
}

/**
 * Password step of a login. Unknown identifiers take as long as wrong passwords and get locked out
 * the same way (counted in the cache), so neither the answer, its timing nor the lockout reveals
 * whether an account exists. With two-factor on, the answer is a short-lived challenge instead of tokens.
 */
export async function logIn({
  ctx,
  input,
  meta,
}: {
  ctx: ServiceContext;
  input: LogInInput;
  meta: RequestMeta;
}): Promise<LogInResult> {
  meta = cleanMeta(meta);
  const identifier = input.identifier.trim().toLowerCase();
  if (!identifier || identifier.length > 254)
    throw new InvalidArgumentError("identifier is required", [
      { field: "identifier", message: "must be an email or username" },
    ]);
  await ctx.limiter.hit(...authLimits(ctx, "login", { ip: meta.ip, account: identifier }));
  const { LOGIN_LOCKOUT_THRESHOLD: threshold, LOGIN_LOCKOUT_DURATION: lockMs } = ctx.config.extra;
  const now = ctx.clock();
  const account = await findByIdentifier(ctx, identifier);

  if (!account?.passwordHash) {
    await ctx.passwords.verifyDummy(input.password);
    const { count, retryAfterMs } = await ctx.limiter.count({
      key: `login:unknown:${identifier}`,
      limit: threshold,
      windowMs: lockMs,
    });
    await recordAudit(ctx, ctx.db.db, "login.failed", {
      accountId: account?.id,
      meta,
      details: { reason: account ? "no_password" : "unknown_identifier" },
    });
    if (count > threshold) throw lockedError(new Date(now.getTime() + retryAfterMs), now);
    throw INVALID();
  }
  if (account.lockedUntil && account.lockedUntil > now) throw lockedError(account.lockedUntil, now);

  const { ok, needsRehash } = await ctx.passwords.verify(input.password, account.passwordHash);
  if (!ok) {
    const failures = await incrementFailedLogins(ctx.db.db, account.id);
    await recordAudit(ctx, ctx.db.db, "login.failed", {
      accountId: account.id,
      meta,
      details: { reason: "wrong_password", failures },
    });
    if (failures >= threshold) {
      const until = new Date(now.getTime() + lockMs);
      await updateAccount(ctx.db.db, account.id, { lockedUntil: until, failedLoginCount: 0 }, now);
      await recordAudit(ctx, ctx.db.db, "login.locked", {
        accountId: account.id,
        meta,
        details: { until: until.toISOString() },
      });
    }
    throw INVALID();
  }

  const changes: Parameters<typeof updateAccount>[2] = {};
  if (account.failedLoginCount > 0 || account.lockedUntil)
    Object.assign(changes, { failedLoginCount: 0, lockedUntil: null });
  if (needsRehash) changes.passwordHash = await ctx.passwords.hash(input.password);
  if (Object.keys(changes).length) await updateAccount(ctx.db.db, account.id, changes, now);
  if (needsRehash) await recordAudit(ctx, ctx.db.db, "password.rehashed", { accountId: account.id, meta });

  if (account.totpEnabledAt) {
    const challenge = await issueLoginChallenge(ctx, account.id, input.deviceName);
    await recordAudit(ctx, ctx.db.db, "login.two_factor_challenged", { accountId: account.id, meta });
    return {
      status: "two_factor_required",
      challengeToken: challenge.token,
      challengeExpiresAt: challenge.expiresAt.toISOString(),
    };
  }
  const tokens = await withTransaction(ctx.db.db, async (tx) => {
    await recordAudit(ctx, tx, "login.succeeded", {
      accountId: account.id,
      meta,
      details: { method: "password" },
    });
    return startSession(ctx, tx, {
      accountId: account.id,
      method: "password",
      meta,
      deviceName: input.deviceName,
    });
  });
  return { status: "authenticated", account: toAccountView(account), tokens };
}
