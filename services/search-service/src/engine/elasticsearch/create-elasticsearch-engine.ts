import { Client, HttpConnection } from "@elastic/elasticsearch";
import type { Database } from "@nova/db";
import type { Logger } from "@nova/observability";
import type { ServiceConfig } from "../../config.ts";
import type { PostHit } from "../../db/post-search-queries.ts";
import type { UserHit } from "../../db/user-search-queries.ts";
import type { SearchEngine, Touched } from "../search-engine.ts";
import { bulkWrite, type EsTarget, ensureAliases } from "./es-indices.ts";
import { postSearchRequest, userSearchRequest, userSuggestRequest } from "./es-queries.ts";
import { reindexElasticsearch } from "./es-reindex.ts";
import { type EsAccount, readAccounts, readAuthors, readDocuments } from "./es-rows.ts";

const REFRESH = { false: false, wait_for: "wait_for", true: true } as const;

/**
 * The v9 client talking to an Elasticsearch 8 or 9 server: HttpConnection (Bun), REST API
 * compatibility with 8 (a 9 server accepts it; an 8 server refuses the client's default 9).
 */
export function createEsClient(url: string): Client {
  return new Client({
    node: url,
    Connection: HttpConnection,
    maxRetries: 3,
    requestTimeout: 10_000,
    headers: {
      accept: "application/vnd.elasticsearch+json; compatible-with=8",
      "content-type": "application/vnd.elasticsearch+json; compatible-with=8",
    },
  });
}

/**
 * The production engine: Elasticsearch holds a copy of the projection (documents with their
 * accounts' flags folded in, accounts), written by `sync` after each applied event, and answers
 * people and post queries with the same visibility rule as the embedded engine.
 */
export async function createElasticsearchEngine(opts: {
  url: string;
  db: Database;
  log: Logger;
  extra: ServiceConfig["extra"];
}): Promise<SearchEngine> {
  const client = createEsClient(opts.url);
  const target: EsTarget = {
    client,
    prefix: opts.extra.ELASTICSEARCH_INDEX_PREFIX,
    textAnalyzer: opts.extra.ELASTICSEARCH_TEXT_ANALYZER,
    refresh: REFRESH[opts.extra.ELASTICSEARCH_SYNC_REFRESH],
  };
  await ensureAliases(target);
  const docsAlias = `${target.prefix}-documents`;
  const accountsAlias = `${target.prefix}-accounts`;

  const toUserHit = (id: string, a: EsAccount): UserHit => ({
    id,
    username: a.username,
    display_name: a.display_name,
    avatar_media_id: a.avatar_media_id,
    private: a.private,
  });

  return {
    name: "elasticsearch",
    async sync(touched: Touched) {
      if (touched.accounts.length > 0) {
        const accounts = await readAccounts(opts.db, { ids: touched.accounts });
        await bulkWrite(target, accountsAlias, touched.accounts, accounts);
      }
      if (touched.documents.length > 0 || touched.accounts.length > 0) {
        const docs = await readDocuments(opts.db, { ids: touched.documents, accounts: touched.accounts });
        await bulkWrite(target, docsAlias, [...new Set([...touched.documents, ...docs.keys()])], docs);
      }
    },
    async searchUsers(q, audience, limit, offset) {
      const res = await client.search<EsAccount>({
        index: accountsAlias,
        ...userSearchRequest(q, audience, limit, offset),
      });
      return res.hits.hits.flatMap((h) => (h._source && h._id ? [toUserHit(h._id, h._source)] : []));
    },
    async suggestUsers(q, audience, limit) {
      const res = await client.search<EsAccount>({
        index: accountsAlias,
        ...userSuggestRequest(q, audience, limit),
      });
      return res.hits.hits.flatMap((h) => (h._source && h._id ? [toUserHit(h._id, h._source)] : []));
    },
    async searchPosts(q, audience) {
      const res = await client.search<{
        kind: "post" | "comment";
        post_id: string;
        author_id: string;
        hashtags: string[];
        created_at: string;
        likes: number;
        comments: number;
        reposts: number;
      }>({ index: docsAlias, ...postSearchRequest(q, audience) });
      const hits = res.hits.hits.filter((h) => h._source && h._id);
      const authors = await readAuthors(
        opts.db,
        hits.map((h) => h._source?.author_id as string),
      );
      return hits.map((h): PostHit => {
        const s = h._source as NonNullable<typeof h._source>;
        const author = authors.get(s.author_id);
        return {
          id: h._id as string,
          kind: s.kind,
          post_id: s.post_id,
          author_id: s.author_id,
          username: author?.username ?? null,
          display_name: author?.display_name ?? null,
          avatar_media_id: author?.avatar_media_id ?? null,
          snippet: h.highlight?.text?.join(" … ") ?? "",
          hashtags: s.hashtags,
          created_at: s.created_at,
          likes: s.likes,
          comments: s.comments,
          reposts: s.reposts,
        };
      });
    },
    rebuild: () => reindexElasticsearch(target, opts.db),
    close: () => client.close(),
  };
}
