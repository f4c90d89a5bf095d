import { rowsOf } from "@nova/db";
import { sql } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { audienceOf } from "./audience.ts";
import { CONFIG_OF_LANGUAGE, configOfLanguage } from "./post-language.ts";
import { rememberIfSignedIn } from "./remember-search.ts";
import { type PostView, toPostView } from "./result-views.ts";
import {
  decodeKey,
  decodeOffset,
  encodeKey,
  encodeOffset,
  invalid,
  parseLimit,
  parseQuery,
  parseTime,
  queryWords,
} from "./search-input.ts";
import type { Viewer } from "./viewer.ts";

export interface SearchPostsInput {
  q?: string | undefined;
  limit?: string | number | undefined;
  cursor?: string | undefined;
  sort?: string | undefined;
  from?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  hashtag?: string | undefined;
  /** BCP 47 language of the posts wanted (`de`, `pt-BR`, …). */
  lang?: string | undefined;
}

type Page = { items: PostView[]; nextCursor: string | null };

/**
 * Post and comment search. Visibility is part of the query (see `visibleTo`), so each page is full
 * of posts the viewer may see. `q` may be left out when `hashtag` or `from` narrows the search.
 */
export async function searchPosts(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: SearchPostsInput;
}): Promise<Page> {
  const { ctx, viewer, input } = args;
  const sort = input.sort ?? "top";
  if (sort !== "top" && sort !== "latest") throw invalid("sort", "top or latest");
  const hashtag = input.hashtag ? parseQuery(input.hashtag, "hashtag").replace(/^#/, "") : undefined;
  const from = input.from ? parseQuery(input.from, "from").replace(/^@/, "") : undefined;
  const q = input.q || !(hashtag || from) ? parseQuery(input.q) : "";
  const words = queryWords(q);
  const limit = parseLimit(input.limit, 20, 50);
  const since = parseTime(input.since, "since");
  const until = parseTime(input.until, "until");
  const after = sort === "latest" ? decodeKey(input.cursor) : undefined;
  const offset = sort === "top" ? decodeOffset(input.cursor) : 0;
  const language = input.lang ? configOfLanguage(input.lang) : undefined;
  if (input.lang && !language)
    throw invalid(
      "lang",
      `a language with a text-search configuration: ${Object.keys(CONFIG_OF_LANGUAGE).join(", ")}`,
    );
  if (q && words.length === 0 && !hashtag && !from) return { items: [], nextCursor: null };
  let authorId: string | undefined;
  if (from) {
    authorId = await accountIdOf(ctx, from);
    if (!authorId) return { items: [], nextCursor: null };
  }
  if (!input.cursor && q) await rememberIfSignedIn(ctx, viewer, q);
  const audience = await audienceOf(ctx, viewer);
  const rows = await ctx.engine.searchPosts(
    { words, sort, authorId, hashtag, since, until, language, limit: limit + 1, after, offset },
    audience,
  );
  const items = rows.slice(0, limit).map(toPostView);
  const last = items.at(-1);
  const more = rows.length > limit && last;
  return {
    items,
    nextCursor: more
      ? sort === "latest"
        ? encodeKey(new Date(last.createdAt), last.id)
        : encodeOffset(offset + limit)
      : null,
  };
}

async function accountIdOf(ctx: ServiceContext, username: string): Promise<string | undefined> {
  const [row] = rowsOf<{ id: string }>(
    await ctx.db.db.execute(sql`select id from search_service.accounts where username = ${username}`),
  );
  return row?.id;
}
