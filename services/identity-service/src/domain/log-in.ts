import { withTransaction } from "@nova/db";
import { InvalidArgumentError, RateLimitedError, UnauthenticatedError } from "@nova/errors";
import { canonicalUsername } from "@nova/usernames";
import type { ServiceContext } from "../context.ts";
import { findAccountByEmail, findAccountByUsernameKey, updateAccount } from "../db/account-queries.ts";
import type { AccountRow } from "../db/schema/index.ts";
import { verifyDeviceToken } from "../security/device-token.ts";
import { type AccountView, toAccountView } from "./account-view.ts";
import { issueLoginChallenge } from "./login-challenge.ts";
import {
  checkLoginThrottle,
  clearLoginThrottle,
  recordLoginFailure,
  type ThrottleScope,
} from "./login-throttle.ts";
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
  /** The device token this device got at its last login on the account (see security/device-token.ts). */
  deviceToken?: string;
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
 * Password step of a login. Unknown identifiers take as long as wrong passwords (a dummy argon2id
 * verification) and are throttled the same way, so neither the answer, its timing nor the throttle
 * reveals whether an account exists. Failures slow down where they come from (login-throttle.ts):
 * the address × account pair, the known device, the address across accounts, and — for unknown
 * devices only — the account across addresses; nothing a stranger does keeps the owner's known
 * device out. With two-factor on, the answer is a short-lived challenge instead of tokens.
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
  // Per address only: a per-account request limit would let anyone keep the owner out.
  await ctx.limiter.hit(...authLimits(ctx, "login", { ip: meta.ip }));
  const now = ctx.clock();
  const account = await findByIdentifier(ctx, identifier);
  const subject = account?.id ?? `id:${identifier}`;
  const device = await verifyDeviceToken(ctx.keys, input.deviceToken, now);
  const knownDevice = device !== undefined && device.accountId === account?.id;
  const scopes: ThrottleScope[] = knownDevice
    ? [{ kind: "device", id: device.deviceId }]
    : [
        { kind: "pair", id: `${meta.ip || "unknown"}:${subject}` },
        { kind: "account", id: subject },
        ...(meta.ip ? [{ kind: "ip" as const, id: meta.ip }] : []),
      ];
  await checkLoginThrottle(ctx, scopes);

  if (!account?.passwordHash) {
    await ctx.passwords.verifyDummy(input.password);
    await recordLoginFailure(ctx, scopes);
    await recordAudit(ctx, ctx.db.db, "login.failed", {
      accountId: account?.id,
      meta,
      details: { reason: account ? "no_password" : "unknown_identifier" },
    });
    throw INVALID();
  }
  if (account.lockedUntil && account.lockedUntil > now) throw lockedError(account.lockedUntil, now);

  const { ok, needsRehash } = await ctx.passwords.verify(input.password, account.passwordHash);
  if (!ok) {
    await recordLoginFailure(ctx, scopes);
    await recordAudit(ctx, ctx.db.db, "login.failed", {
      accountId: account.id,
      meta,
      details: { reason: "wrong_password", knownDevice },
    });
    throw INVALID();
  }
  // The account scope is left alone: the owner's success must not refill a botnet's budget.
  await clearLoginThrottle(
    ctx,
    scopes.filter((sc) => sc.kind === "pair" || sc.kind === "device"),
  );

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
      details: { method: "password", knownDevice },
    });
    return startSession(ctx, tx, {
      accountId: account.id,
      method: "password",
      meta,
      deviceName: input.deviceName,
      deviceId: knownDevice ? device.deviceId : undefined,
    });
  });
  return { status: "authenticated", account: toAccountView(account), tokens };
}
