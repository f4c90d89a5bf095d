import type { ServiceContext } from "../context.ts";
import { suggestHashtagRows } from "../db/hashtag-queries.ts";
import { audienceOf } from "./audience.ts";
import { toUserView, type UserView } from "./result-views.ts";
import { parseQuery } from "./search-input.ts";
import type { Viewer } from "./viewer.ts";

export const MAX_SUGGESTIONS = 10;

export type Suggestion = ({ type: "user" } & UserView) | { type: "hashtag"; tag: string; uses: number };

/**
 * Typeahead: accounts and hashtags by prefix, at most 10 (users first). `@…` asks for accounts only,
 * `#…` for hashtags only. Prefix-only, index-served queries keep it in single-digit ms.
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
    onlyTags
      ? []
      : audienceOf(ctx, viewer, { includeMuted: false }).then((a) =>
          ctx.engine.suggestUsers(q, a, onlyUsers ? MAX_SUGGESTIONS : 6),
        ),
    onlyUsers ? [] : suggestHashtagRows(ctx.db.db, q, MAX_SUGGESTIONS),
  ]);
  const items: Suggestion[] = [
    ...users.map((u) => ({ type: "user" as const, ...toUserView(u) })),
    ...tags.map((t) => ({ type: "hashtag" as const, tag: t.tag, uses: Number(t.uses) })),
  ];
  return { items: items.slice(0, MAX_SUGGESTIONS) };
}
