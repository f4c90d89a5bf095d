import { rowsOf, textArrayLiteral, uuidArrayLiteral } from "@nova/db";
import { sql } from "drizzle-orm";
import type { Executor } from "./executor.ts";
import { projectionTable, type TableSet } from "./hashtag-writes.ts";

export interface DocumentRow {
  id: string;
  kind: "post" | "comment";
  postId: string;
  authorId: string;
  scopeAuthorId: string;
  scopeVisibility: number;
  scopeMentions: string[];
  text: string;
  hashtags: string[];
  mentions: string[];
  createdAt: Date;
  /** Text-search configuration guessed from the text; unset → the author's language, else english. */
  language?: string | undefined;
}

/**
 * Inserts or replaces a post or comment (an edit replaces text, hashtags and audience), moderated
 * already when an action in force names it or its post; its new words join the lexicon.
 */
export async function upsertDocument(db: Executor, d: DocumentRow): Promise<void> {
  await db.execute(sql`
    insert into search_service.documents
      (id, kind, post_id, author_id, scope_author_id, scope_visibility, scope_mentions, text, hashtags, mentions, created_at, language, moderated)
    values (${d.id}, ${d.kind}, ${d.postId}, ${d.authorId}, ${d.scopeAuthorId}, ${d.scopeVisibility},
      ${uuidArrayLiteral(d.scopeMentions)}::uuid[], ${d.text}, ${textArrayLiteral(d.hashtags)}::text[],
      ${uuidArrayLiteral(d.mentions)}::uuid[], ${d.createdAt.toISOString()}::timestamptz,
      coalesce(${d.language ?? null}::regconfig,
        (select a.language from search_service.accounts a where a.id = ${d.authorId}), 'english'::regconfig),
      exists(select 1 from search_service.enforcements e
        where e.subject_id in (${d.id}::uuid, ${d.postId}::uuid) and e.active and e.action in ('hide','remove')))
    on conflict (id) do update set text = excluded.text, hashtags = excluded.hashtags, mentions = excluded.mentions,
      scope_visibility = excluded.scope_visibility, scope_mentions = excluded.scope_mentions, language = excluded.language, moderated = excluded.moderated`);
  await addToLexicon(db, d.text);
}

/** Words of a text, lower-cased, as the lexicon keeps them (letters and digits, 2..40 long). */
export function wordsOf(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .normalize("NFC")
      .match(/[\p{L}\p{N}_]{2,40}/gu) ?? [];
  return [...new Set(words)];
}

/** Adds a text's words to the lexicon (one-typo correction only proposes words it holds). */
export async function addToLexicon(db: Executor, text: string, set: TableSet = "live"): Promise<void> {
  const words = wordsOf(text);
  if (words.length === 0) return;
  await db.execute(sql`
    insert into ${projectionTable("lexicon", set)} (word) select unnest(${textArrayLiteral(words)}::text[]) on conflict do nothing`);
}

/** A post's audience, for the comments on it. */
export async function findScope(
  db: Executor,
  postId: string,
): Promise<{ authorId: string; visibility: number; mentions: string[] } | undefined> {
  const [row] = rowsOf<{
    scope_author_id: string;
    scope_visibility: number;
    scope_mentions: string[] | string;
  }>(
    await db.execute(sql`
      select scope_author_id, scope_visibility, scope_mentions from search_service.documents
      where id = ${postId} and kind = 'post'`),
  );
  if (!row) return undefined;
  return {
    authorId: row.scope_author_id,
    visibility: row.scope_visibility,
    mentions: pgArray(row.scope_mentions),
  };
}

/** Deletes documents (a post takes its comments along); returns the ids removed. */
export async function deleteDocuments(db: Executor, id: string, withComments: boolean): Promise<string[]> {
  const removed = rowsOf<{ id: string }>(
    await db.execute(
      withComments
        ? sql`delete from search_service.documents where id = ${id} or post_id = ${id} returning id`
        : sql`delete from search_service.documents where id = ${id} returning id`,
    ),
  );
  return removed.map((r) => r.id);
}

/** Re-reads `moderated` of a document and the comments under it; returns the ids affected. */
export async function refreshModeration(db: Executor, id: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      update search_service.documents d set moderated = exists(select 1 from search_service.enforcements e
        where e.subject_id in (d.id, d.post_id) and e.active and e.action in ('hide','remove'))
      where d.id = ${id} or d.post_id = ${id} returning d.id`),
  );
  return rows.map((r) => r.id);
}

/** Engagement counts of a post, as social-service reports them. */
export async function setCounts(
  db: Executor,
  postId: string,
  c: { likes: number; comments: number; reposts: number },
): Promise<void> {
  await db.execute(sql`
    update search_service.documents set likes = ${c.likes}, comments = ${c.comments}, reposts = ${c.reposts}
    where id = ${postId}`);
}

/** postgres-js hands back arrays, PGlite may hand back the literal `{a,b}`. */
export function pgArray(v: string[] | string | null): string[] {
  if (Array.isArray(v)) return v;
  if (!v || v === "{}") return [];
  return v
    .slice(1, -1)
    .split(",")
    .map((s) => s.replace(/^"|"$/g, ""));
}
