import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { withTransaction } from "@nova/db";
import { ConflictError } from "@nova/errors";
import { AccountCreatedSchema } from "@nova/proto/identity/v1";
import { canonicalUsername, validateUsername } from "@nova/usernames";
import type { ServiceContext } from "../context.ts";
import { findAccountByEmail, findAccountByUsernameKey, insertAccount } from "../db/account-queries.ts";
import { checkPasswordStrength } from "../security/password-policy.ts";
import { type AccountView, toAccountView } from "./account-view.ts";
import { answerTakenEmail } from "./answer-taken-email.ts";
import { checkSignUpUsername } from "./check-sign-up-username.ts";
import { normalizeEmail } from "./normalize-email.ts";
import { authLimits } from "./rate-limits.ts";
import { recordAudit } from "./record-audit.ts";
import { cleanMeta, type RequestMeta } from "./request-meta.ts";
import { sendVerificationMail } from "./send-email-verification.ts";
import { startSession } from "./start-session.ts";
import type { TokenPair } from "./token-pair.ts";

export interface RegisterAccountInput {
  email: string;
  password: string;
  username: string;
  deviceName?: string;
}

/** Unique-violation of the partial indexes: a concurrent registration won the race. */
function uniqueViolation(err: unknown): string | undefined {
  const e = err as {
    code?: string;
    constraint_name?: string;
    constraint?: string;
    cause?: unknown;
    message?: string;
  };
  const inner = (e?.cause ?? e) as typeof e;
  if (inner?.code !== "23505") return undefined;
  const name = inner.constraint_name ?? inner.constraint ?? inner.message ?? "";
  return name.includes("email") ? "email" : "username";
}

/**
 * Creates an account and logs it in. An address that already has an account gets the same answer
 * (see answer-taken-email.ts) and its owner a mail, so registration reveals no one's address. The username is reserved here (identity is where accounts
 * begin), after trust-safety's Check on it (checkSignUpUsername); user-service creates the profile
 * with it from the AccountCreated event written in the same transaction. A verification mail is sent after commit.
 */
export async function registerAccount({
  ctx,
  input,
  meta,
}: {
  ctx: ServiceContext;
  input: RegisterAccountInput;
  meta: RequestMeta;
}): Promise<{ account: AccountView; tokens: TokenPair }> {
  meta = cleanMeta(meta);
  await ctx.limiter.hit(...authLimits(ctx, "register", { ip: meta.ip }));
  const email = normalizeEmail(input.email);
  const username = validateUsername(input.username);
  const typed = input.username.trim();
  checkPasswordStrength(input.password, { email, username });
  // Usernames are public (profiles show them), so a taken one is said; an address is not.
  if (await findAccountByUsernameKey(ctx.db.db, canonicalUsername(username)))
    throw new ConflictError("username is taken", "username");
  // Checked before the address is looked at: a refused username is refused whoever owns the address.
  const accountId = Bun.randomUUIDv7();
  await checkSignUpUsername(ctx, accountId, typed);
  const owner = await findAccountByEmail(ctx.db.db, email);
  const passwordHash = await ctx.passwords.hash(input.password);
  if (owner) return answerTakenEmail(ctx, owner, { email, typedUsername: typed }, meta);
  const now = ctx.clock();
  try {
    const result = await withTransaction(ctx.db.db, async (tx) => {
      const account = await insertAccount(tx, {
        id: accountId,
        email,
        username: typed,
        usernameKey: username,
        passwordHash,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      });
      await ctx.outbox.enqueue(tx, {
        aggregateId: account.id,
        schema: AccountCreatedSchema,
        payload: create(AccountCreatedSchema, {
          accountId: account.id,
          username: typed,
          createdAt: timestampFromDate(now),
        }),
        occurredAt: now,
      });
      await recordAudit(ctx, tx, "account.registered", { accountId: account.id, meta });
      const tokens = await startSession(ctx, tx, {
        accountId: account.id,
        method: "password",
        meta,
        deviceName: input.deviceName,
      });
      return { account, tokens };
    });
    await sendVerificationMail(ctx, result.account, meta).catch((err) =>
      ctx.log.warn("verification mail not sent; the user can ask again", { err }),
    );
    return { account: toAccountView(result.account), tokens: result.tokens };
  } catch (err) {
    const field = uniqueViolation(err);
    if (field === "email") {
      // A concurrent registration took the address first: answer as for any taken address.
      const winner = await findAccountByEmail(ctx.db.db, email);
      if (winner) return answerTakenEmail(ctx, winner, { email, typedUsername: typed }, meta);
    }
    if (field) throw new ConflictError("username is taken", "username");
    throw err;
  }
}
