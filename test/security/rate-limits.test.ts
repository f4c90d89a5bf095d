/**
 * Family 12 — writes in a row from one account: posts, comments, like/unlike and follow/unfollow
 * toggles, up to 150 of each. Held: a 429 problem+json within those writes, carrying
 * `Retry-After` and the IETF `RateLimit` / `RateLimit-Policy` headers, and no 5xx on the way.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { attack, breaches, type Verdict } from "./support/attack.ts";
import type { Reply } from "./support/http-client.ts";
import { as, type Member, must, newMember } from "./support/members.ts";
import { system, url } from "./support/system.ts";

const FAMILY = "write rate limits";
// Above every default per-account limit a minute (posts 30, comments 60, likes 120, follows 30):
// the attack goes on until the first 429 or this many writes.
const WRITES = 150;

beforeAll(async () => {
  await system();
}, 240_000);

async function untilLimited(write: (i: number) => Promise<Reply>): Promise<Verdict> {
  const statuses: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const r = await write(i);
    statuses.push(r.status);
    if (r.status >= 500) return { held: false, why: `5xx at write ${i + 1}: ${r.text.slice(0, 120)}` };
    if (r.status === 429) {
      const retry = r.headers["retry-after"];
      const limit = r.headers.ratelimit ?? r.headers["ratelimit-limit"];
      const policy = r.headers["ratelimit-policy"];
      const problem = (r.headers["content-type"] ?? "").includes("application/problem+json");
      return {
        held: Boolean(retry && limit && policy && problem),
        why: `429 at write ${i + 1} (${r.headers["content-type"] ?? "no content type"}); Retry-After ${retry ?? "(none)"}, RateLimit ${limit ?? "(none)"}, RateLimit-Policy ${policy ?? "(none)"}`,
      };
    }
  }
  return {
    held: false,
    why: `${WRITES} writes, never limited (statuses ${[...new Set(statuses)].join(",")})`,
  };
}

describe("writes are rate limited per account", () => {
  test("posts, comments, likes and follows", async () => {
    const [poster, target] = await Promise.all([newMember("writer"), newMember("target")]);
    if (!poster || !target) throw new Error("members");
    const post = (
      await must<{ id: string }>(target, "POST", url("content-service", "/api/v1/posts"), { text: "target" })
    ).id;
    const fresh = async (): Promise<Member> => newMember("writer");
    const results = [
      await attack(
        FAMILY,
        `${WRITES} posts in a row`,
        () =>
          untilLimited((i) =>
            as(poster, "POST", url("content-service", "/api/v1/posts"), { text: `post ${i}` }),
          ),
        60_000,
      ),
    ];
    const commenter = await fresh();
    results.push(
      await attack(
        FAMILY,
        `${WRITES} comments in a row`,
        () =>
          untilLimited((i) =>
            as(commenter, "POST", url("content-service", `/api/v1/posts/${post}/comments`), {
              text: `c ${i}`,
            }),
          ),
        60_000,
      ),
    );
    const liker = await fresh();
    results.push(
      await attack(
        FAMILY,
        `${WRITES} like/unlike in a row`,
        () =>
          untilLimited((i) =>
            as(liker, i % 2 ? "DELETE" : "PUT", url("social-service", `/api/v1/posts/${post}/like`)),
          ),
        60_000,
      ),
    );
    const follower = await fresh();
    results.push(
      await attack(
        FAMILY,
        `${WRITES} follow/unfollow in a row`,
        () =>
          untilLimited((i) =>
            as(follower, i % 2 ? "DELETE" : "PUT", url("graph-service", `/api/v1/users/${target.id}/follow`)),
          ),
        60_000,
      ),
    );
    expect(breaches(results)).toEqual([]);
  }, 240_000);
});
