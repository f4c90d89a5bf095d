import type { AuthContext } from "./auth-context.ts";

/**
 * A revocation announced by identity-service: these sessions' tokens, or every token of an account
 * issued at or before `notBefore` (epoch ms), are refused until `expiresAt` (epoch ms) — the latest
 * expiry of any token it covers, after which signature verification refuses them anyway.
 */
export type Revocation =
  | { kind: "sessions"; accountId: string; sessionIds: readonly string[]; expiresAt: number }
  | {
      kind: "account";
      accountId: string;
      notBefore: number;
      expiresAt: number;
      /** The account was suspended or banned (trust & safety): its tokens answer 403, not 401. */
      suspended?: boolean;
    };

/** What the token verifier consults on every verification (a cache hit included). */
export interface RevocationView {
  /** True when the token's session or account was revoked after it was issued. */
  isRevoked(auth: AuthContext): boolean;
  /** True when the token is revoked because its account was suspended (the latest account revocation says so). */
  isSuspended?(auth: AuthContext): boolean;
}

/** The in-memory view one instance holds, fed by identity's events and the revocation channel. */
export interface RevocationList extends RevocationView {
  /** Records a revocation (idempotent; an expired one is ignored). */
  apply(revocation: Revocation): void;
  /** Entries held now (sessions + accounts). */
  readonly size: number;
}

export interface RevocationListOptions {
  /** Bound on entries held (sessions + accounts); the soonest-expiring go first. Default 100,000. */
  maxEntries?: number;
  clock?: () => Date;
  /** Called when the bound drops an entry that has not expired (a token it covered verifies again). */
  onOverflow?: (dropped: number) => void;
}

/**
 * Revoked session ids and per-account "not before" times, each kept until the tokens it covers have
 * expired, at most `maxEntries` of them: a lookup is two map reads, cheap enough for every request.
 */
export function createRevocationList(opts: RevocationListOptions = {}): RevocationList {
  const maxEntries = opts.maxEntries ?? 100_000;
  const clock = opts.clock ?? (() => new Date());
  // Insertion order ≈ expiry order (revocations arrive roughly in time order), so the oldest
  // entries are at the front: expired ones are swept from there, and the bound drops from there.
  const sessions = new Map<string, number>();
  const accounts = new Map<string, { notBefore: number; expiresAt: number; suspended: boolean }>();

  const sweep = (now: number) => {
    for (const [id, expiresAt] of sessions) {
      if (expiresAt > now) break;
      sessions.delete(id);
    }
    for (const [id, entry] of accounts) {
      if (entry.expiresAt > now) break;
      accounts.delete(id);
    }
  };
  const bound = () => {
    let dropped = 0;
    while (sessions.size + accounts.size > maxEntries) {
      // Drop from whichever map holds the entry that expires first.
      const s = sessions.entries().next().value as [string, number] | undefined;
      const a = accounts.entries().next().value as [string, { expiresAt: number }] | undefined;
      if (s && (!a || s[1] <= a[1].expiresAt)) sessions.delete(s[0]);
      else if (a) accounts.delete(a[0]);
      dropped++;
    }
    if (dropped > 0) opts.onOverflow?.(dropped);
  };

  return {
    get size() {
      return sessions.size + accounts.size;
    },
    apply(revocation) {
      const now = clock().getTime();
      if (revocation.expiresAt <= now) return;
      sweep(now);
      if (revocation.kind === "sessions") {
        for (const id of revocation.sessionIds) {
          const held = sessions.get(id) ?? 0;
          sessions.delete(id);
          sessions.set(id, Math.max(held, revocation.expiresAt));
        }
      } else {
        const held = accounts.get(revocation.accountId);
        accounts.delete(revocation.accountId);
        const latest = !held || revocation.notBefore >= held.notBefore;
        accounts.set(revocation.accountId, {
          notBefore: Math.max(held?.notBefore ?? 0, revocation.notBefore),
          expiresAt: Math.max(held?.expiresAt ?? 0, revocation.expiresAt),
          suspended: latest ? revocation.suspended === true : (held?.suspended ?? false),
        });
      }
      bound();
    },
    isRevoked(auth) {
      const now = clock().getTime();
      const session = sessions.get(auth.sessionId);
      if (session !== undefined && session > now) return true;
      const account = accounts.get(auth.accountId);
      // `iat` has whole seconds: a token issued within the same second as the revocation counts as
      // before it (refused) — the safe side; that account's next login simply gets a later second.
      return account !== undefined && account.expiresAt > now && auth.issuedAt.getTime() <= account.notBefore;
    },
    isSuspended(auth) {
      const account = accounts.get(auth.accountId);
      return (
        !!account?.suspended &&
        account.expiresAt > clock().getTime() &&
        auth.issuedAt.getTime() <= account.notBefore
      );
    },
  };
}
