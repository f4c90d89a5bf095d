import { rowsOf, uuidArrayLiteral } from "@nova/db";
import { sql } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { addToLexicon } from "../db/document-writes.ts";
import type { Executor } from "../db/executor.ts";
import { syncHashtagUses } from "../db/hashtag-writes.ts";
import {
  analyzeProjection,
  countNextTables,
  createNextTables,
  fillNextDerivedTables,
  insertNextAccounts,
  insertNextDocuments,
  insertNextEnforcements,
  swapInNextTables,
} from "../db/reindex-tables.ts";
import { searchActsOn } from "./apply-enforcement.ts";
import { commentDocument, postDocument } from "./index-post.ts";
import { configOfLanguage } from "./post-language.ts";

/** Rows per owner page: large enough to amortise the round trip, small enough for one bulk insert. */
export const OWNER_PAGE = 500;
/** social's BatchGetEngagement takes at most 100 post ids. */
const COUNTS_BATCH = 100;

/**
 * Builds the projection anew from the owners — trust-safety's enforcements in force, user-service's
 * profiles, content-service's posts and comments (hidden ones flagged), social-service's counts —
 * into `*_next` tables while the live ones
 * keep answering and keep receiving events, then swaps them in (reindex-tables.ts). Changes events
 * made meanwhile are captured by the caller (startChangeCapture) and patched in at the swap.
 * `onPage` lets a caller (tests, progress output) act between pages.
 */
export async function rebuildProjectionFromOwners(
  ctx: ServiceContext,
  opts: { keepCapturing: boolean; onPage?: () => Promise<void> },
): Promise<Record<string, number>> {
  const db = ctx.db.db;
  await createNextTables(db);
  let cursor = "";
  // First: the accounts' and documents' moderation flags are computed from them.
  do {
    const page = await ctx.trustSafety.listEnforcements(cursor, OWNER_PAGE);
    await insertNextEnforcements(db, page.items.filter(searchActsOn));
    cursor = page.nextCursor;
    await opts.onPage?.();
  } while (cursor);
  do {
    const page = await ctx.users.listProfiles(cursor, OWNER_PAGE);
    await insertNextAccounts(
      db,
      page.items.map((p) => ({
        id: p.id,
        username: p.username,
        displayName: p.displayName,
        bio: p.bio,
        avatarMediaId: p.avatarMediaId,
        private: p.privateAccount,
        language: configOfLanguage(p.language),
      })),
    );
    cursor = page.nextCursor;
    await opts.onPage?.();
  } while (cursor);
  do {
    const page = await ctx.content.listPosts(cursor, OWNER_PAGE);
    const counts = new Map<string, { likes: number; comments: number; reposts: number }>();
    for (let i = 0; i < page.items.length; i += COUNTS_BATCH) {
      const ids = page.items.slice(i, i + COUNTS_BATCH).map((p) => p.post.id);
      for (const [id, c] of await ctx.social.counts(ids)) counts.set(id, c);
    }
    await insertNextDocuments(
      db,
      page.items.map(({ post, hidden }) => ({
        doc: postDocument(post),
        hidden,
        counts: counts.get(post.id),
      })),
    );
    cursor = page.nextCursor;
    await opts.onPage?.();
  } while (cursor);
  do {
    const page = await ctx.content.listComments(cursor, OWNER_PAGE);
    // The audience is the post's, filled from the new posts by insertNextDocuments.
    const scope = { authorId: "", visibility: 1, mentions: [] };
    await insertNextDocuments(
      db,
      page.items.map(({ comment, hidden }) => ({
        doc: { ...commentDocument(comment, scope), scopeAuthorId: comment.postAuthorId },
        hidden,
      })),
    );
    cursor = page.nextCursor;
    await opts.onPage?.();
  } while (cursor);
  await fillNextDerivedTables(db);
  const counts = await countNextTables(db);
  const patched = await swapInNextTables(db, {
    keepCapturing: opts.keepCapturing,
    patch: (tx, ids) => patchDerived(tx, ids),
  });
  await analyzeProjection(db);
  return { ...counts, ...patched };
}

/** Hashtag uses and lexicon words of the documents copied from the live tables at the swap. */
async function patchDerived(tx: Executor, documentIds: string[]): Promise<void> {
  if (documentIds.length === 0) return;
  await syncHashtagUses(tx, documentIds, [], "next");
  const texts = rowsOf<{ text: string }>(
    await tx.execute(sql`select text from search_service.documents_next
      where id = any(${uuidArrayLiteral(documentIds)}::uuid[])`),
  );
  for (const { text } of texts) await addToLexicon(tx, text, "next");
}
