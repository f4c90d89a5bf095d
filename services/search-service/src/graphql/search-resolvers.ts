import type { ServiceContext } from "../context.ts";
import { clearMyRecentSearches, listMyRecentSearches } from "../domain/recent-searches.ts";
import { searchHashtags } from "../domain/search-hashtags.ts";
import { searchPosts } from "../domain/search-posts.ts";
import { searchUsers } from "../domain/search-users.ts";
import { suggest } from "../domain/suggest.ts";
import { trendingHashtags } from "../domain/trending-hashtags.ts";
import type { Viewer } from "../domain/viewer.ts";

/** Per-request GraphQL context: the caller, verified on first use. */
export interface SearchGraphqlContext {
  viewer(): Promise<Viewer>;
}

type SearchArgs = {
  query: string;
  type: "USERS" | "POSTS" | "HASHTAGS";
  first?: number | null;
  after?: string | null;
  sort?: "TOP" | "LATEST" | null;
  lang?: string | null;
};

const typed = <T extends object>(typename: string, items: T[]) =>
  items.map((i) => ({ __typename: typename, ...i }));

/** Resolvers: each converts its arguments and calls a domain verb. */
export function searchResolvers(ctx: ServiceContext) {
  return {
    SearchResult: { __resolveType: (o: { __typename: string }) => o.__typename },
    SearchSuggestion: { __resolveType: (o: { __typename: string }) => o.__typename },
    Query: {
      search: async (_: unknown, args: SearchArgs, gql: SearchGraphqlContext) => {
        const viewer = await gql.viewer();
        const page = { q: args.query, limit: args.first ?? undefined, cursor: args.after ?? undefined };
        if (args.type === "USERS") {
          const r = await searchUsers({ ctx, viewer, input: page });
          return { edges: typed("SearchUser", r.items).map((node) => ({ node })), nextCursor: r.nextCursor };
        }
        if (args.type === "POSTS") {
          const sort = args.sort === "LATEST" ? "latest" : "top";
          const r = await searchPosts({
            ctx,
            viewer,
            input: { ...page, sort, lang: args.lang ?? undefined },
          });
          return { edges: typed("SearchPost", r.items).map((node) => ({ node })), nextCursor: r.nextCursor };
        }
        const r = await searchHashtags({ ctx, input: { q: args.query, limit: args.first ?? undefined } });
        return { edges: typed("SearchHashtag", r.items).map((node) => ({ node })), nextCursor: null };
      },
      searchSuggest: async (_: unknown, args: { query: string }, gql: SearchGraphqlContext) => {
        const r = await suggest({ ctx, viewer: await gql.viewer(), input: { q: args.query } });
        return r.items.map((i) => ({ __typename: i.type === "user" ? "SearchUser" : "SearchHashtag", ...i }));
      },
      trendingHashtags: async (_: unknown, args: { first?: number | null }) =>
        (await trendingHashtags({ ctx, input: { limit: args.first ?? undefined } })).items,
      recentSearches: async (_: unknown, __: unknown, gql: SearchGraphqlContext) =>
        (await listMyRecentSearches({ ctx, viewer: await gql.viewer() })).items,
    },
    Mutation: {
      clearRecentSearches: async (_: unknown, args: { query?: string | null }, gql: SearchGraphqlContext) =>
        (
          await clearMyRecentSearches({
            ctx,
            viewer: await gql.viewer(),
            input: { q: args.query ?? undefined },
          })
        ).removed,
    },
  };
}
