/** search-service's subschema: search as a union connection, typeahead and trending hashtags. */
export const searchTypeDefs = /* GraphQL */ `
  enum SearchType {
    USERS
    POSTS
    HASHTAGS
  }

  enum SearchSort {
    TOP
    LATEST
  }

  "An account as a search result."
  type SearchUser {
    id: ID!
    username: String!
    displayName: String!
    avatarUrl: String
    private: Boolean!
  }

  type SearchPostAuthor {
    id: ID!
    username: String
    displayName: String
    avatarUrl: String
  }

  type SearchCounts {
    likes: Int!
    comments: Int!
    reposts: Int!
  }

  "A post or comment as a search result; snippet is HTML-escaped with <mark> around matches."
  type SearchPost {
    id: ID!
    kind: String!
    postId: ID!
    author: SearchPostAuthor!
    snippet: String!
    hashtags: [String!]!
    createdAt: String!
    counts: SearchCounts!
  }

  type SearchHashtag {
    tag: String!
    uses: Int!
  }

  union SearchResult = SearchUser | SearchPost | SearchHashtag

  type SearchEdge {
    node: SearchResult!
  }

  type SearchConnection {
    edges: [SearchEdge!]!
    "Pass as 'after' for the next page; null on the last page."
    nextCursor: String
  }

  union SearchSuggestion = SearchUser | SearchHashtag

  type TrendingHashtag {
    tag: String!
    accounts: Int!
    score: Float!
  }

  type Query {
    "Search people, posts or hashtags; only what the viewer may see."
    search(
      query: String!
      type: SearchType!
      first: Int
      after: String
      sort: SearchSort
      "POSTS only: BCP 47 language of the posts (de, pt-BR, …)."
      lang: String
    ): SearchConnection!
    "Typeahead: accounts and hashtags by prefix (at most 10)."
    searchSuggest(query: String!): [SearchSuggestion!]!
    "Hashtags rising now."
    trendingHashtags(first: Int): [TrendingHashtag!]!
    "The signed-in account's own recent searches, newest first (stored only for it)."
    recentSearches: [RecentSearch!]!
  }

  type RecentSearch {
    query: String!
    searchedAt: String!
  }

  type Mutation {
    "Forgets one recent search (query), or all of them; answers how many were removed."
    clearRecentSearches(query: String): Int!
  }
`;
