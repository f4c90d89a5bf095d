import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  type ContentHarness,
  DATABASE_KINDS,
  startContentService,
  type TestUser,
} from "./support/content-harness.ts";

const POST_FIELDS = "id text visibility hashtags edited commentCount author { id } mentions { id }";

for (const kind of DATABASE_KINDS) {
  describe(`GraphQL subschema (${kind})`, () => {
    let h: ContentHarness;
    let ana: TestUser;
    let ben: TestUser;

    beforeAll(async () => {
      h = await startContentService(kind);
      ana = await h.user("gql_ana");
      ben = await h.user("gql_ben");
    }, 30_000);
    afterAll(() => h?.close());

    test("serves its SDL with merge keys for Post and the User stub", async () => {
      const res = await h.graphql("{ _sdl }");
      const sdl = res.data?._sdl as string;
      expect(sdl).toContain('type Post @key(selectionSet: "{ id }")');
      expect(sdl).toContain('_contentUsers(ids: [ID!]!): [User]! @merge(keyField: "id")');
      expect(sdl).toContain('_posts(ids: [ID!]!): [Post]! @merge(keyField: "id")');
    });

    test("mutations create, edit, comment on and delete a post; queries read it", async () => {
      const created = await h.graphql(
        `mutation($input: CreatePostInput!) { createPost(input: $input) { ${POST_FIELDS} } }`,
        { input: { text: "hello @gql_ben #GraphQL", visibility: "PUBLIC" } },
        ana.token,
      );
      expect(created.errors).toBeUndefined();
      const p = created.data?.createPost;
      expect(p).toMatchObject({
        author: { id: ana.id },
        mentions: [{ id: ben.id }],
        hashtags: ["graphql"],
        visibility: "PUBLIC",
      });

      const edited = await h.graphql(
        'mutation($id: ID!) { editPost(id: $id, input: { text: "hello again" }) { edited text } }',
        { id: p.id },
        ana.token,
      );
      expect(edited.data?.editPost).toEqual({ edited: true, text: "hello again" });
      // Post.history: the REST history verb (GET /posts/{id}/history) through GraphQL.
      const history = await h.graphql(
        "query($id: ID!) { post(id: $id) { history { text replacedAt } } }",
        { id: p.id },
        ben.token,
      );
      expect(history.data?.post.history).toEqual([
        { text: "hello @gql_ben #GraphQL", replacedAt: expect.any(String) },
      ]);

      const comment = await h.graphql(
        'mutation($id: ID!) { createComment(postId: $id, input: { text: "nice" }) { id author { id } } }',
        { id: p.id },
        ben.token,
      );
      expect(comment.data?.createComment.author).toEqual({ id: ben.id });

      const read = await h.graphql(
        "query($id: ID!) { post(id: $id) { commentCount comments { nodes { text author { id } } } } }",
        { id: p.id },
      );
      expect(read.data?.post).toEqual({
        commentCount: 1,
        comments: { nodes: [{ text: "nice", author: { id: ben.id } }] },
      });

      const userPosts = await h.graphql(
        "query($ids: [ID!]!) { _contentUsers(ids: $ids) { id posts(first: 5) { nodes { id } nextCursor } } }",
        { ids: [ana.id] },
      );
      expect(userPosts.data?._contentUsers[0].posts.nodes).toEqual([{ id: p.id }]);

      const batch = await h.graphql("query($ids: [ID!]!) { _posts(ids: $ids) { id } }", {
        ids: [p.id, ben.id],
      });
      expect(batch.data?._posts).toEqual([{ id: p.id }, null]);

      const deleted = await h.graphql("mutation($id: ID!) { deletePost(id: $id) }", { id: p.id }, ana.token);
      expect(deleted.data?.deletePost).toBe(true);
      expect(
        (await h.graphql("query($id: ID!) { post(id: $id) { id } }", { id: p.id })).data?.post,
      ).toBeNull();
    });

    test("errors carry their code: anonymous writes, others' posts, bad input", async () => {
      const anon = await h.graphql('mutation { createPost(input: { text: "x" }) { id } }');
      expect(anon.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      const bad = await h.graphql('mutation { createPost(input: { text: "" }) { id } }', {}, ana.token);
      expect(bad.errors?.[0]?.extensions?.code).toBe("INVALID_ARGUMENT");
      const created = await h.graphql(
        'mutation { createPost(input: { text: "mine" }) { id } }',
        {},
        ana.token,
      );
      const id = created.data?.createPost.id;
      const theft = await h.graphql("mutation($id: ID!) { deletePost(id: $id) }", { id }, ben.token);
      expect(theft.errors?.[0]?.extensions?.code).toBe("PERMISSION_DENIED");
    });
  });
}
