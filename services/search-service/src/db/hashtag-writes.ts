import { rowsOf, textArrayLiteral, uuidArrayLiteral } from "@nova/db";
import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "./executor.ts";

/**
 * Which copy of the projection a write goes to: the live tables, or the `*_next` tables a reindex
 * is building (patched with the changes that arrived while it ran, just before the swap).
 */
export type TableSet = "live" | "next";

/** `search_service.<name>` of the live tables or of a reindex's next ones. */
export function projectionTable(name: string, set: TableSet = "live"): SQL {
  return sql.raw(`search_service.${name}${set === "next" ? "_next" : ""}`);
}

/**
 * Whether document `d` may count as a hashtag use: hashtag search, suggest and trends answer
 * everyone, anonymous viewers included, so only what anyone may see counts — a public post (or a
 * comment on one) of a public account, not moderated. A followers-only post's hashtag must not
 * surface its existence, nor its count, to people outside its audience.
 */
export function publicUse(set: TableSet = "live"): SQL {
  return sql`not d.moderated and d.scope_visibility = 1 and not exists(
    select 1 from ${projectionTable("accounts", set)} a where a.id = d.scope_author_id and a.private)`;
}

/** Re-derives the hashtag uses of everything an account's audience decides (its privacy changed). */
export async function syncAuthorHashtagUses(db: Executor, authorId: string, set: TableSet = "live") {
  const ids = rowsOf<{ id: string }>(
    await db.execute(
      sql`select id from ${projectionTable("documents", set)} where scope_author_id = ${authorId}`,
    ),
  ).map((r) => r.id);
  await syncHashtagUses(db, ids, [], set);
}

/**
 * Makes the hashtag uses of some documents match the documents (none for a deleted or moderated
 * one), then recounts the hashtags touched. Returns nothing: counts are read at query time.
 */
export async function syncHashtagUses(
  db: Executor,
  documentIds: readonly string[],
  alsoTags: readonly string[] = [],
  set: TableSet = "live",
) {
  if (documentIds.length === 0 && alsoTags.length === 0) return;
  const ids = uuidArrayLiteral(documentIds);
  const uses = projectionTable("hashtag_uses", set);
  const removed = rowsOf<{ tag: string }>(
    await db.execute(sql`delete from ${uses} where document_id = any(${ids}::uuid[]) returning tag`),
  );
  const added = rowsOf<{ tag: string }>(
    await db.execute(sql`
      insert into ${uses} (document_id, tag, account_id, used_at)
      select d.id, t.tag, d.author_id, d.created_at
      from ${projectionTable("documents", set)} d, unnest(d.hashtags) as t(tag)
      where d.id = any(${ids}::uuid[]) and ${publicUse(set)}
      on conflict do nothing
      returning tag`),
  );
  const tags = [...new Set([...removed, ...added].map((r) => r.tag).concat(alsoTags))];
  await recountHashtags(db, tags, set);
}

/** Live uses per hashtag, from the uses table (a hashtag with none left is dropped). */
export async function recountHashtags(
  db: Executor,
  tags: readonly string[],
  set: TableSet = "live",
): Promise<void> {
  if (tags.length === 0) return;
  const list = textArrayLiteral(tags);
  const hashtags = projectionTable("hashtags", set);
  const uses = projectionTable("hashtag_uses", set);
  await db.execute(sql`
    insert into ${hashtags} (tag, uses, last_used_at)
    select u.tag, count(*)::int, max(u.used_at) from ${uses} u
    where u.tag = any(${list}::text[]) group by u.tag
    on conflict (tag) do update set uses = excluded.uses, last_used_at = excluded.last_used_at`);
  await db.execute(sql`
    delete from ${hashtags} h where h.tag = any(${list}::text[])
      and not exists(select 1 from ${uses} u where u.tag = h.tag)`);
}
