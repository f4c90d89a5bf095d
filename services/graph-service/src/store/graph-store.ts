import type { Transaction } from "@nova/db";

/** The viewer's relationship to one other account. */
export interface RelationshipFlags {
  following: boolean;
  followedBy: boolean;
  requested: boolean;
  requestedBy: boolean;
  blocking: boolean;
  blockedBy: boolean;
  muting: boolean;
}

/** No edge either way. */
export const NO_RELATIONSHIP: RelationshipFlags = Object.freeze({
  following: false,
  followedBy: false,
  requested: false,
  requestedBy: false,
  blocking: false,
  blockedBy: false,
  muting: false,
});

/** Why a follow or a request ended. */
export type EndReason = "unfollow" | "block" | "account_deleted" | "denied" | "cancelled" | "approved";

/** One edge change made by a store write; the domain turns these into events and cache invalidation. */
export type GraphChange =
  | { kind: "follow_created"; from: string; to: string; at: Date }
  | { kind: "follow_deleted"; from: string; to: string; reason: EndReason }
  | { kind: "request_created"; from: string; to: string; at: Date }
  | { kind: "request_approved"; from: string; to: string }
  | { kind: "request_deleted"; from: string; to: string; reason: EndReason }
  | { kind: "block_created"; from: string; to: string; at: Date }
  | { kind: "block_deleted"; from: string; to: string }
  | { kind: "mute_created"; from: string; to: string; at: Date }
  | { kind: "mute_deleted"; from: string; to: string };

/**
 * Called by every write with the changes it made, before the write commits; throwing rolls the
 * write back. `tx` is the PostgreSQL transaction of the write when the store lives in PostgreSQL
 * (so the outbox row commits with the edge), and undefined for a store elsewhere (Neo4j).
 */
export type RecordChanges = (changes: readonly GraphChange[], tx: Transaction | undefined) => Promise<void>;

/** Whom an account blocks, is blocked by and mutes. */
export interface HiddenAccounts {
  blocking: string[];
  blockedBy: string[];
  muting: string[];
}

/** A page of accounts, newest edge first. */
export interface EdgePage {
  items: { id: string; since: Date }[];
  /** Opaque; null when there are no more items. */
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export type FollowOutcome = "followed" | "requested" | "already_following" | "already_requested" | "blocked";

/** A friend-of-friend suggestion. */
export interface Suggestion {
  id: string;
  /** How many accounts the viewer follows that follow this one. */
  mutualCount: number;
  /** The newest of those follows. */
  lastFollowedAt: Date;
}

/**
 * Storage port of the follow graph. Each write is atomic (the edge changes and `record` succeed or
 * fail together) and idempotent (repeating it changes nothing and records nothing). Adapters:
 * PostgreSQL adjacency tables (embedded default) and Neo4j (NEO4J_URI); one contract suite.
 */
export interface GraphStore {
  readonly kind: "postgres" | "neo4j";
  /** Follows directly, or files a request when `requireApproval`; refused while either blocks the other. */
  follow(
    input: { followerId: string; followeeId: string; at: Date; requireApproval: boolean },
    record: RecordChanges,
  ): Promise<FollowOutcome>;
  /** Ends a follow; false when there was none. */
  unfollow(input: { followerId: string; followeeId: string }, record: RecordChanges): Promise<boolean>;
  /** Turns a pending request into a follow; false when there was no request. */
  approveRequest(
    input: { requesterId: string; targetId: string; at: Date },
    record: RecordChanges,
  ): Promise<boolean>;
  /** Drops a pending request (deny or cancel); false when there was none. */
  deleteRequest(
    input: { requesterId: string; targetId: string; reason: "denied" | "cancelled" },
    record: RecordChanges,
  ): Promise<boolean>;
  /** Blocks, removing follows and requests both ways; false when already blocking. */
  block(input: { blockerId: string; blockedId: string; at: Date }, record: RecordChanges): Promise<boolean>;
  unblock(input: { blockerId: string; blockedId: string }, record: RecordChanges): Promise<boolean>;
  mute(input: { muterId: string; mutedId: string; at: Date }, record: RecordChanges): Promise<boolean>;
  unmute(input: { muterId: string; mutedId: string }, record: RecordChanges): Promise<boolean>;
  /** Removes every edge touching the account; returns how many edges went. */
  eraseAccount(accountId: string, record: RecordChanges): Promise<number>;

  /** The viewer's relationship to each target (targets without edges get NO_RELATIONSHIP). */
  relationships(viewerId: string, targetIds: readonly string[]): Promise<Map<string, RelationshipFlags>>;
  followers(accountId: string, page: PageRequest): Promise<EdgePage>;
  following(accountId: string, page: PageRequest): Promise<EdgePage>;
  /** Accounts that follow `accountId` and that it follows back (since = the later of the two). */
  mutuals(accountId: string, page: PageRequest): Promise<EdgePage>;
  incomingRequests(accountId: string, page: PageRequest): Promise<EdgePage>;
  outgoingRequests(accountId: string, page: PageRequest): Promise<EdgePage>;
  blocked(accountId: string, page: PageRequest): Promise<EdgePage>;
  muted(accountId: string, page: PageRequest): Promise<EdgePage>;
  counts(accountIds: readonly string[]): Promise<Map<string, { followers: number; following: number }>>;
  /** Everyone `accountId` blocks, everyone blocking it, everyone it mutes. */
  hiddenFor(accountId: string): Promise<HiddenAccounts>;
  /** Friends of friends: ranked by mutual count, then recency; never self, followed, requested, blocked either way or muted. */
  suggestions(viewerId: string, limit: number): Promise<Suggestion[]>;
  /** Resolves when the store answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
