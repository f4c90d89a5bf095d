import { UnprocessableContentError } from "@nova/errors";
import { canonicalUsername, checkUsername, USERNAME_MAX_LENGTH } from "@nova/usernames";
import type { ServiceContext } from "../context.ts";
import { findAccountByUsernameKey } from "../db/account-queries.ts";
import { checkSignUpUsername } from "./check-sign-up-username.ts";

/** Folds a display name or email local part into the username charset (a-z, 0-9, _). */
export function usernameStem(source: string): string {
  const folded = source
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "")
    .slice(0, USERNAME_MAX_LENGTH - 5);
  const stem = /[a-z]/.test(folded) ? folded : `user_${folded}`;
  return stem.length >= 3 ? stem : `${stem}_user`.replace(/^_/, "");
}

/**
 * Whether a username may be taken: user-service's CheckUsernameAvailability when it answers (it
 * knows renamed profiles), else the shared rules plus identity's own accounts.
 */
async function available(ctx: ServiceContext, name: string): Promise<boolean> {
  if (!checkUsername(name).ok) return false;
  if (await findAccountByUsernameKey(ctx.db.db, canonicalUsername(name))) return false;
  try {
    return (await ctx.users.checkUsernameAvailability({ username: name }, { timeoutMs: 2_000 })).available;
  } catch (err) {
    // Unreachable or failing peer: the unique index on identity's side still guards the insert.
    ctx.log.warn("user-service unavailable; username checked by local rules only", { err });
    return true;
  }
}

/**
 * Whether trust-safety lets the new account (`accountId`) use `name` (the sign-up Check): a refused
 * or held name is skipped for the next candidate. No answer follows USERNAME_CHECK_FAIL_MODE (503
 * or accepted), as a password sign-up does.
 */
async function allowed(ctx: ServiceContext, accountId: string, name: string): Promise<boolean> {
  try {
    await checkSignUpUsername(ctx, accountId, name);
    return true;
  } catch (err) {
    if (err instanceof UnprocessableContentError) return false;
    throw err;
  }
}

/**
 * A free username for the account `accountId` created through OAuth: the stem of the provider's
 * name or email, then the first allowed stem with a random 4-digit suffix; each candidate taken by
 * nobody and allowed by trust-safety's Check (a refused stem is not used with a suffix either). The
 * last resort, `user_<random>`, says nothing and is not checked. The unique index still decides at
 * insert.
 */
export async function deriveUsername(
  ctx: ServiceContext,
  accountId: string,
  sources: (string | undefined)[],
): Promise<string> {
  const stems = [...new Set(sources.filter((s): s is string => !!s).map(usernameStem))];
  if (stems.length === 0) stems.push("user");
  const usable: string[] = [];
  for (const stem of stems) {
    if (!(await allowed(ctx, accountId, stem))) continue;
    if (await available(ctx, stem)) return stem;
    usable.push(stem);
  }
  const stem = usable[0];
  for (let i = 0; stem && i < 8; i++) {
    const candidate = `${stem}_${String(Math.floor(1000 + Math.random() * 9000))}`;
    if (await available(ctx, candidate)) return candidate;
  }
  return `user_${Bun.randomUUIDv7().replace(/-/g, "").slice(-12)}`;
}
