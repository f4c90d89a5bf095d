import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { type Database, withTransaction } from "@nova/db";
import { NotFoundError, UnauthenticatedError } from "@nova/errors";
import { AccountCreatedSchema } from "@nova/proto/identity/v1";
import { canonicalUsername } from "@nova/usernames";
import type { ServiceContext } from "../context.ts";
import { findAccountByEmail, findAccountById, insertAccount } from "../db/account-queries.ts";
import { findOAuthIdentity, insertOAuthIdentity } from "../db/oauth-identity-queries.ts";
import type { AccountRow } from "../db/schema/index.ts";
import type { ExternalIdentity } from "../oauth/oidc-client.ts";
import { toAccountView } from "./account-view.ts";
import { deriveUsername } from "./derive-username.ts";
import type { LogInResult } from "./log-in.ts";
import { issueLoginChallenge } from "./login-challenge.ts";
import { normalizeEmail } from "./normalize-email.ts";
import { authLimits } from "./rate-limits.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { sendVerificationMail } from "./send-email-verification.ts";
import { oauthFlowKey, type PendingOAuthFlow } from "./start-oauth-login.ts";
import { startSession } from "./start-session.ts";

export interface CompleteOAuthLoginInput {
  provider: string;
  code?: string;
  state?: string;
  /** The provider's `error` parameter when the user declined or the request was bad. */
  error?: string;
}

/** The login result plus how the external identity was matched. */
export type OAuthLoginResult = LogInResult & { outcome: "existing" | "linked" | "created" };

const restart = (why: string) => new UnauthenticatedError(`${why}; start the login again`);

function emailOrUndefined(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    return normalizeEmail(raw);
  } catch {
    return undefined; // a provider address we would not accept at registration is simply not used
  }
}

/** Takes the pending flow for `state` exactly once (a replayed callback finds nothing). */
async function takeFlow(ctx: ServiceContext, state: string, provider: string): Promise<PendingOAuthFlow> {
  const key = oauthFlowKey(state);
  const flow = await ctx.cache.get<PendingOAuthFlow>(key);
  if (!flow || (await ctx.cache.delete(key)) === 0) throw restart("unknown or used login state");
  if (flow.provider !== provider) throw restart("login state belongs to another provider");
  if (Date.parse(flow.expiresAt) <= ctx.clock().getTime()) throw restart("login attempt expired");
  return flow;
}

async function createAccountFor(
  ctx: ServiceContext,
  tx: Database,
  id: string,
  provider: string,
  username: string,
  email: string | undefined,
  emailVerified: boolean,
): Promise<AccountRow> {
  const now = ctx.clock();
  const account = await insertAccount(tx, {
    id,
    email: email ?? null,
    emailVerifiedAt: email && emailVerified ? now : null,
    username,
    usernameKey: canonicalUsername(username),
    passwordHash: null,
    createdAt: now,
    updatedAt: now,
  });
  await ctx.outbox.enqueue(tx, {
    aggregateId: account.id,
    schema: AccountCreatedSchema,
    payload: create(AccountCreatedSchema, {
      accountId: account.id,
      username,
      createdAt: timestampFromDate(now),
    }),
    occurredAt: now,
  });
  await recordAudit(ctx, tx, "account.registered", {
    accountId: account.id,
    details: { method: `oauth:${provider}` },
  });
  return account;
}

/** The account an external identity logs in to, linking or creating one the first time. */
async function resolveAccount(
  ctx: ServiceContext,
  provider: string,
  who: ExternalIdentity,
  meta: RequestMeta,
): Promise<{ account: AccountRow; outcome: "existing" | "linked" | "created" }> {
  const linked = await findOAuthIdentity(ctx.db.db, provider, who.subject);
  if (linked) {
    const account = await findAccountById(ctx.db.db, linked.accountId);
    if (account?.status !== "active") throw new UnauthenticatedError("account is not active");
    return { account, outcome: "existing" };
  }
  const email = emailOrUndefined(who.email);
  const holder = email ? await findAccountByEmail(ctx.db.db, email) : undefined;
  const canLink = !!holder && holder.status === "active" && who.emailVerified && !!holder.emailVerifiedAt;
  // Looked up before the transaction: it may call user-service, and PGlite has one connection.
  const newAccountId = Bun.randomUUIDv7();
  const username = canLink
    ? undefined
    : await deriveUsername(ctx, newAccountId, [who.name, email?.split("@")[0], who.email?.split("@")[0]]);
  return withTransaction(ctx.db.db, async (tx) => {
    const account =
      canLink && holder
        ? holder
        : await createAccountFor(
            ctx,
            tx,
            newAccountId,
            provider,
            username as string,
            holder ? undefined : email,
            who.emailVerified,
          );
    await insertOAuthIdentity(tx, {
      id: Bun.randomUUIDv7(),
      accountId: account.id,
      provider,
      subject: who.subject,
      email: email ?? null,
      createdAt: ctx.clock(),
    });
    await recordAudit(ctx, tx, "oauth.linked", {
      accountId: account.id,
      meta,
      details: { provider, reason: canLink ? "verified_email" : "new_account" },
    });
    return { account, outcome: canLink ? ("linked" as const) : ("created" as const) };
  });
}

/**
 * Callback leg: the code is redeemed (with the PKCE verifier) and the id_token verified against the
 * provider's JWKS (issuer, audience, expiry, nonce). The identity then logs in to the account it is
 * linked to; or links to the account holding the same email — only when the provider says the email
 * is verified AND the local account verified it too, since either unverified side would let someone
 * take over an account by claiming its address; or gets a new account (the email kept only when no
 * account holds it). Two-factor accounts still need their code.
 */
export async function completeOAuthLogin({
  ctx,
  input,
  meta,
}: {
  ctx: ServiceContext;
  input: CompleteOAuthLoginInput;
  meta: RequestMeta;
}): Promise<OAuthLoginResult> {
  meta = cleanMeta(meta);
  const provider = ctx.oauth.get(input.provider);
  if (!provider) throw new NotFoundError("oauth provider", input.provider);
  await ctx.limiter.hit(...authLimits(ctx, "login", { ip: meta.ip }));
  if (!input.state) throw restart("missing login state");
  const flow = await takeFlow(ctx, input.state, provider.name);
  if (input.error) throw new UnauthenticatedError(`${provider.name} login was not completed: ${input.error}`);
  if (!input.code) throw restart("missing authorization code");
  const who = await ctx.oidc.redeemCode(provider, {
    code: input.code,
    codeVerifier: flow.codeVerifier,
    nonce: flow.nonce,
    now: ctx.clock(),
  });
  const method = `oauth:${provider.name}`;
  const { account, outcome } = await resolveAccount(ctx, provider.name, who, meta);
  if (outcome === "created" && account.email && !account.emailVerifiedAt)
    await sendVerificationMail(ctx, account, meta).catch((err) =>
      ctx.log.warn("verification mail not sent; the user can ask again", { err }),
    );

  if (account.lockedUntil && account.lockedUntil > ctx.clock())
    throw new UnauthenticatedError("account is locked; try again later");
  if (account.totpEnabledAt) {
    const challenge = await issueLoginChallenge(ctx, account.id, flow.deviceName);
    await recordAudit(ctx, ctx.db.db, "login.two_factor_challenged", {
      accountId: account.id,
      meta,
      details: { method },
    });
    return {
      status: "two_factor_required",
      challengeToken: challenge.token,
      challengeExpiresAt: challenge.expiresAt.toISOString(),
      outcome,
    };
  }
  const tokens = await withTransaction(ctx.db.db, async (tx) => {
    await recordAudit(ctx, tx, "login.succeeded", { accountId: account.id, meta, details: { method } });
    return startSession(ctx, tx, { accountId: account.id, method, meta, deviceName: flow.deviceName });
  });
  return { status: "authenticated", account: toAccountView(account), tokens, outcome };
}
