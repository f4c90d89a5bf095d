/**
 * The account export gathers every service's part (deliver 8 of issue 15): identity, user, content,
 * social, graph, feature-store, ranking, realtime-chat, trust-safety and analytics in one process on shifted ports, sharing one migrated
 * PGlite and the embedded event bus. A member posts, comments, likes, reposts, bookmarks, follows,
 * mutes, blocks and gives ranking feedback; `GET /api/v1/account/export` then holds a section from
 * each service with that data, and none is missing.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { modulesNamed } from "../../scripts/service-modules.ts";
import { bundle } from "../../services/realtime-chat-service/test/support/key-bundle.ts";
import {
  call,
  freeOffset,
  must,
  registerMember,
  type SuiteSystem,
  shiftedPorts,
  startSuiteSystem,
  tealJpeg,
  until,
} from "./harness.ts";

// Ports 9110..11123 (HTTP and gRPC): above `bun run dev`'s 8000..9023, below the infra engines'
// 17687.. and the other system suites' ranges.
const offset = freeOffset(1_100, 100);
const { url } = shiftedPorts(offset);
const NAMES = [
  "identity-service",
  "user-service",
  "content-service",
  "social-service",
  "graph-service",
  "feature-store",
  "ranking-service",
  "realtime-chat-service",
  "notification-service",
  "trust-safety-service",
  "analytics-service",
  "search-service",
  "media-service",
];
const MODULES = modulesNamed(NAMES);

let sys: SuiteSystem;

beforeAll(async () => {
  sys = await startSuiteSystem({ name: "account-export", modules: MODULES, url });
}, 90_000);

afterAll(async () => {
  await sys?.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: sections are JSON shaped by each service; the assertions check them
type Section = Record<string, any>;

test("GET /api/v1/account/export holds every service's section of the member's data", async () => {
  const [me, friend, noisy, foe] = [
    await registerMember(url, "exporter"),
    await registerMember(url, "friend"),
    await registerMember(url, "noisy"),
    await registerMember(url, "foe"),
  ];
  const mine = await must("POST", url("content-service", "/api/v1/posts"), me, { text: "my first #pottery" });
  const theirs = await must("POST", url("content-service", "/api/v1/posts"), friend, { text: "hello" });
  await must("POST", url("content-service", `/api/v1/posts/${theirs.id}/comments`), me, { text: "nice" });
  await must("PUT", url("graph-service", `/api/v1/users/${friend.id}/follow`), me);
  await must("PUT", url("graph-service", `/api/v1/users/${noisy.id}/mute`), me);
  await must("PUT", url("graph-service", `/api/v1/users/${foe.id}/block`), me);
  await must("PUT", url("social-service", `/api/v1/posts/${theirs.id}/like`), me);
  await must("POST", url("social-service", `/api/v1/posts/${theirs.id}/repost`), me);
  await must("PUT", url("social-service", `/api/v1/posts/${theirs.id}/bookmark`), me);
  await must("PUT", url("realtime-chat-service", "/api/v1/chat/devices/1/keys"), me, bundle());
  await must("GET", url("search-service", "/api/v1/search/posts?q=pottery"), me);
  // A photo (a 32×24 JPEG made by ffmpeg, which media-service needs anyway).
  const jpeg = tealJpeg();
  const photoForm = new FormData();
  photoForm.set("file", new Blob([jpeg as BlobPart]), "teal.jpg");
  photoForm.set("alt", "a teal square");
  const photo = (await (
    await fetch(url("media-service", "/api/v1/media"), {
      method: "POST",
      body: photoForm,
      headers: { authorization: `Bearer ${me.token}` },
    })
  ).json()) as { id: string };
  await must("POST", url("ranking-service", "/api/v1/feedback"), me, {
    feedback: [{ postId: theirs.id, kind: "like", at: new Date().toISOString() }],
  });

  // Features are materialised from the events: wait until feature-store knows the hashtag.
  const sections = await until("every section, features included", async () => {
    const res = await call("GET", url("identity-service", "/api/v1/account/export"), me);
    if (!res.ok) return undefined;
    const body = (await res.json()) as {
      incomplete: boolean;
      parts: { service: string; data?: Section; error?: string }[];
    };
    const byService = Object.fromEntries(body.parts.map((p) => [p.service, p]));
    const features = byService["feature-store"]?.data;
    const analytics = byService["analytics-service"]?.data?.events as Section[] | undefined;
    const counted = analytics?.some((e) => e.name === "like");
    return features?.user?.hashtag_interests?.pottery && counted ? { body, byService } : undefined;
  });
  const { body, byService } = sections;
  expect(body.incomplete).toBe(false);
  expect(Object.keys(byService).sort()).toEqual([...NAMES].sort());
  const data = (service: string): Section => byService[service]?.data ?? {};

  expect(data("identity-service").sessions.length).toBeGreaterThan(0);
  expect(data("user-service").settings).toBeDefined();
  expect(data("content-service").posts.map((p: Section) => p.id)).toEqual([mine.id]);
  expect(data("content-service").comments.map((c: Section) => c.text)).toEqual(["nice"]);
  expect(data("social-service").likes.map((l: Section) => l.postId)).toEqual([theirs.id]);
  expect(
    data("analytics-service")
      .events.filter((e: Section) => e.name === "like")
      .map((e: Section) => e.postId),
  ).toEqual([theirs.id]);
  expect(data("social-service").reposts.map((r: Section) => r.postId)).toEqual([theirs.id]);
  expect(data("social-service").bookmarks.map((b: Section) => b.postId)).toEqual([theirs.id]);
  expect(data("graph-service").following.map((f: Section) => f.accountId)).toEqual([friend.id]);
  expect(data("graph-service").muted.map((m: Section) => m.accountId)).toEqual([noisy.id]);
  expect(data("graph-service").blocked.map((b: Section) => b.accountId)).toEqual([foe.id]);
  expect(data("feature-store").user.hashtag_interests).toMatchObject({ pottery: expect.any(Number) });
  expect(data("media-service").media.map((m: Section) => [m.id, m.alt, m.status])).toEqual([
    [photo.id, "a teal square", "ready"],
  ]);
  expect(data("realtime-chat-service").devices.map((d: Section) => d.deviceId)).toEqual([1]);
  // The explicit feedback, plus the engagement analytics-service forwards to ranking's log as it
  // arrives (the comment, like and repost on the same post).
  const feedback = data("ranking-service").feedback.map((f: Section) => [f.postId, f.kind]);
  expect(feedback).toContainEqual([theirs.id, "like"]);
  for (const [postId, kind] of feedback) {
    expect(postId).toBe(theirs.id);
    expect(["like", "comment", "repost"]).toContain(kind);
  }
  expect(data("search-service").recentSearches.map((r: Section) => r.query)).toEqual(["pottery"]);
  expect(data("notification-service").preferences.emailDigest).toBe("weekly");
  expect(Array.isArray(data("notification-service").notifications)).toBe(true);
}, 60_000);
