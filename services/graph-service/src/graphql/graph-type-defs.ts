/**
 * graph-service's subschema. `User` belongs to user-service (merge key `id`); graph-service adds
 * its lists, counts and the viewer's relationship through `_graphUsers(ids)`, one batched call per
 * page of users (counts and relationships for the whole batch in two store queries).
 */
export const graphTypeDefs = /* GraphQL */ `
  type User @key(selectionSet: "{ id }") {
    id: ID!
    "Followers, newest first; an error (FORBIDDEN) for a private account you do not follow, or across a block."
    followers(first: Int, after: String): UserConnection!
    "Accounts this user follows; same visibility as followers."
    following(first: Int, after: String): UserConnection!
    "Accounts that follow this user and that it follows back; same visibility as followers."
    mutuals(first: Int, after: String): UserConnection!
    followerCount: Int!
    followingCount: Int!
    "The signed-in viewer's relationship to this user; null when signed out or for yourself."
    relationship: Relationship
  }

  "A page of users, newest edge first."
  type UserConnection {
    nodes: [User!]!
    edges: [UserEdge!]!
    "Pass as \`after\` for the next page; null on the last page."
    nextCursor: String
  }

  type UserEdge {
    node: User!
    "When the edge (follow, request, block, mute) was made, ISO-8601 UTC."
    since: String!
  }

  "The viewer's relationship to one user."
  type Relationship {
    user: User!
    following: Boolean!
    followedBy: Boolean!
    "You have a pending follow request to them."
    requested: Boolean!
    "They have a pending follow request to you."
    requestedBy: Boolean!
    blocking: Boolean!
    blockedBy: Boolean!
    muting: Boolean!
  }

  type FollowSuggestion {
    user: User!
    "How many accounts you follow follow this one."
    mutualCount: Int!
    lastFollowedAt: String!
  }

  enum FollowRequestDirection {
    "Requests to you."
    INCOMING
    "Your pending requests."
    OUTGOING
  }

  type Query {
    "Your relationship to up to 100 users, in request order."
    relationships(ids: [ID!]!): [Relationship!]!
    followRequests(direction: FollowRequestDirection!, first: Int, after: String): UserConnection!
    "Accounts you block."
    blockedUsers(first: Int, after: String): UserConnection!
    "Accounts you mute."
    mutedUsers(first: Int, after: String): UserConnection!
    "Who to follow: friends of friends by mutual count, then recency."
    followSuggestions(first: Int): [FollowSuggestion!]!
    _graphUsers(ids: [ID!]!): [User]! @merge(keyField: "id")
  }

  type Mutation {
    "Follows a user, or sends a follow request when the account is private."
    follow(id: ID!): Relationship!
    unfollow(id: ID!): Relationship!
    "Approves the request from user \`id\`."
    approveFollowRequest(id: ID!): Relationship!
    "Denies the request from user \`id\`."
    denyFollowRequest(id: ID!): Relationship!
    "Cancels your request to user \`id\`."
    cancelFollowRequest(id: ID!): Relationship!
    block(id: ID!): Relationship!
    unblock(id: ID!): Relationship!
    mute(id: ID!): Relationship!
    unmute(id: ID!): Relationship!
  }
`;
