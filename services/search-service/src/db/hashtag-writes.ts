import { rowsOf, textArrayLiteral, uuidArrayLiteral } from "@nova/db";
import { sql } from "drizzle-orm";
import type { Executor } from "./executor.ts";

/**
 * Makes the hashtag uses of some documents match the documents (none for a deleted or moderated
 * one), then recounts the hashtags touched. Returns nothing: counts are read at query time.
 */
export async function syncHashtagUses(
  db: Executor,
  documentIds: readonly string[],
  alsoTags: readonly string[] = [],
) {
  if (documentIds.length === 0 && alsoTags.length === 0) return;
  const ids = uuidArrayLiteral(documentIds);
  const removed = rowsOf<{ tag: string }>(
    await db.execute(
      sql`delete from search_service.hashtag_uses where document_id = any(${ids}::uuid[]) returning tag`,
    ),
  );
  const added = rowsOf<{ tag: string }>(
    await db.execute(sql`
      insert into search_service.hashtag_uses (document_id, tag, account_id, used_at)
      select d.id, t.tag, d.author_id, d.created_at
      from search_service.documents d, unnest(d.hashtags) as t(tag)
      where d.id = any(${ids}::uuid[]) and not d.moderated
      on conflict do nothing
      returning tag`),
  );
  const tags = [...new Set([...removed, ...added].map((r) => r.tag).concat(alsoTags))];
  await recountHashtags(db, tags);
}

/** Live uses per hashtag, from the uses table (a hashtag with none left is dropped). */
export async function recountHashtags(db: Executor, tags: readonly string[]): Promise<void> {
  if (tags.length === 0) return;
  const list = textArrayLiteral(tags);
  await db.execute(sql`
    insert into search_service.hashtags (tag, uses, last_used_at)
    select u.tag, count(*)::int, max(u.used_at) from search_service.hashtag_uses u
    where u.tag = any(${list}::text[]) group by u.tag
    on conflict (tag) do update set uses = excluded.uses, last_used_at = excluded.last_used_at`);
  await db.execute(sql`
    delete from search_service.hashtags h where h.tag = any(${list}::text[])
      and not exists(select 1 from search_service.hashtag_uses u where u.tag = h.tag)`);
}
