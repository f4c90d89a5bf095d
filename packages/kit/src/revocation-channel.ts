import type { Revocation } from "@nova/auth";
import type { CacheStore } from "@nova/cache";
import { z } from "zod";

/** Pub/sub channel carrying each revocation to every instance of every service at once. */
export const REVOCATION_CHANNEL = "nova:revocations";
/** Sorted set of the revocations still in force (scored by expiry), read by an instance at start. */
export const REVOCATION_SET_KEY = "nova:revocations:v1";

const revocationSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("sessions"),
    accountId: z.string().min(1),
    sessionIds: z.array(z.string().min(1)),
    expiresAt: z.number(),
  }),
  z.object({
    kind: z.literal("account"),
    accountId: z.string().min(1),
    notBefore: z.number(),
    expiresAt: z.number(),
    suspended: z.boolean().optional(),
  }),
]);

function parse(text: string): Revocation | undefined {
  try {
    const r = revocationSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** This instance's end of the revocation channel and set. */
export interface RevocationChannel {
  /** Stores the revocation (bounded set) and tells every listening instance. */
  announce(revocation: Revocation): Promise<void>;
  /** The revocations still in force, for an instance that starts (at most the set's bound). */
  load(now: number): Promise<Revocation[]>;
  close(): Promise<void>;
}

/**
 * Listens on `nova:revocations` in the cache store, handing each revocation to `onRevocation`;
 * resolves once subscribed, so nothing announced afterwards is missed. The set keeps the
 * `maxEntries` latest-expiring revocations.
 */
export async function openRevocationChannel(
  store: CacheStore,
  opts: { maxEntries: number; onRevocation: (r: Revocation) => void; onError: (err: unknown) => void },
): Promise<RevocationChannel> {
  const unsubscribe = await store.subscribe(REVOCATION_CHANNEL, (text) => {
    const revocation = parse(text);
    if (revocation) opts.onRevocation(revocation);
    else opts.onError(new Error("malformed message on the revocation channel"));
  });
  return {
    async announce(revocation) {
      const text = JSON.stringify(revocation);
      await store.zadd(REVOCATION_SET_KEY, [{ member: text, score: revocation.expiresAt }]);
      await store.ztrim(REVOCATION_SET_KEY, opts.maxEntries);
      await store.publish(REVOCATION_CHANNEL, text);
    },
    async load(now) {
      const members = await store.zrevrange(REVOCATION_SET_KEY, {
        limit: opts.maxEntries,
        minScore: now,
      });
      // Oldest first, so the in-memory list's insertion order follows expiry.
      return members
        .reverse()
        .map((m) => parse(m.member))
        .filter((r): r is Revocation => r !== undefined);
    },
    close: unsubscribe,
  };
}
