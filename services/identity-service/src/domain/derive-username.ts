import { canonicalUsername, checkUsername, USERNAME_MAX_LENGTH } from "@nova/usernames";
import type { ServiceContext } from "../context.ts";
import { findAccountByUsernameKey } from "../db/account-queries.ts";

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
 * A free username for an account created through OAuth: the stem of the provider's name or email,
 * then the stem with a random 4-digit suffix. The unique index still decides at insert.
 */
export async function deriveUsername(ctx: ServiceContext, sources: (string | undefined)[]): Promise<string> {
  const stems = [...new Set(sources.filter((s): s is string => !!s).map(usernameStem))];
  if (stems.length === 0) stems.push("user");
  for (const stem of stems) if (await available(ctx, stem)) return stem;
  const stem = stems[0] as string;
  for (let i = 0; i < 8; i++) {
    const candidate = `${stem}_${String(Math.floor(1000 + Math.random() * 9000))}`;
    if (await available(ctx, candidate)) return candidate;
  }
  return `user_${Bun.randomUUIDv7().replace(/-/g, "").slice(-12)}`;
}
