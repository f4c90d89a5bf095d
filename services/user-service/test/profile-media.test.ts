import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FakeMediaService } from "./support/fake-media-service.ts";
import { startUserService, type UserServiceHarness } from "./support/user-service-harness.ts";

// user-service's side of avatars and banners (media-service's own rules are tested there).
describe("profile media (pglite)", () => {
  let h: UserServiceHarness;
  const media = new FakeMediaService();
  beforeAll(async () => {
    h = await startUserService("pglite", media);
  }, 30_000);
  afterAll(() => h?.close());

  const patch = (token: string, body: unknown) =>
    h.request("/api/v1/users/me", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      token,
    });

  test("an avatar and a banner are attached through media-service and views carry their URLs", async () => {
    const ana = await h.seedUser("ana_media");
    const [avatar, banner] = [Bun.randomUUIDv7(), Bun.randomUUIDv7()];
    media.own(avatar, ana.id);
    media.own(banner, ana.id);
    const res = await patch(ana.token, { avatarMediaId: avatar, bannerMediaId: banner });
    expect(res.status).toBe(200);
    const view = await res.json();
    expect(media.attached.get(`avatar:${ana.id}`)).toEqual([avatar]);
    expect(media.attached.get(`banner:${ana.id}`)).toEqual([banner]);
    expect(view.avatar).toMatchObject({
      url: expect.stringContaining(`${avatar}/small.webp`),
      blurhash: expect.any(String),
    });
    expect(view.banner.url).toContain(`${banner}/large.webp`);
    const other = await (await h.request(`/api/v1/users/${ana.id}`)).json();
    expect(other.avatar.url).toContain(avatar);
    // Clearing releases it at media-service.
    expect((await patch(ana.token, { avatarMediaId: null })).status).toBe(200);
    expect(media.attached.get(`avatar:${ana.id}`)).toEqual([]);
  });

  test("another account's media as avatar is a 422 naming it, and the profile is unchanged", async () => {
    const ana = await h.seedUser("ana_thief");
    const bens = Bun.randomUUIDv7();
    media.own(bens, Bun.randomUUIDv7());
    const res = await patch(ana.token, { avatarMediaId: bens, displayName: "Changed" });
    expect(res.status).toBe(422);
    expect((await res.json()).detail).toContain(bens);
    const me = await (await h.request("/api/v1/users/me", { token: ana.token })).json();
    expect(me.avatarMediaId).toBeNull();
    expect(me.displayName).not.toBe("Changed");
  });
});
