/**
 * Explicit mappings (dynamic: strict — a field the code forgets is an error, not a guess). Only core
 * analyzers: the integ-test build has no analysis-common (no custom filters, no normalizers);
 * `textAnalyzer` is "english" wherever the module exists.
 */
export function documentsIndexBody(textAnalyzer: string) {
  return {
    settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: "1s" },
    mappings: {
      dynamic: "strict" as const,
      properties: {
        id: { type: "keyword" as const },
        kind: { type: "keyword" as const },
        post_id: { type: "keyword" as const },
        author_id: { type: "keyword" as const },
        scope_author_id: { type: "keyword" as const },
        scope_visibility: { type: "byte" as const },
        scope_mentions: { type: "keyword" as const },
        mentions: { type: "keyword" as const },
        text: { type: "text" as const, analyzer: textAnalyzer },
        hashtags: { type: "keyword" as const },
        language: { type: "keyword" as const },
        created_at: { type: "date" as const },
        likes: { type: "integer" as const },
        comments: { type: "integer" as const },
        reposts: { type: "integer" as const },
        engagement: { type: "integer" as const },
        moderated: { type: "boolean" as const },
        writer_limited: { type: "boolean" as const },
        writer_suspended: { type: "boolean" as const },
        owner_private: { type: "boolean" as const },
        owner_limited: { type: "boolean" as const },
        owner_suspended: { type: "boolean" as const },
      },
    },
  };
}

/** Fields added after the first release: put into an existing index's mapping at start (additive). */
export const DOCUMENT_FIELDS_ADDED = { language: { type: "keyword" as const } };

export function accountsIndexBody() {
  return {
    settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: "1s" },
    mappings: {
      dynamic: "strict" as const,
      properties: {
        username: {
          type: "keyword" as const,
          fields: { text: { type: "text" as const, analyzer: "standard" } },
        },
        display_name: {
          type: "text" as const,
          analyzer: "standard",
          fields: { raw: { type: "keyword" as const } },
        },
        bio: { type: "text" as const, analyzer: "standard" },
        avatar_media_id: { type: "keyword" as const, index: false },
        private: { type: "boolean" as const },
        limited: { type: "boolean" as const },
        suspended: { type: "boolean" as const },
      },
    },
  };
}
