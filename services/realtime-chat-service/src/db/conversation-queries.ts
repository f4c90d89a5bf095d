import type { Database, Transaction } from "@nova/db";
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { conversations, type MemberState, members } from "./schema/index.ts";

type Db = Database | Transaction;
export type ConversationRow = typeof conversations.$inferSelect;
export type MemberRow = typeof members.$inferSelect;

/** States whose member receives envelopes (a message request is delivered, just filed apart). */
export const RECEIVING_STATES: readonly MemberState[] = ["active", "request"];

export async function findConversation(db: Db, id: string): Promise<ConversationRow | undefined> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
  return row;
}

export async function findDirectConversation(
  db: Db,
  directKey: string,
): Promise<ConversationRow | undefined> {
  const [row] = await db.select().from(conversations).where(eq(conversations.directKey, directKey));
  return row;
}

/** Locks the conversation and takes its next seq (sends in one conversation are serialized here). */
export async function nextConversationSeq(tx: Transaction, id: string, now: Date): Promise<number> {
  const [row] = await tx
    .update(conversations)
    .set({ lastSeq: sql`${conversations.lastSeq} + 1`, lastActivityAt: now })
    .where(eq(conversations.id, id))
    .returning({ seq: conversations.lastSeq });
  if (!row) throw new Error(`conversation ${id} vanished`);
  return row.seq;
}

export async function lockConversation(tx: Transaction, id: string): Promise<ConversationRow | undefined> {
  const [row] = await tx.select().from(conversations).where(eq(conversations.id, id)).for("update");
  return row;
}

export function findMembers(db: Db, conversationId: string): Promise<MemberRow[]> {
  return db.select().from(members).where(eq(members.conversationId, conversationId));
}

export async function findMember(
  db: Db,
  conversationId: string,
  accountId: string,
): Promise<MemberRow | undefined> {
  const [row] = await db
    .select()
    .from(members)
    .where(and(eq(members.conversationId, conversationId), eq(members.accountId, accountId)));
  return row;
}

/** The conversations an account is in with one of `states`, most recently active first. */
export function findConversationsOf(
  db: Db,
  accountId: string,
  states: readonly MemberState[],
  limit: number,
): Promise<{ conversation: ConversationRow; member: MemberRow }[]> {
  return db
    .select({ conversation: conversations, member: members })
    .from(members)
    .innerJoin(conversations, eq(conversations.id, members.conversationId))
    .where(and(eq(members.accountId, accountId), inArray(members.state, [...states])))
    .orderBy(desc(conversations.lastActivityAt))
    .limit(limit);
}

/** Members (any state) of every conversation in `ids`, for listing. */
export function findMembersOf(db: Db, ids: readonly string[]): Promise<MemberRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(members)
    .where(inArray(members.conversationId, [...ids]));
}

/** Everyone sharing a receiving conversation with the account, each with one such conversation (the lowest id). */
export async function findPartnerConversations(
  db: Db,
  accountId: string,
): Promise<{ accountId: string; conversationId: string }[]> {
  const mine = db
    .select({ id: members.conversationId })
    .from(members)
    .where(and(eq(members.accountId, accountId), inArray(members.state, [...RECEIVING_STATES])));
  return db
    .selectDistinctOn([members.accountId], {
      accountId: members.accountId,
      conversationId: members.conversationId,
    })
    .from(members)
    .where(
      and(
        inArray(members.conversationId, mine),
        ne(members.accountId, accountId),
        inArray(members.state, [...RECEIVING_STATES]),
      ),
    )
    .orderBy(members.accountId, members.conversationId);
}
