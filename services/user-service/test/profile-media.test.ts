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

  test("RPC views carry avatar/banner images only when include_media asks (one media call per batch)", async () => {
    const [cleo, dan] = [await h.seedUser("cleo_media"), await h.seedUser("dan_plain")];
    const [avatar, banner] = [Bun.randomUUIDv7(), Bun.randomUUIDv7()];
    media.own(avatar, cleo.id);
    media.own(banner, cleo.id);
    expect((await patch(cleo.token, { avatarMediaId: avatar, bannerMediaId: banner })).status).toBe(200);

    const plain = await h.rpc().batchGetProfiles({ ids: [cleo.id] });
    expect(plain.profiles[0]?.avatarMediaId).toBe(avatar);
    expect(plain.profiles[0]?.avatar).toBeUndefined();

    const calls = media.batchCalls;
    const rich = await h.rpc().batchGetProfiles({ ids: [cleo.id, dan.id], includeMedia: true });
    expect(media.batchCalls).toBe(calls + 1);
    const [c, d] = rich.profiles;
    expect(c?.avatar).toMatchObject({
      mediaId: avatar,
      url: expect.stringContaining(`${avatar}/small.webp`),
    });
    expect(c?.avatar?.blurhash).not.toBe("");
    expect(c?.banner).toMatchObject({
      mediaId: banner,
      url: expect.stringContaining(`${banner}/large.webp`),
    });
    expect(d?.avatar).toBeUndefined();
    const byName = await h
      .rpc()
      .batchGetProfilesByUsername({ usernames: ["cleo_media"], includeMedia: true });
    expect(byName.profiles[0]?.avatar?.mediaId).toBe(avatar);
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
