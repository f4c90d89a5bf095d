/**
 * feed-service's subschema. It owns no entity: timelines are lists of `Post` ids that the gateway
 * completes from content-service (`_posts`) and social-service (`_postsEngagement`), one batched
 * call each per page. `User.timeline` is merged onto content's `User` through `_feedUsers(ids)`.
 */
export const feedTypeDefs = /* GraphQL */ `
  "A post; content-service owns its fields, feed-service only lists ids the viewer may see."
  type Post {
    id: ID!
  }

  type User @key(selectionSet: "{ id }") {
    id: ID!
    "The account's posts (top-level and quotes) and reposts you may see, newest first; a repost by its repost time (edges[].repostedAt)."
    timeline(first: Int, after: String): TimelineConnection!
  }

  "A page of a timeline, newest first (Relay-style: edges with cursors and pageInfo)."
  type TimelineConnection {
    nodes: [Post!]!
    edges: [TimelineEdge!]!
    pageInfo: TimelinePageInfo!
    "Pass as \`after\` for the next page; null on the last page (same as pageInfo.endCursor)."
    nextCursor: String
  }

  type TimelineEdge {
    node: Post!
    "In a user timeline: when the account reposted this post (the node is the original post). Null for its own posts and in other timelines."
    repostedAt: String
  }

  type TimelinePageInfo {
    hasNextPage: Boolean!
    "The cursor to pass as \`after\`; null on the last page."
    endCursor: String
  }

  "Where a for-you candidate came from."
  enum ForYouSource {
    "A post of an account you follow (or your own)."
    FOLLOWING
    "A post that accounts you follow liked or reposted."
    FRIENDS_OF_FRIENDS
    "A post trending across the network."
    TRENDING
  }

  type ForYouEdge {
    node: Post!
    source: ForYouSource!
  }

  "Ranked posts from followed authors, what they engaged with and trending; ranked is false when ranking was unavailable. Pages go through the order the first page was served from (kept 30 minutes)."
  type ForYouConnection {
    nodes: [Post!]!
    edges: [ForYouEdge!]!
    pageInfo: TimelinePageInfo!
    "Pass as after to get the next page; null on the last."
    nextCursor: String
    ranked: Boolean!
    fallbackReason: String
    modelVersion: String
  }

  type Query {
    "The signed-in account's home timeline: posts of followed accounts and its own, newest first."
    homeTimeline(first: Int, after: String): TimelineConnection!
    "Candidates ordered by ranking-service (in time order, flagged, when it is down)."
    forYou(first: Int, after: String): ForYouConnection!
    "Trending public posts, one per author on a page, best first (open to anonymous viewers); pages go through the order the first page was served from (kept 30 minutes)."
    explore(first: Int, after: String): TimelineConnection!
    _feedUsers(ids: [ID!]!): [User]! @merge(keyField: "id")
  }

  "New posts are available in the home timeline: how many since the previous update, and the newest's time."
  type HomeTimelineUpdate {
    count: Int!
    "ISO-8601 UTC publication time of the newest of them."
    newestAt: String!
  }

  type Subscription {
    "Tells the signed-in account that followed accounts posted (at most once a second; no content: reload homeTimeline)."
    homeTimelineUpdates: HomeTimelineUpdate!
  }
`;
