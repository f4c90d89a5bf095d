/**
 * Media on profiles and comments through the gateway (issue 16): identity, user, graph (comment
 * policy), content and media
 * in one process with the gateway. `User.avatar`/`User.banner` and `Comment.media` come from
 * media-service's batched merge resolvers (`_usersMedia`, `_commentsMedia`), like `Post.media`: no
 * service reads another's tables, and the media objects carry signed URLs.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { service as gateway } from "@nova/graphql-gateway";
import { modulesNamed } from "../../scripts/service-modules.ts";
import {
  freeOffset,
  must,
  registerMember,
  type SuiteSystem,
  shiftedPorts,
  startSuiteSystem,
  tealJpeg,
} from "./harness.ts";

// Offsets 2300..4190: between account-export/revocation (1100..2190) and feed-journey (4300..).
const offset = freeOffset(2_300, 190);
const { url } = shiftedPorts(offset);
const MODULES = modulesNamed([
  "identity-service",
  "user-service",
  "graph-service",
  "content-service",
  "media-service",
]);

let sys: SuiteSystem;

beforeAll(async () => {
  sys = await startSuiteSystem({
    name: "media-graphql",
    modules: MODULES,
    gateway,
    url,
    // No RTMP ingest here (it would bind port 1935); signed URLs point at the shifted port.
    env: (name): Record<string, string> =>
      name === "media-service" ? { LIVE_ENABLED: "false", MEDIA_PUBLIC_URL: url("media-service") } : {},
  });
}, 90_000);

afterAll(async () => {
  await sys?.stop();
});

async function photo(token: string, alt: string): Promise<string> {
  const jpeg = tealJpeg();
  const body = new FormData();
  body.set("file", new Blob([jpeg as BlobPart]), "teal.jpg");
  body.set("alt", alt);
  const res = await fetch(url("media-service", "/api/v1/media"), {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

test("User.avatar/banner and Comment.media are media objects with signed URLs, via the gateway", async () => {
  const me = await registerMember(url, "pictured");
  const other = await registerMember(url, "reader");
  const [avatar, banner, attached] = [
    await photo(me.token, "my face"),
    await photo(me.token, "my skyline"),
    await photo(me.token, "on a comment"),
  ];
  await must("PATCH", url("user-service", "/api/v1/users/me"), me, {
    avatarMediaId: avatar,
    bannerMediaId: banner,
  });
  const post = await must("POST", url("content-service", "/api/v1/posts"), other, { text: "show me" });
  const comment = await must("POST", url("content-service", `/api/v1/posts/${post.id}/comments`), me, {
    text: "here",
    mediaIds: [attached],
  });
  const plain = await must("POST", url("content-service", `/api/v1/posts/${post.id}/comments`), other, {
    text: "no pictures",
  });

  const body = (await must("POST", url("graphql-gateway", "/graphql"), other, {
    query: `query($me: ID!, $post: ID!) {
      user(id: $me) { id avatarMediaId avatar { id alt variants { name url } } banner { id alt } }
      post(id: $post) { comments(first: 10) { nodes { id mediaIds media { id alt blurhash variants { url } } } } }
    }`,
    variables: { me: me.id, post: post.id },
  })) as {
    errors?: unknown;
    data: {
      user: {
        avatarMediaId: string;
        avatar: { id: string; alt: string; variants: { url: string }[] };
        banner: { id: string; alt: string };
      };
      post: {
        comments: {
          nodes: {
            id: string;
            mediaIds: string[];
            media: { id: string; alt: string; blurhash: string; variants: { url: string }[] }[];
          }[];
        };
      };
    };
  };
  expect(body.errors).toBeUndefined();
  expect(body.data.user.avatarMediaId).toBe(avatar);
  expect(body.data.user.avatar).toMatchObject({ id: avatar, alt: "my face" });
  expect(body.data.user.banner).toMatchObject({ id: banner, alt: "my skyline" });
  // The URL is signed and serves the image.
  const small = body.data.user.avatar.variants[0]?.url as string;
  expect(new URL(small).searchParams.get("signature")).toBeTruthy();
  const img = await fetch(small);
  expect(img.status).toBe(200);
  expect(img.headers.get("content-type")).toBe("image/webp");

  const nodes = body.data.post.comments.nodes;
  const withMedia = nodes.find((n) => n.id === comment.id);
  expect(withMedia?.mediaIds).toEqual([attached]);
  expect(withMedia?.media.map((m) => [m.id, m.alt])).toEqual([[attached, "on a comment"]]);
  expect(withMedia?.media[0]?.blurhash).toBeTruthy();
  expect(nodes.find((n) => n.id === plain.id)?.media).toEqual([]);

  // Clearing the avatar releases it: the profile has no avatar object any more.
  await must("PATCH", url("user-service", "/api/v1/users/me"), me, { avatarMediaId: null });
  const after = (await must("POST", url("graphql-gateway", "/graphql"), me, {
    query: "{ me { avatar { id } banner { id } } }",
  })) as { data: { me: { avatar: unknown; banner: { id: string } } } };
  expect(after.data.me).toEqual({ avatar: null, banner: { id: banner } });
}, 60_000);
