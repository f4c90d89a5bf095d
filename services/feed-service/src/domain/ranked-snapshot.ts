import { randomUUID } from "node:crypto";
import { InvalidArgumentError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "./timeline-cursor.ts";

/**
 * A ranked order (for-you's ranking, explore's trending) kept so that a client can page through
 * it: the order is not stable between reads (ranking is stochastic over fresh candidates, trending
 * scores move every minute), so paging by re-ranking would repeat and skip posts. The first page
 * stores the whole order under a random id; a cursor names the id, the position in the order after
 * the page's last post (`o`) and how many posts were served before (`n`, the next page's first
 * impression position). Only the order is kept: what the viewer may see is asked again on every
 * page, so a block, a mute, a deletion or a moderation limit applies to the very next page.
 */
export const RANKED_SNAPSHOT_TTL_MS = 30 * 60_000;

/** The key of a kept order; `scope` is the viewer for for-you (an order is private to its viewer). */
const snapshotKey = (kind: string, scope: string, id: string) => `feed:v1:ranked:${kind}:${scope}:${id}`;

export interface RankedCursor {
  /** The kept order's id. */
  s: string;
  /** Position in the order where the next page starts. */
  o: number;
  /** Posts served on the pages before. */
  n: number;
}

const MAX_POSITION = 100_000;
const isCount = (v: unknown): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= MAX_POSITION;

export const encodeRankedCursor = (c: RankedCursor): string => encodeOpaqueCursor({ ...c });

/** A cursor `encodeRankedCursor` wrote; anything else is a 400 naming `cursor`. */
export function decodeRankedCursor(cursor: string): RankedCursor {
  return decodeOpaqueCursor(cursor, (v) =>
    typeof v.s === "string" && /^[0-9a-f-]{36}$/.test(v.s) && isCount(v.o) && isCount(v.n)
      ? { s: v.s, o: v.o, n: v.n }
      : undefined,
  );
}

/** Keeps `order` for `RANKED_SNAPSHOT_TTL_MS`; resolves to its id. */
export async function keepRankedOrder<T>(
  ctx: Pick<ServiceContext, "store">,
  kind: string,
  scope: string,
  order: T,
): Promise<string> {
  const id = randomUUID();
  await ctx.store.set(snapshotKey(kind, scope, id), order, { ttlMs: RANKED_SNAPSHOT_TTL_MS });
  return id;
}

/**
 * The order a cursor names. Gone (older than the TTL) or never kept for this scope (another
 * viewer's for-you cursor) is the same 400: the client starts again from the first page.
 */
export async function readRankedOrder<T>(
  ctx: Pick<ServiceContext, "store">,
  kind: string,
  scope: string,
  id: string,
): Promise<T> {
  const order = await ctx.store.get<T>(snapshotKey(kind, scope, id));
  if (order === undefined)
    throw new InvalidArgumentError(
      `cursor expired: a ranked order is kept ${RANKED_SNAPSHOT_TTL_MS / 60_000} minutes; ask for the first page again`,
      [{ field: "cursor", message: "names a ranked order that is no longer kept" }],
    );
  return order;
}
