import type { Driver, Transaction } from "neo4j-driver";
import type { FollowOutcome, GraphChange, GraphStore } from "../graph-store.ts";
import { int, lockPair, run, unlockPair, writeTx } from "./neo4j-session.ts";

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

type EdgeType = "FOLLOWS" | "REQUESTED" | "BLOCKS" | "MUTES";

/** Deletes the `type` edge from `a` to `b`; whether there was one. */
async function deleteEdge(tx: Transaction, type: EdgeType, a: string, b: string): Promise<boolean> {
  const rows = await run<{ n: number }>(
    tx,
    `MATCH (:Account {id: $a})-[r:${type}]->(:Account {id: $b}) DELETE r RETURN count(*) AS n`,
    { a, b },
  );
  return (rows[0]?.n ?? 0) > 0;
}

/** Creates the `type` edge from `a` to `b` unless present; whether it was created. */
async function createEdge(tx: Transaction, type: EdgeType, a: string, b: string, at: Date): Promise<boolean> {
  const rows = await run<{ created: boolean }>(
    tx,
    `MERGE (x:Account {id: $a}) MERGE (y:Account {id: $b})
     WITH x, y, EXISTS { (x)-[:${type}]->(y) } AS existed
     FOREACH (_ IN CASE WHEN existed THEN [] ELSE [1] END | CREATE (x)-[:${type} {at: $at}]->(y))
     RETURN NOT existed AS created`,
    { a, b, at: int(at.getTime()) },
  );
  return rows[0]?.created === true;
}

/** A simple write: one edge created or deleted, one change recorded. */
function single(
  driver: Driver,
  op: (tx: Transaction) => Promise<boolean>,
  change: GraphChange,
  record: Parameters<GraphStore["mute"]>[1],
) {
  return writeTx(driver, async (tx) => {
    if (!(await op(tx))) return false;
    await record([change], undefined);
    return true;
  });
}

/** The writes of the Neo4j graph store: explicit transactions, the recorder called before commit. */
export function neo4jGraphWrites(driver: Driver): Writes {
  return {
    follow: ({ followerId, followeeId, at, requireApproval }, record) =>
      writeTx(driver, async (tx): Promise<FollowOutcome> => {
        await lockPair(tx, followerId, followeeId);
        const [state] = await run<{ blocked: boolean; following: boolean }>(
          tx,
          `MATCH (a:Account {id: $a}), (b:Account {id: $b})
           RETURN EXISTS { (a)-[:BLOCKS]-(b) } AS blocked, EXISTS { (a)-[:FOLLOWS]->(b) } AS following`,
          { a: followerId, b: followeeId },
        );
        let outcome: FollowOutcome;
        const changes: GraphChange[] = [];
        if (state?.blocked) outcome = "blocked";
        else if (state?.following) outcome = "already_following";
        else if (requireApproval) {
          const created = await createEdge(tx, "REQUESTED", followerId, followeeId, at);
          outcome = created ? "requested" : "already_requested";
          if (created) changes.push({ kind: "request_created", from: followerId, to: followeeId, at });
        } else {
          await createEdge(tx, "FOLLOWS", followerId, followeeId, at);
          changes.push({ kind: "follow_created", from: followerId, to: followeeId, at });
          // A request left from when the account was private is settled by the direct follow.
          if (await deleteEdge(tx, "REQUESTED", followerId, followeeId))
            changes.push({ kind: "request_deleted", from: followerId, to: followeeId, reason: "cancelled" });
          outcome = "followed";
        }
        await unlockPair(tx, followerId, followeeId);
        if (changes.length > 0) await record(changes, undefined);
        return outcome;
      }),

    unfollow: ({ followerId, followeeId }, record) =>
      single(
        driver,
        (tx) => deleteEdge(tx, "FOLLOWS", followerId, followeeId),
        { kind: "follow_deleted", from: followerId, to: followeeId, reason: "unfollow" },
        record,
      ),

    approveRequest: ({ requesterId, targetId, at }, record) =>
      writeTx(driver, async (tx) => {
        await lockPair(tx, requesterId, targetId);
        const had = await deleteEdge(tx, "REQUESTED", requesterId, targetId);
        const changes: GraphChange[] = [];
        if (had) {
          changes.push({ kind: "request_approved", from: requesterId, to: targetId });
          if (await createEdge(tx, "FOLLOWS", requesterId, targetId, at))
            changes.push({ kind: "follow_created", from: requesterId, to: targetId, at });
        }
        await unlockPair(tx, requesterId, targetId);
        if (changes.length > 0) await record(changes, undefined);
        return had;
      }),

    deleteRequest: ({ requesterId, targetId, reason }, record) =>
      single(
        driver,
        (tx) => deleteEdge(tx, "REQUESTED", requesterId, targetId),
        { kind: "request_deleted", from: requesterId, to: targetId, reason },
        record,
      ),

    block: ({ blockerId, blockedId, at }, record) =>
      writeTx(driver, async (tx) => {
        await lockPair(tx, blockerId, blockedId);
        const created = await createEdge(tx, "BLOCKS", blockerId, blockedId, at);
        const changes: GraphChange[] = [];
        if (created) {
          changes.push({ kind: "block_created", from: blockerId, to: blockedId, at });
          for (const [x, y] of [
            [blockerId, blockedId],
            [blockedId, blockerId],
          ] as const) {
            if (await deleteEdge(tx, "FOLLOWS", x, y))
              changes.push({ kind: "follow_deleted", from: x, to: y, reason: "block" });
            if (await deleteEdge(tx, "REQUESTED", x, y))
              changes.push({ kind: "request_deleted", from: x, to: y, reason: "block" });
          }
        }
        await unlockPair(tx, blockerId, blockedId);
        if (changes.length > 0) await record(changes, undefined);
        return created;
      }),

    unblock: ({ blockerId, blockedId }, record) =>
      single(
        driver,
        (tx) => deleteEdge(tx, "BLOCKS", blockerId, blockedId),
        { kind: "block_deleted", from: blockerId, to: blockedId },
        record,
      ),

    mute: ({ muterId, mutedId, at }, record) =>
      single(
        driver,
        (tx) => createEdge(tx, "MUTES", muterId, mutedId, at),
        { kind: "mute_created", from: muterId, to: mutedId, at },
        record,
      ),

    unmute: ({ muterId, mutedId }, record) =>
      single(
        driver,
        (tx) => deleteEdge(tx, "MUTES", muterId, mutedId),
        { kind: "mute_deleted", from: muterId, to: mutedId },
        record,
      ),

    eraseAccount: (accountId, record) =>
      writeTx(driver, async (tx) => {
        const rows = await run<{ type: EdgeType; from: string; to: string }>(
          tx,
          `MATCH (:Account {id: $id})-[r]-()
           WITH DISTINCT r
           WITH r, type(r) AS type, startNode(r).id AS from, endNode(r).id AS to
           DELETE r
           RETURN type, from, to`,
          { id: accountId },
        );
        await run(tx, "MATCH (n:Account {id: $id}) DETACH DELETE n", { id: accountId });
        const reason = "account_deleted" as const;
        const changes: GraphChange[] = rows.map(({ type, from, to }): GraphChange => {
          if (type === "FOLLOWS") return { kind: "follow_deleted", from, to, reason };
          if (type === "REQUESTED") return { kind: "request_deleted", from, to, reason };
          if (type === "BLOCKS") return { kind: "block_deleted", from, to };
          return { kind: "mute_deleted", from, to };
        });
        if (changes.length > 0) await record(changes, undefined);
        return changes.length;
      }),
  };
}
