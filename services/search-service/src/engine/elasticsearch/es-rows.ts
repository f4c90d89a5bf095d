import { type Database, rowsOf, uuidArrayLiteral } from "@nova/db";
import { sql } from "drizzle-orm";
import { pgArray } from "../../db/document-writes.ts";

/** A document as Elasticsearch holds it: the projection's row with its accounts' flags folded in. */
export interface EsDocument {
  id: string;
  kind: string;
  post_id: string;
  author_id: string;
  scope_author_id: string;
  scope_visibility: number;
  scope_mentions: string[];
  mentions: string[];
  text: string;
  hashtags: string[];
  /** The post's text-search configuration (english, german, …): the `lang=` filter. */
  language: string;
  created_at: string;
  likes: number;
  comments: number;
  reposts: number;
  engagement: number;
  moderated: boolean;
  writer_limited: boolean;
  writer_suspended: boolean;
  owner_private: boolean;
  owner_limited: boolean;
  owner_suspended: boolean;
}

export interface EsAccount {
  username: string;
  display_name: string;
  bio: string;
  avatar_media_id: string;
  private: boolean;
  limited: boolean;
  suspended: boolean;
}

type DocRow = Omit<
  EsDocument,
  "id" | "scope_mentions" | "mentions" | "hashtags" | "created_at" | "engagement"
> & {
  id: string;
  scope_mentions: string[] | string;
  mentions: string[] | string;
  hashtags: string[] | string;
  created_at: string | Date;
};

/**
 * The projection's documents by id, or by author/audience owner (an account's flags changed),
 * or a page of all of them after `afterId` (reindex).
 */
export async function readDocuments(
  db: Database,
  by: { ids?: readonly string[]; accounts?: readonly string[]; afterId?: string; limit?: number },
): Promise<Map<string, EsDocument>> {
  const where =
    by.afterId !== undefined
      ? sql`d.id > ${by.afterId}::uuid`
      : sql`d.id = any(${uuidArrayLiteral(by.ids ?? [])}::uuid[])
          or d.author_id = any(${uuidArrayLiteral(by.accounts ?? [])}::uuid[])
          or d.scope_author_id = any(${uuidArrayLiteral(by.accounts ?? [])}::uuid[])`;
  const rows = rowsOf<DocRow>(
    await db.execute(sql`
      select d.id, d.kind, d.post_id, d.author_id, d.scope_author_id, d.scope_visibility, d.scope_mentions, d.mentions,
        d.text, d.hashtags, d.language::text as language, d.created_at, d.likes, d.comments, d.reposts, d.moderated,
        coalesce(w.limited, false) as writer_limited, coalesce(w.suspended, false) as writer_suspended,
        coalesce(o.private, false) as owner_private, coalesce(o.limited, false) as owner_limited,
        coalesce(o.suspended, false) as owner_suspended
      from search_service.documents d
      left join search_service.accounts w on w.id = d.author_id
      left join search_service.accounts o on o.id = d.scope_author_id
      where ${where}
      order by d.id ${by.limit ? sql`limit ${by.limit}` : sql``}`),
  );
  return new Map(
    rows.map((r) => {
      return [
        r.id,
        {
          ...r,
          scope_visibility: Number(r.scope_visibility),
          scope_mentions: pgArray(r.scope_mentions),
          mentions: pgArray(r.mentions),
          hashtags: pgArray(r.hashtags),
          created_at: new Date(r.created_at).toISOString(),
          likes: Number(r.likes),
          comments: Number(r.comments),
          reposts: Number(r.reposts),
          engagement: Number(r.likes) + 2 * Number(r.reposts) + Number(r.comments),
        },
      ];
    }),
  );
}

/** The projection's accounts by id, or a page of all after `afterId` (reindex). */
export async function readAccounts(
  db: Database,
  by: { ids?: readonly string[]; afterId?: string; limit?: number },
): Promise<Map<string, EsAccount>> {
  const where =
    by.afterId !== undefined
      ? sql`a.id > ${by.afterId}::uuid`
      : sql`a.id = any(${uuidArrayLiteral(by.ids ?? [])}::uuid[])`;
  const rows = rowsOf<EsAccount & { id: string }>(
    await db.execute(sql`
      select a.id, a.username, a.display_name, a.bio, a.avatar_media_id, a.private, a.limited, a.suspended
      from search_service.accounts a where ${where} order by a.id ${by.limit ? sql`limit ${by.limit}` : sql``}`),
  );
  return new Map(rows.map(({ id, ...rest }) => [id, rest]));
}

/** Usernames, names and avatars of a page's authors (Elasticsearch holds ids only). */
export async function readAuthors(db: Database, ids: readonly string[]) {
  const rows = rowsOf<{ id: string; username: string; display_name: string; avatar_media_id: string }>(
    await db.execute(sql`
      select id, username, display_name, avatar_media_id from search_service.accounts
      where id = any(${uuidArrayLiteral([...new Set(ids)])}::uuid[])`),
  );
  return new Map(rows.map((r) => [r.id, r]));
}
