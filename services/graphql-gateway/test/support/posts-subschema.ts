import { type SubschemaServer, startSubschemaServer } from "./start-subschema-server.ts";

const POSTS = [
  { id: "p1", body: "hello", authorId: "u1" },
  { id: "p2", body: "second", authorId: "u2" },
  { id: "p3", body: "third", authorId: "u3" },
  { id: "p4", body: "fourth", authorId: "u1" },
  { id: "p5", body: "fifth", authorId: "u2" },
];

export const postsTypeDefs = /* GraphQL */ `
  type Post @key(selectionSet: "{ id }") {
    id: ID!
    body: String!
    author: User
  }

  type User @key(selectionSet: "{ id }") {
    id: ID!
    posts: [Post!]!
  }

  input UserKey {
    id: ID!
  }

  type Query {
    posts: [Post!]!
    _users(keys: [UserKey!]!): [User]! @merge
  }
`;

/** Version 2 of the subschema, as after a deploy that added `Post.title`. */
export const postsTypeDefsV2 = postsTypeDefs.replace("body: String!", "body: String!\n    title: String!");

type PostRow = (typeof POSTS)[number];

export const postsResolvers = (userBatches: string[][], version: 1 | 2 = 1) => ({
  Query: {
    posts: () => POSTS,
    _users: (_: unknown, args: { keys: Array<{ id: string }> }) => {
      userBatches.push(args.keys.map((k) => k.id));
      return args.keys.map((k) => ({ id: k.id }));
    },
  },
  Post: {
    author: (post: PostRow) => ({ id: post.authorId }),
    ...(version === 2 ? { title: (post: PostRow) => post.body.toUpperCase() } : {}),
  },
  User: { posts: (user: { id: string }) => POSTS.filter((p) => p.authorId === user.id) },
});

/** Owns posts and adds `User.posts` through the `_users(keys)` merge resolver. */
export function startPostsSubschema(): SubschemaServer & { userBatches: string[][] } {
  const userBatches: string[][] = [];
  const server = startSubschemaServer(postsTypeDefs, postsResolvers(userBatches));
  return Object.assign(server, { userBatches });
}
