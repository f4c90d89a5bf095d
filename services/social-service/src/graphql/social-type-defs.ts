/**
 * social-service's subschema. content-service owns `Post`; this one only contributes its
 * engagement (`counts`, `viewerState`) through the batched merge resolver `_postsEngagement(ids)`,
 * so a page of 50 posts costs one call here. The merge key includes content's `_viewGrant`: the
 * gateway fetches it with the post and passes it beside each id, and posts it
 * covers skip the visibility question to content (see domain/visibility-grant.ts).
 */
export const socialTypeDefs = /* GraphQL */ `
  "A post, as far as engagement goes. Merge key: id (content-service owns the rest)."
  type Post @key(selectionSet: "{ id _viewGrant }") {
    id: ID!
    counts: EngagementCounts!
    "What the signed-in viewer did to this post (all false when anonymous)."
    viewerState: ViewerState!
    "Who liked the post, newest first (accounts in a blocked pair with the viewer, or muted by them, are left out)."
    likers(first: Int, after: String): LikerConnection!
  }

  "An account; user-service owns it (a stub here, merged by the gateway on id)."
  type User @key(selectionSet: "{ id }") {
    id: ID!
  }

  type Liker {
    user: User!
    likedAt: String!
  }

  type LikerConnection {
    nodes: [Liker!]!
    "Pass as 'after' for the next page; null on the last page."
    nextCursor: String
  }

  type LikedPost {
    post: Post!
    likedAt: String!
  }

  type LikedPostConnection {
    nodes: [LikedPost!]!
    "Pass as 'after' for the next page; null on the last page."
    nextCursor: String
  }

  type EngagementCounts {
    likes: Int!
    comments: Int!
    reposts: Int!
    quotes: Int!
    bookmarks: Int!
  }

  type ViewerState {
    liked: Boolean!
    reposted: Boolean!
    bookmarked: Boolean!
  }

  type CommentLike {
    commentId: ID!
    likes: Int!
    liked: Boolean!
  }

  type Bookmark {
    post: Post!
    bookmarkedAt: String!
  }

  type BookmarkConnection {
    nodes: [Bookmark!]!
    "Pass as 'after' for the next page; null on the last page."
    nextCursor: String
  }

  type Query {
    "The signed-in account's bookmarks, newest first (private: nobody else can read them)."
    myBookmarks(first: Int, after: String): BookmarkConnection!
    "Posts the signed-in account liked, newest like first (posts it may no longer see are left out)."
    myLikes(first: Int, after: String): LikedPostConnection!
    _postsEngagement(ids: [ID!]!, viewGrants: [String]): [Post]!
      @merge(argsExpr: "ids: [[$key.id]], viewGrants: [[$key._viewGrant]]")
  }

  type Mutation {
    likePost(postId: ID!): Post!
    unlikePost(postId: ID!): Post!
    likeComment(commentId: ID!): CommentLike!
    unlikeComment(commentId: ID!): CommentLike!
    repost(postId: ID!): Post!
    unrepost(postId: ID!): Post!
    bookmark(postId: ID!): Post!
    unbookmark(postId: ID!): Post!
  }
`;
