import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { rowsOf } from "@nova/db";
import {
  CommentCreatedSchema,
  PostDeletedSchema,
  PostEditedSchema,
  PostHiddenSchema,
  Visibility,
} from "@nova/proto/content/v1";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import { PostCountersChangedSchema } from "@nova/proto/social/v1";
import { EnforcementChangedSchema } from "@nova/proto/trust_safety/v1/enforcement-events";
import { ProfileUpdatedSchema } from "@nova/proto/user/v1";
import { sql } from "drizzle-orm";
import { reindex } from "../src/domain/reindex.ts";
import { body, startSearchService } from "./support/search-harness.ts";

/** What an engine configuration promises beyond the shared contract. */
export interface EngineTraits {
  /** "garden" finds "gardening" (a stemming analyzer). */
  stems: boolean;
}

/**
 * The search contract both engines pass: the embedded engine in `bun run test`
 * (search.test.ts), Elasticsearch in `bun run test:infra` (search.infra.ts).
 */
export function searchContract(
  engine: string,
  env: Record<string, string>,
  traits: EngineTraits,
  database: "pglite" | "postgres" = "pglite",
) {
  describe(`search contract on ${engine}`, () => {
    let s: Awaited<ReturnType<typeof startSearchService>>;
    beforeAll(async () => {
      s = await startSearchService(env, { database });
    });
    afterAll(() => s.close());

    const ids = async (path: string, token?: string): Promise<string[]> => {
      const res = await s.request(path, token ? { token } : {});
      expect(res.status).toBe(200);
      return (await body(res)).items.map((i: { id: string }) => i.id);
    };

    describe("post search", () => {
      test("finds a post by its word, its stem and with one typo, with a highlighted snippet", async () => {
        const author = await s.account("gardener_one");
        const id = await s.post(author.id, "Quantum gardening tips for spring #zeroday");
        await s.post(author.id, "Nothing about plants here");
        for (const q of ["gardening", "gardenning", "quantum%20tips", ...(traits.stems ? ["garden"] : [])]) {
          expect(await ids(`/api/v1/search/posts?q=${q}`)).toEqual([id]);
        }
        const res = await body(await s.request("/api/v1/search/posts?q=gardening"));
        expect(res.items[0].snippet).toContain("<mark>gardening</mark>");
        expect(res.items[0].author.username).toBe("gardener_one");
        expect(res.items[0].hashtags).toEqual(["zeroday"]);
      });

      test("edits re-index, deletions and moderation remove, a lifted action restores", async () => {
        const author = await s.account("editor_two");
        const id = await s.post(author.id, "original pelican text");
        expect(await ids("/api/v1/search/posts?q=pelican")).toEqual([id]);
        await s.deliver("content-service", PostEditedSchema, id, {
          post: {
            id,
            authorId: author.id,
            text: "rewritten flamingo text",
            visibility: Visibility.PUBLIC,
            publishedAt: timestampFromDate(new Date()),
          },
        });
        expect(await ids("/api/v1/search/posts?q=pelican")).toEqual([]);
        expect(await ids("/api/v1/search/posts?q=flamingo")).toEqual([id]);
        const action = {
          subjectType: "post",
          subjectId: id,
          subjectAccountId: author.id,
          action: "hide",
          active: true,
        };
        await s.deliver("trust-safety-service", EnforcementChangedSchema, id, action);
        expect(await ids("/api/v1/search/posts?q=flamingo")).toEqual([]);
        await s.deliver("trust-safety-service", EnforcementChangedSchema, id, { ...action, active: false });
        expect(await ids("/api/v1/search/posts?q=flamingo")).toEqual([id]);
        await s.deliver("content-service", PostHiddenSchema, id, { postId: id, authorId: author.id });
        expect(await ids("/api/v1/search/posts?q=flamingo")).toEqual([]);
        const other = await s.post(author.id, "a deletable heron");
        await s.deliver("content-service", PostDeletedSchema, other, { postId: other, authorId: author.id });
        expect(await ids("/api/v1/search/posts?q=heron")).toEqual([]);
      });

      test("comments are found with their post's audience", async () => {
        const author = await s.account("commenter_host", {});
        const reader = await s.account("commenter_guest");
        const postId = await s.post(author.id, "a post to comment on", { visibility: Visibility.FOLLOWERS });
        const commentId = Bun.randomUUIDv7();
        await s.deliver("content-service", CommentCreatedSchema, postId, {
          comment: {
            id: commentId,
            postId,
            postAuthorId: author.id,
            authorId: reader.id,
            text: "lovely axolotl photo",
            createdAt: timestampFromDate(new Date()),
          },
        });
        expect(await ids("/api/v1/search/posts?q=axolotl")).toEqual([]);
        s.peers.follows.add(`${reader.id}:${author.id}`);
        expect(await ids("/api/v1/search/posts?q=axolotl", reader.token)).toEqual([commentId]);
      });

      test("engagement counts follow social's events and lift a post in top order", async () => {
        const author = await s.account("counter_author");
        const quiet = await s.post(author.id, "zebra facts one");
        const loud = await s.post(author.id, "zebra facts two");
        s.peers.counts.set(loud, { likes: 40, comments: 3, reposts: 5 });
        await s.deliver("social-service", PostCountersChangedSchema, loud, { postId: loud });
        const res = await body(await s.request("/api/v1/search/posts?q=zebra&sort=top"));
        expect(res.items.map((i: { id: string }) => i.id)).toEqual([loud, quiet]);
        expect(res.items[0].counts).toEqual({ likes: 40, comments: 3, reposts: 5 });
        expect(await ids("/api/v1/search/posts?q=zebra&sort=latest")).toEqual([loud, quiet]);
      });

      test("pages stay full and cursors walk the rest; filters by author, hashtag and time", async () => {
        const a = await s.account("pager_a");
        const b = await s.account("pager_b");
        const blocker = await s.account("pager_blocker");
        const made: string[] = [];
        for (let i = 0; i < 5; i++) made.push(await s.post(a.id, `walrus number ${i} #walrusday`));
        for (let i = 0; i < 5; i++) await s.post(b.id, `walrus hidden ${i}`);
        s.peers.blocks.add(`${blocker.id}:${b.id}`);
        const first = await body(
          await s.request("/api/v1/search/posts?q=walrus&sort=latest&limit=3", { token: blocker.token }),
        );
        expect(first.items).toHaveLength(3);
        const second = await body(
          await s.request(`/api/v1/search/posts?q=walrus&sort=latest&limit=3&cursor=${first.nextCursor}`, {
            token: blocker.token,
          }),
        );
        expect([...first.items, ...second.items].map((i: { id: string }) => i.id)).toEqual(made.reverse());
        expect(second.nextCursor).toBeNull();
        expect(await ids("/api/v1/search/posts?from=pager_a&q=walrus")).toHaveLength(5);
        expect(await ids("/api/v1/search/posts?hashtag=walrusday")).toHaveLength(5);
        expect(await ids("/api/v1/search/posts?q=walrus&until=2000-01-01T00:00:00Z")).toEqual([]);
      });

      test("bad input is a 400 problem naming the field", async () => {
        for (const [path, field] of [
          ["/api/v1/search/posts?q=", "q"],
          ["/api/v1/search/posts?q=x&sort=best", "sort"],
          ["/api/v1/search/posts?q=x&limit=0", "limit"],
          ["/api/v1/search/posts?q=x&cursor=bogus", "cursor"],
          ["/api/v1/search/posts?q=x&since=yesterday", "since"],
          ["/api/v1/search/posts?q=x&lang=klingon", "lang"],
          ["/api/v1/search/users?q=", "q"],
        ] as const) {
          const res = await s.request(path);
          expect(`${path} ${res.status}`).toBe(`${path} 400`);
          expect(JSON.stringify(await res.json())).toContain(field);
        }
      });
    });

    describe("visibility", () => {
      test("a private account's followers-only post: only approved followers see it", async () => {
        const owner = await s.account("private_owner", { privateAccount: true });
        await s.deliver("user-service", ProfileUpdatedSchema, owner.id, {
          profileId: owner.id,
          username: "private_owner",
          privateAccount: true,
        });
        const follower = await s.account("private_follower");
        const stranger = await s.account("private_stranger");
        s.peers.follows.add(`${follower.id}:${owner.id}`);
        const id = await s.post(owner.id, "secret okapi sighting", { visibility: Visibility.FOLLOWERS });
        const pub = await s.post(owner.id, "public okapi sighting");
        expect(await ids("/api/v1/search/posts?q=okapi")).toEqual([]);
        expect(await ids("/api/v1/search/posts?q=okapi", stranger.token)).toEqual([]);
        expect((await ids("/api/v1/search/posts?q=okapi", follower.token)).sort()).toEqual([id, pub].sort());
        expect((await ids("/api/v1/search/posts?q=okapi", owner.token)).sort()).toEqual([id, pub].sort());
      });

      test("hashtags only a followers-only post or a private account carries are neither suggested nor counted", async () => {
        const author = await s.account("tag_author");
        await s.post(author.id, "inner circle #quokkasecret", { visibility: Visibility.FOLLOWERS });
        await s.post(author.id, "to all #quokkaopen #quokkamixed");
        await s.post(author.id, "friends only #quokkamixed", { visibility: Visibility.FOLLOWERS });
        const suggested = async (prefix: string) =>
          (await body(await s.request(`/api/v1/search/suggest?q=%23${prefix}`))).items.map(
            (i: { tag: string; uses: number }) => `${i.tag}:${i.uses}`,
          );
        expect((await suggested("quokka")).sort()).toEqual(["quokkamixed:1", "quokkaopen:1"]);
        // The account goes private: its public posts now reach approved followers only.
        await s.deliver("user-service", ProfileUpdatedSchema, author.id, {
          profileId: author.id,
          username: "tag_author",
          privateAccount: true,
        });
        expect(await suggested("quokk")).toEqual([]);
        await s.deliver("user-service", ProfileUpdatedSchema, author.id, {
          profileId: author.id,
          username: "tag_author",
          privateAccount: false,
        });
        expect((await suggested("quok")).sort()).toEqual(["quokkamixed:1", "quokkaopen:1"]);
      });

      test("blocked, blocking and muted authors, and posts mentioning a blocker, are absent", async () => {
        const viewer = await s.account("block_viewer");
        const blocked = await s.account("block_target");
        const blocker = await s.account("block_blocker");
        const muted = await s.account("block_muted");
        const plain = await s.account("block_plain");
        const visible = await s.post(plain.id, "narwhal plain");
        await s.post(blocked.id, "narwhal from blocked");
        await s.post(blocker.id, "narwhal from blocker");
        await s.post(muted.id, "narwhal from muted");
        await s.post(plain.id, "narwhal about someone", { mentionedUserIds: [blocker.id] });
        s.peers.blocks.add(`${viewer.id}:${blocked.id}`);
        s.peers.blocks.add(`${blocker.id}:${viewer.id}`);
        s.peers.mutes.add(`${viewer.id}:${muted.id}`);
        expect(await ids("/api/v1/search/posts?q=narwhal", viewer.token)).toEqual([visible]);
        expect(await ids("/api/v1/search/posts?q=narwhal")).toHaveLength(5);
        const users = await ids("/api/v1/search/users?q=block_", viewer.token);
        expect(users).not.toContain(blocked.id);
        expect(users).not.toContain(blocker.id);
        expect(users).toContain(plain.id);
      });

      test("a limited account is hidden from non-followers; suspended from everyone; lifting restores", async () => {
        const limited = await s.account("limited_lemur");
        const fan = await s.account("limited_fan");
        s.peers.follows.add(`${fan.id}:${limited.id}`);
        const id = await s.post(limited.id, "lemur lemur");
        const enf = {
          subjectType: "account",
          subjectId: limited.id,
          subjectAccountId: limited.id,
          action: "limit",
          active: true,
        };
        await s.deliver("trust-safety-service", EnforcementChangedSchema, limited.id, enf);
        expect(await ids("/api/v1/search/posts?q=lemur")).toEqual([]);
        expect(await ids("/api/v1/search/users?q=limited_lemur")).not.toContain(limited.id);
        expect(await ids("/api/v1/search/users?q=limited_lemur", fan.token)).toContain(limited.id);
        expect(await ids("/api/v1/search/posts?q=lemur", fan.token)).toEqual([id]);
        await s.deliver("trust-safety-service", EnforcementChangedSchema, limited.id, {
          ...enf,
          active: false,
        });
        expect(await ids("/api/v1/search/posts?q=lemur")).toEqual([id]);
        await s.deliver("trust-safety-service", EnforcementChangedSchema, limited.id, {
          ...enf,
          action: "suspend",
        });
        expect(await ids("/api/v1/search/posts?q=lemur", fan.token)).toEqual([]);
      });

      test("graph-service down: signed-in search is a 503, not an answer without blocks", async () => {
        const viewer = await s.account("graph_down_viewer");
        s.peers.graphDown = true;
        try {
          const res = await s.request("/api/v1/search/posts?q=anything", { token: viewer.token });
          expect(res.status).toBe(503);
        } finally {
          s.peers.graphDown = false;
        }
      });

      test("account deletion (delivered twice) erases profile, posts and recent searches", async () => {
        const gone = await s.account("deleted_dugong");
        await s.post(gone.id, "dugong #dugongday");
        await s.request("/api/v1/search/posts?q=dugong", { token: gone.token });
        for (let i = 0; i < 2; i++)
          await s.deliver("identity-service", AccountDeletedSchema, gone.id, {
            accountId: gone.id,
            sweep: i === 1,
          });
        expect(await ids("/api/v1/search/posts?q=dugong")).toEqual([]);
        expect(await ids("/api/v1/search/users?q=deleted_dugong")).toEqual([]);
        const tags = await body(await s.request("/api/v1/search/hashtags?q=dugong"));
        expect(tags.items).toEqual([]);
        const recent = await body(await s.request("/api/v1/search/recent", { token: gone.token }));
        expect(recent.items).toEqual([]);
      });
    });

    describe("people, suggest, hashtags", () => {
      test("exact username first, then prefixes, then one typo", async () => {
        const alice = await s.account("alice", { displayName: "Alice Liddell" });
        const alicia = await s.account("alicia_w", { displayName: "Alicia" });
        const bob = await s.account("bob_builder", { displayName: "Alice's friend Bob" });
        const found = await ids("/api/v1/search/users?q=alice");
        expect(found[0]).toBe(alice.id);
        // A display-name prefix ("Alice's friend Bob") ranks after the exact username.
        expect(found.indexOf(bob.id)).toBeGreaterThan(0);
        // Any fuzzy match ("alicia_w") ranks after the prefix matches.
        if (found.includes(alicia.id))
          expect(found.indexOf(alicia.id)).toBeGreaterThan(found.indexOf(bob.id));
        const byName = await ids("/api/v1/search/users?q=liddell");
        expect(byName[0]).toBe(alice.id);
        const typo = await ids("/api/v1/search/users?q=alicia_x");
        expect(typo).toContain(alicia.id);
      });

      test("pages walk the prefix matches, then the fuzzy ones: the same list as one long page", async () => {
        const prefixed = [];
        for (const n of [1, 2, 3, 4]) prefixed.push((await s.account(`wombat_${n}`)).id);
        const fuzzy = await s.account("zz_marsupial", { displayName: "Wombta" });
        const whole = await ids("/api/v1/search/users?q=wombat&limit=50");
        expect(whole.slice(0, 4).sort()).toEqual([...prefixed].sort());
        expect(whole).toContain(fuzzy.id);
        const walked: string[] = [];
        let cursor = "";
        for (let page = 0; page < 10; page++) {
          const res = await body(
            await s.request(`/api/v1/search/users?q=wombat&limit=2${cursor ? `&cursor=${cursor}` : ""}`),
          );
          walked.push(...res.items.map((i: { id: string }) => i.id));
          if (!res.nextCursor) break;
          cursor = res.nextCursor;
        }
        expect(walked).toEqual(whole);
      });

      test("suggest: alice first for 'ali', hashtags by prefix, at most 10", async () => {
        const sug = await body(await s.request("/api/v1/search/suggest?q=ali"));
        expect(sug.items[0]).toMatchObject({ type: "user", username: "alice" });
        expect(sug.items.length).toBeLessThanOrEqual(10);
        const tags = await body(await s.request("/api/v1/search/suggest?q=%23zero"));
        expect(tags.items).toEqual([{ type: "hashtag", tag: "zeroday", uses: 1 }]);
      });

      test("recent searches: stored for the user only, cleared on request", async () => {
        const me = await s.account("recent_me");
        const other = await s.account("recent_other");
        await s.request("/api/v1/search/posts?q=capybara", { token: me.token });
        await s.request("/api/v1/search/users?q=someone", { token: me.token });
        const mine = await body(await s.request("/api/v1/search/recent", { token: me.token }));
        expect(mine.items.map((i: { query: string }) => i.query)).toEqual(["someone", "capybara"]);
        expect((await body(await s.request("/api/v1/search/recent", { token: other.token }))).items).toEqual(
          [],
        );
        expect((await s.request("/api/v1/search/recent")).status).toBe(401);
        const del = await s.request("/api/v1/search/recent?q=capybara", {
          method: "DELETE",
          token: me.token,
        });
        expect((await body(del)).removed).toBe(1);
        const after = await body(await s.request("/api/v1/search/recent", { token: me.token }));
        expect(after.items.map((i: { query: string }) => i.query)).toEqual(["someone"]);
      });
    });

    describe("trends", () => {
      test("20 accounts in a minute trend; 50 uses by one account do not; moderated uses drop out", async () => {
        const spammer = await s.account("trend_spammer");
        for (let i = 0; i < 50; i++) await s.post(spammer.id, `buy now #spamtag ${i}`);
        const posts: string[] = [];
        for (let i = 0; i < 20; i++) {
          const a = await s.account(`trend_user_${i}`);
          posts.push(await s.post(a.id, `watching the eclipse #eclipse2026`));
        }
        const trends = await body(await s.request("/api/v1/trends/hashtags?limit=10"));
        const tags = trends.items.map((t: { tag: string }) => t.tag);
        expect(tags).toContain("eclipse2026");
        expect(tags).not.toContain("spamtag");
        expect(trends.items.find((t: { tag: string }) => t.tag === "eclipse2026").accounts).toBe(20);
        for (const id of posts.slice(0, 18))
          await s.deliver("trust-safety-service", EnforcementChangedSchema, id, {
            subjectType: "post",
            subjectId: id,
            action: "remove",
            active: true,
          });
        const after = await body(await s.request("/api/v1/trends/hashtags"));
        expect(after.items.map((t: { tag: string }) => t.tag)).not.toContain("eclipse2026");
      });
    });

    describe("trends and account limits", () => {
      test("uses by limited accounts do not count; lifting counts them again", async () => {
        const users = [];
        for (let i = 0; i < 20; i++) {
          const a = await s.account(`limit_trend_${i}`);
          users.push(a);
          await s.post(a.id, `the ferry is late again #ferrydelay`);
        }
        const trending = async () =>
          (await body(await s.request("/api/v1/trends/hashtags?limit=50"))).items.map(
            (t: { tag: string }) => t.tag,
          );
        expect(await trending()).toContain("ferrydelay");
        const limit = (id: string, active: boolean) =>
          s.deliver("trust-safety-service", EnforcementChangedSchema, id, {
            subjectType: "account",
            subjectId: id,
            subjectAccountId: id,
            action: "limit",
            active,
          });
        for (const a of users.slice(0, 18)) await limit(a.id, true);
        expect(await trending()).not.toContain("ferrydelay");
        for (const a of users.slice(0, 18)) await limit(a.id, false);
        expect(await trending()).toContain("ferrydelay");
      });
    });

    describe("language", () => {
      test("posts are indexed in their language (guessed, else the author's) and `lang=` filters them", async () => {
        const berlin = await s.account("lang_berlin");
        const london = await s.account("lang_london");
        const de = await s.post(berlin.id, "Die Blumen sind schön und der Garten ist nicht klein");
        const en = await s.post(london.id, "The flowers are lovely and the garden is not small");
        expect(await ids("/api/v1/search/posts?q=flowers&lang=de")).toEqual([]);
        expect(await ids("/api/v1/search/posts?q=flowers&lang=en")).toEqual([en]);
        expect(await ids("/api/v1/search/posts?q=blumen&lang=de-AT")).toEqual([de]);
        const gql = (await s.graphql(
          `{ search(query: "flowers", type: POSTS, lang: "en") { edges { node { ... on SearchPost { id } } } } }`,
        )) as { data: { search: { edges: { node: { id: string } }[] } } };
        expect(gql.data.search.edges.map((e) => e.node.id)).toEqual([en]);
        const languageOf = async (id: string) =>
          JSON.stringify(
            await s.ctx.db.db.execute(
              sql`select language::text as l from search_service.documents where id = ${id}`,
            ),
          );
        expect(await languageOf(de)).toContain("german");
        expect(await languageOf(en)).toContain("english");
        // Too short to guess: the author's interface language (from user-service) decides.
        const profile = s.peers.profiles.get(berlin.id);
        if (profile) profile.language = "de";
        await reindex({ ctx: s.ctx });
        const short = await s.post(berlin.id, "Blumen #frühling");
        expect(await languageOf(short)).toContain("german");
        expect(await ids("/api/v1/search/posts?q=blumen&lang=de")).toEqual([short, de]);
      });
    });

    describe("reindex", () => {
      test("rebuilds from the owners while events and queries go on: same answers, lost rows and enforcements back, nothing lost, no failed query", async () => {
        const queries = [
          "/api/v1/search/posts?q=gardenning",
          "/api/v1/search/posts?q=okapi",
          "/api/v1/search/users?q=alice",
          "/api/v1/search/suggest?q=ali",
          "/api/v1/search/hashtags?q=zero",
        ];
        const answer = async (path: string) => JSON.stringify((await body(await s.request(path))).items);
        const before = await Promise.all(queries.map(answer));
        expect(JSON.parse(before[0] as string).length).toBeGreaterThan(0);
        // Drift the projection away from the owners: a lost row and one the owners never had.
        const author = await s.account("reindex_author");
        const lost = await s.post(author.id, "a lost sturgeon note");
        const doomed = await s.post(author.id, "a doomed sturgeon note");
        await s.ctx.db.db.execute(sql`delete from search_service.documents where id = ${lost}`);
        const bogus = Bun.randomUUIDv7();
        await s.ctx.db.db.execute(sql`
          insert into search_service.documents (id, kind, post_id, author_id, scope_author_id, scope_visibility, text, created_at)
          values (${bogus}, 'post', ${bogus}, ${author.id}, ${author.id}, 1, 'a bogus sturgeon note', now())`);
        await s.ctx.engine.sync({ documents: [lost, bogus], accounts: [] });
        expect(await ids("/api/v1/search/posts?q=sturgeon")).not.toContain(lost);

        // Enforcement state (trust-safety owns it): a suspended account, and a limited one whose
        // limit is lifted mid-rebuild, after the reindex has read trust-safety's listing.
        const db = s.ctx.db.db;
        const enforce = async (id: string, action: string, active: boolean) =>
          s.deliver("trust-safety-service", EnforcementChangedSchema, id, {
            subjectType: "account",
            subjectId: id,
            subjectAccountId: id,
            action,
            active,
          });
        const suspended = await s.account("reindex_suspended");
        const suspendedPost = await s.post(suspended.id, "a suspended sturgeon note");
        await enforce(suspended.id, "suspend", true);
        const unlimited = await s.account("reindex_unlimited");
        const unlimitedPost = await s.post(unlimited.id, "a limited sturgeon note");
        await enforce(unlimited.id, "limit", true);
        const midBanned = await s.account("reindex_midbanned");
        const midBannedPost = await s.post(midBanned.id, "a banned sturgeon note");
        expect(await ids("/api/v1/search/posts?q=sturgeon")).toContain(midBannedPost);
        expect(await ids("/api/v1/search/posts?q=sturgeon")).not.toContain(suspendedPost);
        expect(await ids("/api/v1/search/posts?q=sturgeon")).not.toContain(unlimitedPost);
        const activeEnforcements = async () =>
          rowsOf<{ k: string }>(
            await db.execute(sql`select subject_id::text || ':' || action as k
              from search_service.enforcements where active order by 1`),
          ).map((r) => r.k);
        const enforcedBefore = await activeEnforcements();
        expect(enforcedBefore).toContain(`${suspended.id}:suspend`);
        // Break the enforcement table and the flags derived from it.
        const flagged = rowsOf<{ id: string; kind: string }>(
          await db.execute(sql`select id::text as id, 'document' as kind from search_service.documents where moderated
            union all select id::text, 'account' from search_service.accounts where limited or suspended`),
        );
        await db.execute(sql`delete from search_service.enforcements`);
        await db.execute(sql`update search_service.documents set moderated = false where moderated`);
        await db.execute(
          sql`update search_service.accounts set limited = false, suspended = false where limited or suspended`,
        );
        await s.ctx.engine.sync({
          documents: [
            ...flagged.filter((f) => f.kind === "document").map((f) => f.id),
            suspendedPost,
            unlimitedPost,
          ],
          accounts: flagged.filter((f) => f.kind === "account").map((f) => f.id),
        });
        expect(await activeEnforcements()).toEqual([]);
        expect(await ids("/api/v1/search/posts?q=sturgeon")).toContain(suspendedPost);

        // Queries keep running during the rebuild and the swap; none may fail.
        let running = true;
        const failures: number[] = [];
        let answered = 0;
        const reader = (async () => {
          while (running) {
            const res = await s.request("/api/v1/search/posts?q=gardening");
            if (res.status !== 200) failures.push(res.status);
            else answered++;
            await Bun.sleep(1);
          }
        })();
        let live: string | undefined;
        let pages = 0;
        const out = await reindex({
          ctx: s.ctx,
          onPage: async () => {
            // Events while the new tables are filled: a new post, a deletion, a counts change.
            if (pages++ === 1) {
              live = await s.post(author.id, "a live sturgeon note written mid-rebuild");
              await s.deliver("content-service", PostDeletedSchema, doomed, {
                postId: doomed,
                authorId: author.id,
              });
              // Enforcement events after trust-safety's listing was read: only the capture has them.
              await enforce(unlimited.id, "limit", false);
              await enforce(midBanned.id, "ban", true);
            }
          },
        });
        running = false;
        await reader;
        expect(failures).toEqual([]);
        expect(answered).toBeGreaterThan(0);
        expect(out.counts.documents).toBeGreaterThan(0);
        expect(pages).toBeGreaterThan(1);

        expect(await Promise.all(queries.map(answer))).toEqual(before);
        const sturgeons = await ids("/api/v1/search/posts?q=sturgeon");
        // Suspended and (mid-rebuild) banned authors' posts are gone again, the lifted limit's is back.
        expect(sturgeons.sort()).toEqual([lost, live ?? "missing", unlimitedPost].sort());
        expect(await activeEnforcements()).toEqual(
          [...enforcedBefore.filter((k) => k !== `${unlimited.id}:limit`), `${midBanned.id}:ban`].sort(),
        );
        expect(out.counts.patchedEnforcements).toBeGreaterThanOrEqual(2);
        // Events after the swap land in the new tables, and the capture is gone.
        const after = await s.post(author.id, "a sturgeon after the swap");
        expect(await ids("/api/v1/search/posts?q=sturgeon")).toContain(after);
        const leftovers = await s.ctx.db.db.execute(
          sql`select to_regclass('search_service.reindex_changes') as t, to_regclass('search_service.documents_next') as n`,
        );
        expect(JSON.stringify(leftovers)).not.toContain("reindex_changes");
        expect((await body(await s.request("/api/v1/search/suggest?q=%23zero"))).items[0].tag).toBe(
          "zeroday",
        );
      });
    });

    describe("graphql and rpc", () => {
      test("search union connection, suggest and trends through /graphql", async () => {
        const res = (await s.graphql(
          `{ search(query: "gardening", type: POSTS) { edges { node { __typename ... on SearchPost { snippet } } } }
         people: search(query: "alice", type: USERS, first: 1) { edges { node { ... on SearchUser { username } } } nextCursor }
         searchSuggest(query: "ali") { __typename ... on SearchUser { username } }
         trendingHashtags(first: 3) { tag accounts } }`,
        )) as {
          // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
          data: Record<string, any>;
        };
        expect(res.data.search.edges[0].node.__typename).toBe("SearchPost");
        expect(res.data.people.edges[0].node.username).toBe("alice");
        expect(res.data.people.nextCursor).not.toBeNull();
        expect(res.data.searchSuggest[0].username).toBe("alice");
      });

      test("recentSearches / clearRecentSearches over GraphQL: the signed-in account's own, as over REST", async () => {
        // biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary JSON shapes
        type Answer = { data: Record<string, any>; errors: { extensions: { code: string } }[] };
        const me = await s.account("recent_gql");
        await s.request("/api/v1/search/posts?q=wombat", { token: me.token });
        await s.request("/api/v1/search/posts?q=numbat", { token: me.token });
        const listed = (await s.graphql("{ recentSearches { query } }", {}, me.token)) as Answer;
        expect(listed.data.recentSearches.map((r: { query: string }) => r.query).sort()).toEqual([
          "numbat",
          "wombat",
        ]);
        const cleared = (await s.graphql(
          `mutation { clearRecentSearches(query: "wombat") }`,
          {},
          me.token,
        )) as Answer;
        expect(cleared.data.clearRecentSearches).toBe(1);
        const after = (await s.graphql("{ recentSearches { query } }", {}, me.token)) as Answer;
        expect(after.data.recentSearches.map((r: { query: string }) => r.query)).toEqual(["numbat"]);
        const anonymous = (await s.graphql("{ recentSearches { query } }")) as Answer;
        expect(anonymous.errors[0]?.extensions.code).toBe("UNAUTHENTICATED");
      });

      test("SearchUsers / SearchPosts / Suggest / TrendingHashtags over RPC answer as REST does, for the token's viewer", async () => {
        const rest = async (path: string, token?: string) =>
          (await body(await s.request(path, token ? { token } : {}))).items;
        const anonymous = s.rpc();
        const posts = await anonymous.searchPosts({ q: "gardening" });
        expect(posts.posts.map((p) => p.id)).toEqual(
          (await rest("/api/v1/search/posts?q=gardening")).map((p: { id: string }) => p.id),
        );
        const gardening = posts.posts.find((p) => p.snippet.includes("<mark>gardening</mark>"));
        expect(gardening?.authorUsername).toBe("gardener_one");
        expect(gardening?.hashtags).toEqual(["zeroday"]);
        const users = await anonymous.searchUsers({ q: "alice", limit: 1 });
        expect(users.users[0]?.username).toBe("alice");
        expect(users.nextCursor).not.toBe("");
        const more = await anonymous.searchUsers({ q: "alice", limit: 1, cursor: users.nextCursor });
        expect(more.users.map((u) => u.id)).not.toContain(users.users[0]?.id);
        const typeahead = await anonymous.suggest({ q: "ali" });
        expect(typeahead.items[0]?.item.case).toBe("user");
        expect(typeahead.items[0]?.item.case === "user" && typeahead.items[0].item.value.username).toBe(
          "alice",
        );
        const tags = await anonymous.suggest({ q: "#zero" });
        expect(tags.items[0]?.item.case === "hashtag" && tags.items[0].item.value.tag).toBe("zeroday");
        const trends = await anonymous.trendingHashtags({ limit: 5 });
        expect(trends.hashtags.map((t) => t.tag)).toEqual(
          (await rest("/api/v1/trends/hashtags?limit=5")).map((t: { tag: string }) => t.tag),
        );
        // The viewer is the forwarded token: a followers-only post for its approved follower only.
        const owner = await s.account("rpc_owner", { privateAccount: true });
        const reader = await s.account("rpc_reader");
        s.peers.follows.add(`${reader.id}:${owner.id}`);
        const secret = await s.post(owner.id, "secret ocelot sighting", { visibility: Visibility.FOLLOWERS });
        expect((await anonymous.searchPosts({ q: "ocelot" })).posts).toEqual([]);
        const asReader = s.rpc({ service: "graphql-gateway", token: reader.token });
        expect((await asReader.searchPosts({ q: "ocelot", sort: "latest" })).posts.map((p) => p.id)).toEqual([
          secret,
        ]);
        // Bad input is INVALID_ARGUMENT naming the field.
        await expect(anonymous.searchPosts({ q: "" })).rejects.toThrow(/q/);
        await expect(anonymous.searchPosts({ q: "x", lang: "klingon" })).rejects.toThrow(/lang/);
        await expect(anonymous.searchUsers({ q: "x", limit: 500 })).rejects.toThrow(/limit/);
      });

      test("ExportAccountData: the owner's recent searches, nobody else's", async () => {
        const me = await s.account("export_me");
        await s.request("/api/v1/search/posts?q=quokka", { token: me.token });
        const out = await s
          .rpc({ service: "identity-service", token: me.token })
          .exportAccountData({ accountId: me.id });
        expect(JSON.stringify(out.data)).toContain("quokka");
        const other = await s.account("export_other");
        await expect(
          s.rpc({ service: "identity-service", token: other.token }).exportAccountData({ accountId: me.id }),
        ).rejects.toThrow();
      });
    });
  });
}
