/**
 * content-service's subschema. It owns `Post` and `Comment` (merge key `id`; `_posts(ids)` lets
 * the gateway fetch many posts in one batched call) and adds `User.posts`. `User` belongs to
 * user-service: here it is a stub `{ id }` merged by the gateway through `_contentUsers`.
 */
export const contentTypeDefs = /* GraphQL */ `
  type User @key(selectionSet: "{ id }") {
    id: ID!
    "Published posts of this user the caller may see, newest first."
    posts(first: Int, after: String, includeReplies: Boolean): PostConnection!
  }

  enum PostVisibility {
    PUBLIC
    FOLLOWERS
    MENTIONED
  }

  enum ReplyPolicy {
    EVERYONE
    FOLLOWING
    MENTIONED
  }

  enum PostStatus {
    DRAFT
    SCHEDULED
    PUBLISHED
  }

  "An earlier version of an edited post."
  type PostVersion {
    text: String!
    mediaIds: [ID!]!
    contentWarning: String
    "When this version was replaced by the next."
    replacedAt: String!
  }

  "A post. Merge key: id."
  type Post @key(selectionSet: "{ id }") @canonical {
    id: ID!
    "Earlier versions, oldest first (empty when never edited); visible to whoever may see the post."
    history: [PostVersion!]!
    author: User!
    text: String!
    mediaIds: [ID!]!
    replyToPostId: ID
    quoteOfPostId: ID
    visibility: PostVisibility!
    contentWarning: String
    hashtags: [String!]!
    mentions: [User!]!
    replyPolicy: ReplyPolicy!
    quotesAllowed: Boolean!
    status: PostStatus!
    scheduledAt: String
    publishedAt: String
    edited: Boolean!
    editedAt: String
    commentCount: Int!
    createdAt: String!
    "Trust & safety labels (e.g. spam, nsfw): clients blur the post behind them."
    moderationLabels: [String!]!
    "Why the post is hidden (only its author sees a hidden post); null when it is not."
    moderationHiddenReason: String
    "Top-level comments, oldest first."
    comments(first: Int, after: String): CommentConnection!
    "Plumbing (not public): a grant signed for social-service saying this request's viewer may see this post."
    _viewGrant: String
  }

  type PostConnection {
    nodes: [Post!]!
    nextCursor: String
  }

  type Comment {
    id: ID!
    postId: ID!
    author: User!
    parentCommentId: ID
    text: String!
    "Attached media ids, in order (media-service holds them as comment:<id>)."
    mediaIds: [ID!]!
    replyCount: Int!
    createdAt: String!
    "Why a moderator hid this comment; only its author ever sees a hidden comment."
    hiddenReason: String
    "Trust & safety labels (e.g. spam, nsfw): clients blur the comment behind them."
    moderationLabels: [String!]!
    "Answers to this comment, oldest first."
    replies(first: Int, after: String): CommentConnection!
  }

  type CommentConnection {
    nodes: [Comment!]!
    nextCursor: String
  }

  input CreatePostInput {
    text: String
    mediaIds: [ID!]
    replyToPostId: ID
    quoteOfPostId: ID
    visibility: PostVisibility
    contentWarning: String
    replyPolicy: ReplyPolicy
    quotesAllowed: Boolean
    draft: Boolean
    "ISO-8601; publish then instead of now."
    scheduledAt: String
  }

  input EditPostInput {
    text: String
    mediaIds: [ID!]
    contentWarning: String
    replyPolicy: ReplyPolicy
    quotesAllowed: Boolean
    visibility: PostVisibility
    publish: Boolean
    scheduledAt: String
  }

  input CreateCommentInput {
    text: String!
    parentCommentId: ID
    "The author's ready media: at most 4 images or 1 video."
    mediaIds: [ID!]
  }

  type Query {
    "A post, if the caller may see it; null otherwise."
    post(id: ID!): Post
    hashtagPosts(tag: String!, first: Int, after: String): PostConnection!
    "The caller's drafts and scheduled posts."
    myDrafts: [Post!]!
    _posts(ids: [ID!]!): [Post]! @merge(keyField: "id")
    _contentUsers(ids: [ID!]!): [User]! @merge(keyField: "id")
  }

  type Mutation {
    createPost(input: CreatePostInput!): Post!
    editPost(id: ID!, input: EditPostInput!): Post!
    deletePost(id: ID!): Boolean!
    createComment(postId: ID!, input: CreateCommentInput!): Comment!
    deleteComment(id: ID!): Boolean!
  }
`;
