import type { ServiceContext } from "../context.ts";
import { type HashtagHit, suggestHashtagRows } from "../db/hashtag-queries.ts";
import type { UserHit } from "../db/user-search-queries.ts";
import { ANONYMOUS, audienceOf } from "./audience.ts";
import { toUserView, type UserView } from "./result-views.ts";
import { parseQuery } from "./search-input.ts";
import type { Viewer } from "./viewer.ts";

export const MAX_SUGGESTIONS = 10;
/** Accounts shown when hashtags are suggested too. */
const USERS_WITH_TAGS = 6;

/** A held typeahead answer: accounts (anonymous audience) or hashtags for one prefix. */
export type SuggestRows = UserHit[] | HashtagHit[];

/**
 * Accounts for a prefix. A signed-in viewer's answer depends on its follows and blocks, so it is
 * asked every time; the anonymous answer is the same for everyone and held for SUGGEST_CACHE_TTL.
 */
async function suggestedUsers(ctx: ServiceContext, viewer: Viewer, q: string, limit: number) {
  if (viewer)
    return ctx.engine.suggestUsers(q, await audienceOf(ctx, viewer, { includeMuted: false }), limit);
  return held(ctx, `u:${limit}:${q}`, () => ctx.engine.suggestUsers(q, ANONYMOUS, limit)) as Promise<
    UserHit[]
  >;
}

/**
 * The typeahead answer held by this instance for `key`, or loaded. Popular prefixes are asked by
 * many people at once: holding them for ~1 s takes the store out of most keystrokes while a new
 * account or hashtag still shows within the index's 2 s promise.
 */
async function held<T extends SuggestRows>(
  ctx: ServiceContext,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  if (!ctx.suggestions) return load();
  const found = await ctx.suggestions.getMany([key], async () => new Map([[key, await load()]]));
  return (found.get(key) ?? []) as T;
}

export type Suggestion = ({ type: "user" } & UserView) | { type: "hashtag"; tag: string; uses: number };

/**
 * Typeahead: accounts and hashtags by prefix, at most 10 (users first). `@…` asks for accounts only,
 * `#…` for hashtags only. Prefix-only, index-served queries keep it in single-digit ms; answers that
 * do not depend on the viewer are held briefly (see `held`).
 */
export async function suggest(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { q?: string | undefined };
}): Promise<{ items: Suggestion[] }> {
  const { ctx, viewer } = args;
  const raw = parseQuery(args.input.q);
  const onlyUsers = raw.startsWith("@");
  const onlyTags = raw.startsWith("#");
  const q = raw.replace(/^[@#]/, "");
  if (!q) return { items: [] };
  const [users, tags] = await Promise.all([
    onlyTags ? [] : suggestedUsers(ctx, viewer, q, onlyUsers ? MAX_SUGGESTIONS : USERS_WITH_TAGS),
    onlyUsers ? [] : held(ctx, `t:${q}`, () => suggestHashtagRows(ctx.db.db, q, MAX_SUGGESTIONS)),
  ]);
  const items: Suggestion[] = [
    ...users.map((u) => ({ type: "user" as const, ...toUserView(u) })),
    ...tags.map((t) => ({ type: "hashtag" as const, tag: t.tag, uses: Number(t.uses) })),
  ];
  return { items: items.slice(0, MAX_SUGGESTIONS) };
}
