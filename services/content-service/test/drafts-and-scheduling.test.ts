import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { DatabaseHandle } from "@nova/db";
import { publishDuePosts } from "../src/domain/publish-due-posts.ts";
import {
  body,
  type ContentHarness,
  DATABASE_KINDS,
  openTestDatabase,
  post,
  send,
  startContentService,
  type TestUser,
} from "./support/content-harness.ts";

const HOUR = 3_600_000;

for (const kind of DATABASE_KINDS) {
  describe(`drafts and scheduled posts (${kind})`, () => {
    let h: ContentHarness;
    let now: Date;
    let author: TestUser;
    let other: TestUser;

    beforeAll(async () => {
      now = new Date("2026-06-01T12:00:00Z");
      h = await startContentService(kind, {
        overrides: { clock: () => now },
      });
      author = await h.user("drafty");
      other = await h.user("peeker");
    }, 30_000);
    afterAll(() => h?.close());

    test("a draft is private and editable without history, then published", async () => {
      const d = await post(h, author, { text: "work in progress #wip", draft: true });
      expect(d).toMatchObject({ status: "draft", publishedAt: null });
      expect(await h.events(d.id)).toEqual([]);
      expect((await h.request(`/api/v1/posts/${d.id}`, { token: other.token })).status).toBe(404);
      expect((await h.request(`/api/v1/posts/${d.id}`, { token: author.token })).status).toBe(200);
      expect((await body(await h.request(`/api/v1/users/${author.id}/posts`))).posts).toEqual([]);
      const drafts = await body(await h.request("/api/v1/users/me/drafts", { token: author.token }));
      expect(drafts.posts.map((p: { id: string }) => p.id)).toEqual([d.id]);
      expect((await h.request("/api/v1/users/me/drafts", { token: other.token }).then(body)).posts).toEqual(
        [],
      );

      const edited = await body(
        await h.request(
          `/api/v1/posts/${d.id}`,
          send("PATCH", { text: "almost done", visibility: "followers" }, author.token),
        ),
      );
      expect(edited).toMatchObject({ status: "draft", edited: false, visibility: "followers", hashtags: [] });
      const published = await body(
        await h.request(`/api/v1/posts/${d.id}`, send("PATCH", { publish: true }, author.token)),
      );
      expect(published).toMatchObject({ status: "published", edited: false, text: "almost done" });
      expect(published.publishedAt).toBe(now.toISOString());
      expect(await h.events(d.id)).toEqual(["PostCreated"]);
      expect(
        (await body(await h.request(`/api/v1/posts/${d.id}/history`, { token: author.token }))).versions,
      ).toEqual([]);
    });

    test("only the author can touch a draft", async () => {
      const d = await post(h, author, { text: "secret", draft: true });
      const res = await h.request(`/api/v1/posts/${d.id}`, send("PATCH", { publish: true }, other.token));
      expect(res.status).toBe(404);
      expect(
        (await h.request(`/api/v1/posts/${d.id}`, { method: "DELETE", token: other.token })).status,
      ).toBe(404);
    });

    test("a scheduled post publishes at its time, exactly once", async () => {
      const at = new Date(now.getTime() + HOUR).toISOString();
      const s = await post(h, author, { text: "later", scheduledAt: at });
      expect(s).toMatchObject({ status: "scheduled", scheduledAt: at, publishedAt: null });
      expect(await publishDuePosts({ ctx: h.ctx })).toBe(0);
      expect((await h.request(`/api/v1/posts/${s.id}`, { token: other.token })).status).toBe(404);
      now = new Date(now.getTime() + 2 * HOUR);
      expect(await publishDuePosts({ ctx: h.ctx })).toBe(1);
      expect(await publishDuePosts({ ctx: h.ctx })).toBe(0);
      const live = await body(await h.request(`/api/v1/posts/${s.id}`, { token: other.token }));
      expect(live).toMatchObject({ status: "published", publishedAt: at });
      expect(await h.events(s.id)).toEqual(["PostCreated"]);
    });

    test("concurrent publishers never publish a post twice", async () => {
      const at = new Date(now.getTime() + HOUR).toISOString();
      const ids: string[] = [];
      for (let i = 0; i < 12; i++)
        ids.push((await post(h, author, { text: `batch ${i}`, scheduledAt: at })).id);
      now = new Date(now.getTime() + 2 * HOUR);
      const counts = await Promise.all(
        Array.from({ length: 4 }, () => publishDuePosts({ ctx: h.ctx, limit: 5 })),
      );
      let total = counts.reduce((a, b) => a + b, 0);
      while (total < 12) {
        const more = await publishDuePosts({ ctx: h.ctx });
        if (more === 0) break;
        total += more;
      }
      expect(total).toBe(12);
      for (const id of ids) expect(await h.events(id)).toEqual(["PostCreated"]);
    });

    test("a draft can be scheduled; a published post cannot be rescheduled", async () => {
      const d = await post(h, author, { text: "draft to schedule", draft: true });
      const at = new Date(now.getTime() + HOUR).toISOString();
      const s = await body(
        await h.request(`/api/v1/posts/${d.id}`, send("PATCH", { scheduledAt: at }, author.token)),
      );
      expect(s).toMatchObject({ status: "scheduled", scheduledAt: at });
      const p = await post(h, author, { text: "live" });
      const res = await h.request(`/api/v1/posts/${p.id}`, send("PATCH", { scheduledAt: at }, author.token));
      expect(res.status).toBe(400);
      expect(JSON.stringify(await body(res))).toContain("scheduledAt");
      const tooFar = new Date(now.getTime() + 400 * 24 * HOUR).toISOString();
      expect(
        (await h.request("/api/v1/posts", send("POST", { text: "x", scheduledAt: tooFar }, author.token)))
          .status,
      ).toBe(400);
    });
  });

  describe(`the scheduled-post timer survives a restart (${kind})`, () => {
    let db: DatabaseHandle;
    beforeAll(async () => {
      db = await openTestDatabase(kind);
    }, 30_000);
    afterAll(() => db?.close());

    test("a post scheduled before a restart is published by the restarted service", async () => {
      const first = await startContentService(kind, { db });
      const author = await first.user("restarter");
      const at = new Date(Date.now() + 300).toISOString();
      const s = await post(first, author, { text: "survives restarts", scheduledAt: at });
      await first.close(); // the process "dies" before the post is due
      const second = await startContentService(kind, {
        db,
        world: first.world,
        overrides: { noBackgroundWork: false },
        env: { SCHEDULED_POST_POLL_INTERVAL: "25ms" },
      });
      try {
        let status = "";
        for (let i = 0; i < 200 && status !== "published"; i++) {
          await Bun.sleep(25);
          status = (await body(await second.request(`/api/v1/posts/${s.id}`))).status ?? "";
        }
        expect(status).toBe("published");
        expect(await second.events(s.id)).toEqual(["PostCreated"]);
      } finally {
        await second.close();
      }
    });
  });
}
