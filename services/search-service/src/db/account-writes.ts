import { rowsOf, uuidArrayLiteral } from "@nova/db";
import { sql } from "drizzle-orm";
import type { Executor } from "./executor.ts";

export interface AccountRow {
  id: string;
  username: string;
  displayName: string;
  bio: string;
  avatarMediaId: string;
  private: boolean;
}

/** Inserts or replaces an account's searchable fields; its moderation flags come from `enforcements`. */
export async function upsertAccount(db: Executor, a: AccountRow): Promise<void> {
  await db.execute(sql`
    insert into search_service.accounts (id, username, display_name, bio, avatar_media_id, private, limited, suspended, updated_at)
    values (${a.id}, ${a.username.toLowerCase()}, ${a.displayName}, ${a.bio}, ${a.avatarMediaId}, ${a.private},
      exists(select 1 from search_service.enforcements e where e.subject_id = ${a.id} and e.active and e.action = 'limit'),
      exists(select 1 from search_service.enforcements e where e.subject_id = ${a.id} and e.active and e.action in ('suspend','ban')),
      now())
    on conflict (id) do update set username = excluded.username, display_name = excluded.display_name,
      bio = excluded.bio, avatar_media_id = excluded.avatar_media_id, private = excluded.private,
      limited = excluded.limited, suspended = excluded.suspended, updated_at = now()`);
}

/** ProfileUpdated's own fields, applied at once (the peer's full profile may lag or be unreachable). */
export async function setAccountPrivacy(db: Executor, id: string, username: string, isPrivate: boolean) {
  await db.execute(sql`
    update search_service.accounts set private = ${isPrivate}, username = ${username.toLowerCase()}, updated_at = now()
    where id = ${id}`);
}

/** Re-reads an account's limit/suspend flags from the enforcements in force. */
export async function refreshAccountFlags(db: Executor, id: string): Promise<void> {
  await db.execute(sql`
    update search_service.accounts a set
      limited = exists(select 1 from search_service.enforcements e where e.subject_id = a.id and e.active and e.action = 'limit'),
      suspended = exists(select 1 from search_service.enforcements e where e.subject_id = a.id and e.active and e.action in ('suspend','ban'))
    where a.id = ${id}`);
}

/**
 * Everything held about an account as author or searcher (idempotent: a second call finds nothing).
 * Returns the hashtags whose counts changed and the documents removed.
 */
export async function eraseAccount(
  db: Executor,
  id: string,
): Promise<{ tags: string[]; documents: string[] }> {
  const docs = rowsOf<{ id: string }>(
    await db.execute(sql`
      delete from search_service.documents where author_id = ${id} or scope_author_id = ${id} returning id`),
  );
  await db.execute(sql`delete from search_service.accounts where id = ${id}`);
  await db.execute(sql`delete from search_service.recent_searches where account_id = ${id}`);
  await db.execute(sql`delete from search_service.enforcements where subject_id = ${id}`);
  const tags = rowsOf<{ tag: string }>(
    await db.execute(sql`
      delete from search_service.hashtag_uses
      where account_id = ${id} or document_id = any(${uuidArrayLiteral(docs.map((d) => d.id))}::uuid[])
      returning tag`),
  );
  return { tags: [...new Set(tags.map((t) => t.tag))], documents: docs.map((d) => d.id) };
}
