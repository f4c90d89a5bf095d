import { type Database, withTransaction } from "@nova/db";
import { and, eq, or } from "drizzle-orm";
import { blocks, followRequests, follows, mutes } from "../../db/schema/index.ts";
import type { FollowOutcome, GraphChange, GraphStore } from "../graph-store.ts";
import { lockPair } from "./lock-pair.ts";

type Writes = Pick<
  GraphStore,
  | "follow"
  | "unfollow"
  | "approveRequest"
  | "deleteRequest"
  | "block"
  | "unblock"
  | "mute"
  | "unmute"
  | "eraseAccount"
>;

const followPair = (from: string, to: string) =>
  and(eq(follows.followerId, from), eq(follows.followeeId, to));
const requestPair = (from: string, to: string) =>
  and(eq(followRequests.requesterId, from), eq(followRequests.targetId, to));

/** The writes of the PostgreSQL graph store: each one transaction, the changes recorded inside it. */
export function postgresGraphWrites(db: Database): Writes {
  return {
    follow: ({ followerId, followeeId, at, requireApproval }, record) =>
      withTransaction(db, async (tx): Promise<FollowOutcome> => {
        await lockPair(tx, followerId, followeeId);
        const blocked = await tx
          .select({ id: blocks.blockerId })
          .from(blocks)
          .where(
            or(
              and(eq(blocks.blockerId, followerId), eq(blocks.blockedId, followeeId)),
              and(eq(blocks.blockerId, followeeId), eq(blocks.blockedId, followerId)),
            ),
          )
          .limit(1);
        if (blocked.length > 0) return "blocked";
        const existing = await tx
          .select({ id: follows.followeeId })
          .from(follows)
          .where(followPair(followerId, followeeId));
        if (existing.length > 0) return "already_following";
        if (requireApproval) {
          const inserted = await tx
            .insert(followRequests)
            .values({ requesterId: followerId, targetId: followeeId, createdAt: at })
            .onConflictDoNothing()
            .returning({ id: followRequests.targetId });
          if (inserted.length === 0) return "already_requested";
          await record([{ kind: "request_created", from: followerId, to: followeeId, at }], tx);
          return "requested";
        }
        await tx.insert(follows).values({ followerId, followeeId, createdAt: at });
        const changes: GraphChange[] = [{ kind: "follow_created", from: followerId, to: followeeId, at }];
        // A request left from when the account was private is settled by the direct follow.
        const stale = await tx.delete(followRequests).where(requestPair(followerId, followeeId)).returning();
        if (stale.length > 0)
          changes.push({ kind: "request_deleted", from: followerId, to: followeeId, reason: "cancelled" });
        await record(changes, tx);
        return "followed";
      }),

    unfollow: ({ followerId, followeeId }, record) =>
      withTransaction(db, async (tx) => {
        const gone = await tx.delete(follows).where(followPair(followerId, followeeId)).returning();
        if (gone.length === 0) return false;
        await record([{ kind: "follow_deleted", from: followerId, to: followeeId, reason: "unfollow" }], tx);
        return true;
      }),

    approveRequest: ({ requesterId, targetId, at }, record) =>
      withTransaction(db, async (tx) => {
        await lockPair(tx, requesterId, targetId);
        const gone = await tx.delete(followRequests).where(requestPair(requesterId, targetId)).returning();
        if (gone.length === 0) return false;
        const inserted = await tx
          .insert(follows)
          .values({ followerId: requesterId, followeeId: targetId, createdAt: at })
          .onConflictDoNothing()
          .returning();
        const changes: GraphChange[] = [{ kind: "request_approved", from: requesterId, to: targetId }];
        if (inserted.length > 0)
          changes.push({ kind: "follow_created", from: requesterId, to: targetId, at });
        await record(changes, tx);
        return true;
      }),

    deleteRequest: ({ requesterId, targetId, reason }, record) =>
      withTransaction(db, async (tx) => {
        const gone = await tx.delete(followRequests).where(requestPair(requesterId, targetId)).returning();
        if (gone.length === 0) return false;
        await record([{ kind: "request_deleted", from: requesterId, to: targetId, reason }], tx);
        return true;
      }),

    block: ({ blockerId, blockedId, at }, record) =>
      withTransaction(db, async (tx) => {
        await lockPair(tx, blockerId, blockedId);
        const inserted = await tx
          .insert(blocks)
          .values({ blockerId, blockedId, createdAt: at })
          .onConflictDoNothing()
          .returning();
        if (inserted.length === 0) return false;
        const changes: GraphChange[] = [{ kind: "block_created", from: blockerId, to: blockedId, at }];
        const follows_ = await tx
          .delete(follows)
          .where(or(followPair(blockerId, blockedId), followPair(blockedId, blockerId)))
          .returning();
        for (const f of follows_)
          changes.push({ kind: "follow_deleted", from: f.followerId, to: f.followeeId, reason: "block" });
        const requests = await tx
          .delete(followRequests)
          .where(or(requestPair(blockerId, blockedId), requestPair(blockedId, blockerId)))
          .returning();
        for (const r of requests)
          changes.push({ kind: "request_deleted", from: r.requesterId, to: r.targetId, reason: "block" });
        await record(changes, tx);
        return true;
      }),

    unblock: ({ blockerId, blockedId }, record) =>
      withTransaction(db, async (tx) => {
        const gone = await tx
          .delete(blocks)
          .where(and(eq(blocks.blockerId, blockerId), eq(blocks.blockedId, blockedId)))
          .returning();
        if (gone.length === 0) return false;
        await record([{ kind: "block_deleted", from: blockerId, to: blockedId }], tx);
        return true;
      }),

    mute: ({ muterId, mutedId, at }, record) =>
      withTransaction(db, async (tx) => {
        const inserted = await tx
          .insert(mutes)
          .values({ muterId, mutedId, createdAt: at })
          .onConflictDoNothing()
          .returning();
        if (inserted.length === 0) return false;
        await record([{ kind: "mute_created", from: muterId, to: mutedId, at }], tx);
        return true;
      }),

    unmute: ({ muterId, mutedId }, record) =>
      withTransaction(db, async (tx) => {
        const gone = await tx
          .delete(mutes)
          .where(and(eq(mutes.muterId, muterId), eq(mutes.mutedId, mutedId)))
          .returning();
        if (gone.length === 0) return false;
        await record([{ kind: "mute_deleted", from: muterId, to: mutedId }], tx);
        return true;
      }),

    eraseAccount: (accountId, record) =>
      withTransaction(db, async (tx) => {
        const reason = "account_deleted" as const;
        const changes: GraphChange[] = [];
        const f = await tx
          .delete(follows)
          .where(or(eq(follows.followerId, accountId), eq(follows.followeeId, accountId)))
          .returning();
        for (const r of f)
          changes.push({ kind: "follow_deleted", from: r.followerId, to: r.followeeId, reason });
        const q = await tx
          .delete(followRequests)
          .where(or(eq(followRequests.requesterId, accountId), eq(followRequests.targetId, accountId)))
          .returning();
        for (const r of q)
          changes.push({ kind: "request_deleted", from: r.requesterId, to: r.targetId, reason });
        const b = await tx
          .delete(blocks)
          .where(or(eq(blocks.blockerId, accountId), eq(blocks.blockedId, accountId)))
          .returning();
        for (const r of b) changes.push({ kind: "block_deleted", from: r.blockerId, to: r.blockedId });
        const m = await tx
          .delete(mutes)
          .where(or(eq(mutes.muterId, accountId), eq(mutes.mutedId, accountId)))
          .returning();
        for (const r of m) changes.push({ kind: "mute_deleted", from: r.muterId, to: r.mutedId });
        if (changes.length > 0) await record(changes, tx);
        return changes.length;
      }),
  };
}
