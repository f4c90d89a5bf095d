/**
 * Notifications about followers-only posts with the real services (identity, user, graph, content,
 * notification in one process on shifted ports, one migrated PGlite, the embedded event bus):
 * notification-service asks content's internal BatchCheckPostAccess, naming the recipient, with
 * its own service credential. A follower mentioned in a comment on a followers-only post is told,
 * a stranger is not; a reply post to it reaches its author; an answer to a comment reaches that
 * comment's author.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { MentionCreatedSchema } from "@nova/proto/content/v1";
import { modulesNamed } from "../../scripts/service-modules.ts";
import { outbox } from "../../services/content-service/src/db/schema/index.ts";
import {
  freeOffset,
  type Member,
  must,
  registerMember,
  type SuiteSystem,
  shiftedPorts,
  startSuiteSystem,
  until,
} from "./harness.ts";

// Ports 32300..44023 (HTTP and gRPC): above the other system suites' ranges.
const offset = freeOffset(24_300, 300);
const { url } = shiftedPorts(offset);
const NAMES = [
  "identity-service",
  "user-service",
  "graph-service",
  "content-service",
  "notification-service",
];
const MODULES = modulesNamed(NAMES);

let sys: SuiteSystem;
beforeAll(async () => {
  sys = await startSuiteSystem({ name: "notification-privacy", modules: MODULES, url });
}, 60_000);
afterAll(async () => {
  await sys?.stop();
});

interface Item {
  type: string;
  postId?: string;
  commentId?: string;
  relatedPostId?: string;
  actors: { id: string }[];
}
const inbox = async (who: Member): Promise<Item[]> =>
  (
    (await must("GET", url("notification-service", "/api/v1/notifications?grouped=false"), who)) as {
      items: Item[];
    }
  ).items;

test("followers-only post: follower told of a comment's mention, stranger not; reply and comment answer reach their authors", async () => {
  const tag = Date.now().toString(36).slice(-5);
  const members: Member[] = [];
  for (const name of ["alice", "bob", "carol", "dave"])
    members.push(await registerMember(url, `np${tag}${name}`));
  const [a, b, c, d] = members as [Member, Member, Member, Member];
  for (const follower of [b, d])
    await must("PUT", url("graph-service", `/api/v1/users/${a.id}/follow`), follower);
  const fo = (await must("POST", url("content-service", "/api/v1/posts"), a, {
    text: "for my followers",
    visibility: "followers",
  })) as { id: string };
  const comment = (await must("POST", url("content-service", `/api/v1/posts/${fo.id}/comments`), d, {
    text: `@np${tag}bob @np${tag}carol look`,
  })) as { id: string };
  const answer = (await must("POST", url("content-service", `/api/v1/posts/${fo.id}/comments`), b, {
    text: "seen it",
    parentCommentId: comment.id,
  })) as { id: string };
  const reply = (await must("POST", url("content-service", "/api/v1/posts"), b, {
    text: "a reply to a followers-only post",
    visibility: "public",
    replyToPostId: fo.id,
  })) as { id: string };

  const mention = await until("bob's mention", async () =>
    (await inbox(b)).find((i) => i.type === "mention" && i.commentId === comment.id),
  );
  expect(mention.postId).toBe(fo.id);
  const toDave = await until("dave told of the answer to his comment", async () =>
    (await inbox(d)).find((i) => i.type === "comment" && i.commentId === answer.id),
  );
  expect(toDave.actors[0]?.id).toBe(b.id);
  const toAlice = await until("alice told of bob's reply post", async () =>
    (await inbox(a)).find((i) => i.type === "comment" && i.postId === reply.id),
  );
  expect(toAlice.relatedPostId).toBe(fo.id);
  // content did mention both (the refusal below is notification-service's, not a missing event).
  const events = await sys.db.db
    .select({ aggregateId: outbox.aggregateId, eventType: outbox.eventType })
    .from(outbox);
  const mentions = events.filter(
    (e) => e.aggregateId === fo.id && e.eventType === MentionCreatedSchema.typeName,
  );
  expect(mentions).toHaveLength(2);
  // Carol's MentionCreated came before the answer's CommentCreated (same post, in order): it has been
  // applied by now, and was refused.
  expect(await inbox(c)).toEqual([]);
}, 60_000);
