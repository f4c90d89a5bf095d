import { rowsOf, uuidArrayLiteral, withTransaction } from "@nova/db";
import { sql } from "drizzle-orm";
import type { AccountRow } from "./account-writes.ts";
import type { DocumentRow } from "./document-writes.ts";
import type { Executor } from "./executor.ts";
import { publicUse } from "./hashtag-writes.ts";
import { CAPTURE_KEY, CAPTURED_TABLES, captureTable, changedIds, clearChanges } from "./reindex-capture.ts";

/**
 * The reindex's second copy of the projection: `<table>_next` beside each live table, filled from
 * the owners, then swapped in by renames in one short transaction (readers see the old tables until
 * the commit and the new ones after; PostgreSQL resolves a waiting query's table name again once
 * the lock is granted, so no query fails). Lexicon and hashtag tables are derived from the new
 * documents; the enforcements come from trust-safety (and content's hidden flags).
 */
export const PROJECTION_TABLES = [
  "documents",
  "accounts",
  "lexicon",
  "hashtag_uses",
  "hashtags",
  "enforcements",
] as const;

export async function createNextTables(db: Executor): Promise<void> {
  for (const t of PROJECTION_TABLES) {
    await db.execute(sql.raw(`drop table if exists search_service.${t}_next`));
    await db.execute(
      sql.raw(`create table search_service.${t}_next (like search_service.${t} including all)`),
    );
  }
}

export async function dropNextTables(db: Executor): Promise<void> {
  for (const t of PROJECTION_TABLES)
    await db.execute(sql.raw(`drop table if exists search_service.${t}_next`));
}

/**
 * The actions in force as trust-safety lists them (only those search acts on: the caller filters),
 * filled first so the accounts' and documents' moderation flags are computed from them.
 */
export async function insertNextEnforcements(
  db: Executor,
  rows: { subjectType: string; subjectId: string; action: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into search_service.enforcements_next (subject_id, action, subject_type, active, updated_at)
    select r."subjectId", r.action, r."subjectType", true, now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) as r("subjectId" uuid, action text, "subjectType" text)
    on conflict (subject_id, action) do nothing`);
}

/** Profiles as user-service lists them; the moderation flags come from the new enforcements. */
export async function insertNextAccounts(
  db: Executor,
  rows: (AccountRow & { language: string | undefined })[],
): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((a) => ({ ...a, username: a.username.toLowerCase() })));
  await db.execute(sql`
    insert into search_service.accounts_next (id, username, display_name, bio, avatar_media_id, private, language, limited, suspended, updated_at)
    select r.id, r.username, r."displayName", r.bio, r."avatarMediaId", r.private, r.language::regconfig,
      exists(select 1 from search_service.enforcements_next e where e.subject_id = r.id and e.active and e.action = 'limit'),
      exists(select 1 from search_service.enforcements_next e where e.subject_id = r.id and e.active and e.action in ('suspend','ban')),
      now()
    from jsonb_to_recordset(${json}::text::jsonb) as r(id uuid, username text, "displayName" text, bio text, "avatarMediaId" text, private boolean, language text)
    on conflict (id) do nothing`);
}

/** A post or comment as its owner lists it: hidden by moderation or not, and (posts) its counts. */
export interface OwnedDocument {
  doc: DocumentRow;
  hidden: boolean;
  counts?: { likes: number; comments: number; reposts: number };
}

/**
 * Posts (their own audience) or comments (their post's audience, read from the new posts: a
 * comment whose post is not there is left out, as the event path does). A document is hidden when
 * content flags it (PostHidden is content's own) or trust-safety has a hide/remove in force on it or
 * its post; a comment on a hidden post is hidden with it. A flag content holds without a
 * trust-safety record gets a `hide` record, as the PostHidden event path writes one, so a later
 * refresh of the document keeps it hidden.
 */
export async function insertNextDocuments(db: Executor, items: OwnedDocument[]): Promise<void> {
  if (items.length === 0) return;
  const json = JSON.stringify(
    items.map(({ doc, hidden, counts }) => ({
      ...doc,
      createdAt: doc.createdAt.toISOString(),
      hidden,
      likes: counts?.likes ?? 0,
      comments: counts?.comments ?? 0,
      reposts: counts?.reposts ?? 0,
    })),
  );
  const records = sql`jsonb_to_recordset(${json}::text::jsonb) as r(id uuid, kind text, "postId" uuid, "authorId" uuid,
    "scopeAuthorId" uuid, "scopeVisibility" smallint, "scopeMentions" uuid[], text text, hashtags text[],
    mentions uuid[], "createdAt" timestamptz, language text, hidden boolean, likes int, comments int, reposts int)`;
  await db.execute(sql`
    insert into search_service.enforcements_next (subject_id, action, subject_type, active, updated_at)
    select r.id, 'hide', r.kind, true, now() from ${records}
    where r.hidden and not exists(select 1 from search_service.enforcements_next e
      where e.subject_id = r.id and e.active and e.action in ('hide','remove'))
    on conflict (subject_id, action) do update set active = true, updated_at = now()`);
  await db.execute(sql`
    insert into search_service.documents_next
      (id, kind, post_id, author_id, scope_author_id, scope_visibility, scope_mentions, text, hashtags,
       mentions, created_at, language, likes, comments, reposts, moderated)
    select r.id, r.kind, r."postId", r."authorId",
      coalesce(p.scope_author_id, r."scopeAuthorId"), coalesce(p.scope_visibility, r."scopeVisibility"),
      coalesce(p.scope_mentions, r."scopeMentions"), r.text, r.hashtags, r.mentions, r."createdAt",
      coalesce(r.language::regconfig, a.language, 'english'::regconfig), r.likes, r.comments, r.reposts,
      r.hidden or coalesce(p.moderated, false) or exists(select 1 from search_service.enforcements_next e
        where e.subject_id in (r.id, r."postId") and e.active and e.action in ('hide','remove'))
    from ${records}
    left join search_service.documents_next p on r.kind = 'comment' and p.id = r."postId" and p.kind = 'post'
    left join search_service.accounts_next a on a.id = r."authorId"
    where r.kind = 'post' or p.id is not null
    on conflict (id) do nothing`);
}

/** Lexicon and hashtag tables of the new documents (the same rules as the event path). */
export async function fillNextDerivedTables(db: Executor): Promise<void> {
  await db.execute(sql`
    insert into search_service.lexicon_next (word)
    select distinct w from search_service.documents_next d,
      regexp_split_to_table(lower(d.text), '[^[:alnum:]_]+') as w
    where length(w) between 2 and 40 on conflict do nothing`);
  await db.execute(sql`
    insert into search_service.hashtag_uses_next (document_id, tag, account_id, used_at)
    select d.id, t.tag, d.author_id, d.created_at from search_service.documents_next d, unnest(d.hashtags) as t(tag)
    where ${publicUse("next")} on conflict do nothing`);
  await db.execute(sql`
    insert into search_service.hashtags_next (tag, uses, last_used_at)
    select tag, count(*)::int, max(used_at) from search_service.hashtag_uses_next group by tag`);
}

export async function countNextTables(db: Executor): Promise<Record<string, number>> {
  const [row] = rowsOf<Record<string, number>>(
    await db.execute(sql`select
      (select count(*) from search_service.documents_next)::int as documents,
      (select count(*) from search_service.accounts_next)::int as accounts,
      (select count(*) from search_service.lexicon_next)::int as words,
      (select count(*) from search_service.hashtags_next)::int as hashtags`),
  );
  return row ?? {};
}

/**
 * In one transaction, with writers held off (readers go on): the rows events changed during the
 * rebuild are copied from the live tables into the new ones (their derived rows redone), then every
 * table is swapped by renames and its indexes get the live names back (migrations refer to them).
 * `keepCapturing`: the new live tables record changes too (Elasticsearch copies after this).
 */
export async function swapInNextTables(
  db: Executor,
  opts: { keepCapturing: boolean; patch: (tx: Executor, documentIds: string[]) => Promise<void> },
): Promise<{ patchedDocuments: number; patchedAccounts: number; patchedEnforcements: number }> {
  return withTransaction(db as never, async (tx: Executor) => {
    await tx.execute(
      sql.raw(
        `lock table ${PROJECTION_TABLES.map((t) => `search_service.${t}`).join(", ")} in exclusive mode`,
      ),
    );
    const changed = await changedIds(tx);
    for (const table of CAPTURED_TABLES) await copyLiveRows(tx, table, CAPTURE_KEY[table], changed[table]);
    await opts.patch(tx, changed.documents);
    for (const table of PROJECTION_TABLES) {
      const names = await indexRenames(tx, table);
      await tx.execute(sql.raw(`drop table search_service.${table}`));
      await tx.execute(sql.raw(`alter table search_service.${table}_next rename to ${table}`));
      for (const [from, to] of names)
        await tx.execute(sql.raw(`alter index search_service.${from} rename to ${to}`));
    }
    await clearChanges(tx);
    if (opts.keepCapturing) for (const table of CAPTURED_TABLES) await captureTable(tx, table);
    return {
      patchedDocuments: changed.documents.length,
      patchedAccounts: changed.accounts.length,
      patchedEnforcements: changed.enforcements.length,
    };
  });
}

/** Replaces the new table's rows of `ids` (by `key`) with the live rows (absent live = deleted meanwhile). */
async function copyLiveRows(tx: Executor, table: string, key: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const list = uuidArrayLiteral(ids);
  const columns = rowsOf<{ column_name: string }>(
    await tx.execute(sql`select column_name from information_schema.columns
      where table_schema = 'search_service' and table_name = ${table} and is_generated = 'NEVER'
      order by ordinal_position`),
  )
    .map((c) => `"${c.column_name}"`)
    .join(", ");
  await tx.execute(
    sql`delete from ${sql.raw(`search_service.${table}_next`)} where ${sql.raw(key)} = any(${list}::uuid[])`,
  );
  await tx.execute(sql`
    insert into ${sql.raw(`search_service.${table}_next`)} (${sql.raw(columns)})
    select ${sql.raw(columns)} from ${sql.raw(`search_service.${table}`)} where ${sql.raw(key)} = any(${list}::uuid[])`);
}

/** Pairs (new table's index → live index name) matched by definition. */
async function indexRenames(tx: Executor, table: string): Promise<[string, string][]> {
  const read = async (name: string) =>
    rowsOf<{ indexname: string; indexdef: string }>(
      await tx.execute(sql`select indexname, indexdef from pg_indexes
        where schemaname = 'search_service' and tablename = ${name}`),
    ).map((r) => ({
      name: r.indexname,
      shape: r.indexdef.replace(/^(CREATE (?:UNIQUE )?INDEX) \S+ ON \S+/, "$1"),
    }));
  const live = await read(table);
  const next = await read(`${table}_next`);
  return next.flatMap((n): [string, string][] => {
    const match = live.find((l) => l.shape === n.shape);
    return match && match.name !== n.name ? [[n.name, match.name]] : [];
  });
}

/**
 * Fresh planner statistics for the swapped-in tables (a new table has none, and PGlite runs no
 * autovacuum): without them the planner mis-estimates matches and picks nested loops over ~25,000 rows.
 */
export async function analyzeProjection(db: Executor): Promise<void> {
  for (const t of PROJECTION_TABLES) await db.execute(sql.raw(`analyze search_service.${t}`));
}
