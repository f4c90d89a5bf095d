import { rowsOf } from "@nova/db";
import { sql } from "drizzle-orm";
import type { Executor } from "./executor.ts";

/** Remembers a search of an account, keeping only its newest `keep`. */
export async function rememberSearch(db: Executor, accountId: string, query: string, keep: number) {
  await db.execute(sql`
    insert into search_service.recent_searches (account_id, query, searched_at) values (${accountId}, ${query}, now())
    on conflict (account_id, query) do update set searched_at = now()`);
  await db.execute(sql`
    delete from search_service.recent_searches where account_id = ${accountId} and query not in (
      select query from search_service.recent_searches where account_id = ${accountId}
      order by searched_at desc limit ${keep})`);
}

export async function listRecentSearches(db: Executor, accountId: string) {
  return rowsOf<{ query: string; searched_at: string | Date }>(
    await db.execute(sql`
      select query, searched_at from search_service.recent_searches where account_id = ${accountId}
      order by searched_at desc`),
  );
}

/** Forgets one search, or all when `query` is undefined; returns how many were forgotten. */
export async function forgetSearches(db: Executor, accountId: string, query: string | undefined) {
  const rows = rowsOf<{ query: string }>(
    await db.execute(
      query === undefined
        ? sql`delete from search_service.recent_searches where account_id = ${accountId} returning query`
        : sql`delete from search_service.recent_searches where account_id = ${accountId} and query = ${query} returning query`,
    ),
  );
  return rows.length;
}
