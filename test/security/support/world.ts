/**
 * The victims and their private things, built once per run through the public REST doors:
 * alice (public account) with a followers-only post, a draft, a comment, likes, a bookmark, a
 * repost, a block, a mute, an only-me birthday, sessions and signals (likes, comments, a profile
 * visit) for feature-store; pat (private account) followed by dave and asked by carol. Bob is the
 * attacker: he follows nobody. Each private thing carries a marker an answer must never contain.
 */
import { as, eventually, type Member, must, newMember } from "./members.ts";
import { url } from "./system.ts";

export interface World {
  alice: Member;
  bob: Member;
  dave: Member;
  eve: Member;
  frank: Member;
  pat: Member;
  carol: Member;
  /** alice's public post, her followers-only post, her draft, her comment on dave's post. */
  publicPost: string;
  followersPost: string;
  draftPost: string;
  davePost: string;
  aliceComment: string;
  /** alice's comment under her followers-only post. */
  secretComment: string;
  /** Text markers of the private posts and alice's only-me birthday. */
  secretText: string;
  draftText: string;
  birthday: string;
  /** alice's session id (the one her token carries). */
  aliceSession: string;
}

const key = Symbol.for("nova.security.world");
type Holder = { [key]?: Promise<World> };

/** The shared fixture (built on first use). */
export function world(): Promise<World> {
  const holder = globalThis as Holder;
  holder[key] ??= build();
  return holder[key];
}

const content = (p: string) => url("content-service", p);
const social = (p: string) => url("social-service", p);
const graph = (p: string) => url("graph-service", p);

async function build(): Promise<World> {
  const [alice, bob, dave, eve, frank, pat, carol] = await Promise.all(
    ["alice", "bob", "dave", "eve", "frank", "pat", "carol"].map((n) => newMember(n)),
  );
  if (!alice || !bob || !dave || !eve || !frank || !pat || !carol) throw new Error("members");
  const marker = crypto.randomUUID().slice(0, 8);
  const secretText = `followers-only secret ${marker} #hush${marker}`;
  const draftText = `draft secret ${marker}`;
  const birthday = "1990-02-03";

  const post = async (who: Member, body: Record<string, unknown>) =>
    (await must<{ id: string }>(who, "POST", content("/api/v1/posts"), body)).id;
  const publicPost = await post(alice, { text: `hello from alice #nova${marker}` });
  const followersPost = await post(alice, { text: secretText, visibility: "followers" });
  const draftPost = await post(alice, { text: draftText, draft: true });
  const davePost = await post(dave, { text: `dave says hi #travel${marker}` });

  // Signals: alice engages with dave (affinity alice×dave, hashtag interests) and visits his profile.
  await must(alice, "PUT", social(`/api/v1/posts/${davePost}/like`));
  await must(alice, "PUT", social(`/api/v1/posts/${publicPost}/bookmark`));
  await must(alice, "POST", social(`/api/v1/posts/${davePost}/repost`));
  const aliceComment = (
    await must<{ id: string }>(alice, "POST", content(`/api/v1/posts/${davePost}/comments`), {
      text: `nice #travel${marker}`,
    })
  ).id;
  const secretComment = (
    await must<{ id: string }>(alice, "POST", content(`/api/v1/posts/${followersPost}/comments`), {
      text: `only followers read this ${marker}`,
    })
  ).id;
  await must(alice, "GET", url("user-service", `/api/v1/users/${dave.id}`));
  await must(alice, "PATCH", url("user-service", "/api/v1/users/me"), {
    birthday,
    birthdayVisibility: "only_me",
  });
  await must(alice, "PUT", graph(`/api/v1/users/${eve.id}/block`));
  await must(alice, "PUT", graph(`/api/v1/users/${frank.id}/mute`));
  await must(dave, "PUT", graph(`/api/v1/users/${alice.id}/follow`));

  // pat: a private account with one approved follower (dave), one pending request (carol).
  await must(pat, "PATCH", url("user-service", "/api/v1/users/me/settings"), { privateAccount: true });
  await must(pat, "PUT", graph(`/api/v1/users/${alice.id}/follow`));
  // graph-service learns of the private account from user-service's event.
  await eventually("pat private at graph-service", async () =>
    [403, 404].includes((await as(bob, "GET", graph(`/api/v1/users/${pat.id}/following`))).status),
  );
  await must(dave, "PUT", graph(`/api/v1/users/${pat.id}/follow`));
  await must(carol, "PUT", graph(`/api/v1/users/${pat.id}/follow`));
  await must(pat, "POST", graph(`/api/v1/users/me/follow-requests/${dave.id}/approve`));

  const aliceSession = JSON.parse(Buffer.from(alice.token.split(".")[1] ?? "", "base64url").toString()).sid;
  return {
    alice,
    bob,
    dave,
    eve,
    frank,
    pat,
    carol,
    publicPost,
    followersPost,
    draftPost,
    davePost,
    aliceComment,
    secretComment,
    secretText,
    draftText,
    birthday,
    aliceSession,
  };
}
