import type { ConversationRow, MemberRow } from "../db/conversation-queries.ts";

export interface MemberView {
  accountId: string;
  role: string;
  state: string;
}

/** A conversation as its members see it: metadata only, never content. */
export interface ConversationView {
  id: string;
  kind: "direct" | "group";
  title: string | null;
  createdBy: string;
  createdAt: string;
  lastActivityAt: string;
  lastSeq: number;
  /** The viewer's own membership: "active" (inbox) or "request" (requests folder). */
  state: string;
  role: string;
  unreadCount: number;
  members: MemberView[];
}

const GONE = new Set(["left", "removed", "declined"]);

export function conversationView(
  c: ConversationRow,
  me: MemberRow,
  all: readonly MemberRow[],
): ConversationView {
  return {
    id: c.id,
    kind: c.kind,
    title: c.title,
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    lastActivityAt: c.lastActivityAt.toISOString(),
    lastSeq: c.lastSeq,
    state: me.state,
    role: me.role,
    unreadCount: Math.max(0, c.lastSeq - me.readSeq),
    members: all
      .filter((m) => !GONE.has(m.state) || m.accountId === me.accountId)
      .map((m) => ({ accountId: m.accountId, role: m.role, state: m.state })),
  };
}
