import type { estypes } from "@elastic/elasticsearch";
import type { PostQuery, QueryAudience } from "../../db/post-search-queries.ts";

type Query = estypes.QueryDslQueryContainer;

const terms = (field: string, values: readonly string[]): Query => ({ terms: { [field]: [...values] } });
const term = (field: string, value: string | number | boolean): Query => ({ term: { [field]: value } });
const anyOf = (...should: Query[]): Query => ({ bool: { should, minimum_should_match: 1 } });
const allOf = (...filter: Query[]): Query => ({ bool: { filter } });

/** One who is the account itself or follows it. */
function selfOrFollowing(field: string, a: QueryAudience): Query[] {
  return [...(a.viewerId ? [term(field, a.viewerId)] : []), terms(field, a.following)];
}

/** The same rule as the embedded engine's `visibleTo`, as filters (applied before size/from). */
export function visibilityFilters(a: QueryAudience): { filter: Query[]; must_not: Query[] } {
  const audience: Query[] = [
    allOf(term("scope_visibility", 1), term("owner_private", false)),
    allOf(terms("scope_visibility", ["1", "2"]), terms("scope_author_id", a.following)),
  ];
  if (a.viewerId)
    audience.push(
      term("scope_author_id", a.viewerId),
      allOf(term("scope_visibility", 3), term("scope_mentions", a.viewerId)),
    );
  return {
    filter: [
      term("moderated", false),
      term("writer_suspended", false),
      term("owner_suspended", false),
      anyOf(term("writer_limited", false), ...selfOrFollowing("author_id", a)),
      anyOf(term("owner_limited", false), ...selfOrFollowing("scope_author_id", a)),
      anyOf(...audience),
    ],
    must_not: [
      terms("author_id", a.hidden),
      terms("scope_author_id", a.hidden),
      terms("mentions", a.blocked),
    ],
  };
}

/** The post search request: text match with one-typo fuzziness, filters, and top/latest order. */
export function postSearchRequest(q: PostQuery, a: QueryAudience, authorIdOf?: string) {
  const text = q.words.join(" ");
  const vis = visibilityFilters(a);
  const filter = [...vis.filter];
  if (q.authorId ?? authorIdOf) filter.push(term("author_id", (q.authorId ?? authorIdOf) as string));
  if (q.hashtag) filter.push(term("hashtags", q.hashtag));
  if (q.language) filter.push(term("language", q.language));
  if (q.since || q.until)
    filter.push({
      range: {
        created_at: {
          ...(q.since ? { gte: q.since.toISOString() } : {}),
          ...(q.until ? { lt: q.until.toISOString() } : {}),
        },
      },
    });
  const must: Query[] =
    q.words.length > 0
      ? [{ match: { text: { query: text, operator: "or", fuzziness: "AUTO:5,100", prefix_length: 1 } } }]
      : [];
  // Any word may match (as in the embedded engine); all words, exactly, score above the rest.
  const should: Query[] =
    q.words.length > 0 ? [{ match: { text: { query: text, operator: "and", boost: 2 } } }] : [];
  const base: Query = { bool: { must, should, filter, must_not: vis.must_not } };
  const query: Query =
    q.sort === "top"
      ? {
          function_score: {
            query: base,
            functions: [
              { field_value_factor: { field: "engagement", modifier: "ln2p", factor: 1, missing: 0 } },
              { gauss: { created_at: { origin: "now", scale: "7d", decay: 0.5 } } },
            ],
            score_mode: "multiply",
            boost_mode: "multiply",
          },
        }
      : base;
  const sort: estypes.Sort =
    q.sort === "latest"
      ? [{ created_at: { order: "desc" } }, { id: { order: "desc" } }]
      : [{ _score: { order: "desc" } }, { id: { order: "desc" } }];
  return {
    query,
    sort,
    size: q.limit,
    ...(q.sort === "top" && q.offset ? { from: q.offset } : {}),
    ...(q.sort === "latest" && q.after ? { search_after: [q.after.at.getTime(), q.after.id] } : {}),
    highlight: {
      encoder: "html" as const,
      pre_tags: ["<mark>"],
      post_tags: ["</mark>"],
      fields: { text: { number_of_fragments: 2, fragment_size: 150, no_match_size: 200 } },
    },
    _source: [
      "kind",
      "post_id",
      "author_id",
      "hashtags",
      "created_at",
      "likes",
      "comments",
      "reposts",
      "text",
    ],
  };
}

/** Accounts the viewer may find (same rule as the embedded engine's `findable`). */
function findableFilters(a: QueryAudience) {
  return {
    filter: [term("suspended", false), anyOf(term("limited", false), ...selfOrFollowing("_id", a))],
    must_not: [terms("_id", a.blocked)],
  };
}

/** People search: exact username, then prefixes, then one typo and bio words. */
export function userSearchRequest(q: string, a: QueryAudience, limit: number, offset: number) {
  return {
    query: {
      bool: {
        ...findableFilters(a),
        should: [
          { term: { username: { value: q, boost: 1000 } } },
          { prefix: { username: { value: q, boost: 300 } } },
          { match_phrase_prefix: { display_name: { query: q, boost: 200 } } },
          { match_bool_prefix: { display_name: { query: q, boost: 150 } } },
          { fuzzy: { username: { value: q, fuzziness: "AUTO", boost: 60 } } },
          { match: { display_name: { query: q, fuzziness: "AUTO", boost: 50 } } },
          { match: { bio: { query: q, boost: 20 } } },
        ] as Query[],
        minimum_should_match: 1,
      },
    },
    sort: [{ _score: "desc" }, { username: "asc" }] as estypes.Sort,
    size: limit,
    from: offset,
  };
}

/** Typeahead: prefixes only. */
export function userSuggestRequest(q: string, a: QueryAudience, limit: number) {
  return {
    query: {
      bool: {
        ...findableFilters(a),
        // Constant scores: exact username, then username prefix, then name prefix; ties by username.
        should: [
          { constant_score: { filter: { term: { username: q } }, boost: 100 } },
          { constant_score: { filter: { prefix: { username: q } }, boost: 10 } },
          { constant_score: { filter: { match_phrase_prefix: { display_name: q } }, boost: 1 } },
        ] as Query[],
        minimum_should_match: 1,
      },
    },
    sort: [{ _score: "desc" }, { username: "asc" }] as estypes.Sort,
    size: limit,
  };
}
