import { create, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type Comment,
  CommentCreatedSchema,
  CommentDeletedSchema,
  type Post,
  PostCreatedSchema,
  PostDeletedSchema,
  PostEditedSchema,
  PostHiddenSchema,
} from "@nova/proto/content/v1";
import { AccountDeletedSchema } from "@nova/proto/identity/v1";
import { EnforcementChangedSchema } from "@nova/proto/trust_safety/v1/enforcement-events";
import { ProfileUpdatedSchema } from "@nova/proto/user/v1";
import type { FakePeers } from "./fake-peers.ts";

/**
 * Keeps the fake owners' state (content's posts and comments, user's profiles, trust-safety's actions
 * in force) as the real owners
 * would hold it after each event the harness delivers, so a reindex from the owners can be compared
 * with what the events built.
 */
export function mirrorInOwners<D extends DescMessage>(
  peers: FakePeers,
  schema: D,
  init: MessageInitShape<D>,
) {
  const message = create(schema, init) as unknown as Record<string, unknown>;
  switch (schema.typeName) {
    case PostCreatedSchema.typeName:
    case PostEditedSchema.typeName: {
      const post = message.post as Post;
      peers.posts.set(post.id, { post, hidden: peers.posts.get(post.id)?.hidden ?? false });
      return;
    }
    case PostDeletedSchema.typeName: {
      const id = message.postId as string;
      peers.posts.delete(id);
      for (const [cid, c] of peers.comments) if (c.comment.postId === id) peers.comments.delete(cid);
      return;
    }
    case PostHiddenSchema.typeName:
      setHidden(peers, message.postId as string, true);
      return;
    case CommentCreatedSchema.typeName: {
      const comment = message.comment as Comment;
      peers.comments.set(comment.id, { comment, hidden: false });
      return;
    }
    case CommentDeletedSchema.typeName:
      peers.comments.delete(message.commentId as string);
      return;
    case EnforcementChangedSchema.typeName: {
      // trust-safety holds the action; content applies hide/remove to its post or comment.
      const e = {
        subjectType: message.subjectType as string,
        subjectId: message.subjectId as string,
        subjectAccountId: message.subjectAccountId as string,
        action: message.action as string,
      };
      const key = `${e.subjectId}:${e.action}`;
      if (message.active) peers.enforcements.set(key, e);
      else peers.enforcements.delete(key);
      if (["hide", "remove"].includes(e.action)) setHidden(peers, e.subjectId, message.active as boolean);
      return;
    }
    case ProfileUpdatedSchema.typeName: {
      const p = peers.profiles.get(message.profileId as string);
      if (p) {
        p.username = (message.username as string) || p.username;
        p.privateAccount = message.privateAccount as boolean;
      }
      return;
    }
    case AccountDeletedSchema.typeName: {
      const id = message.accountId as string;
      peers.profiles.delete(id);
      for (const [pid, p] of peers.posts) if (p.post.authorId === id) peers.posts.delete(pid);
      for (const [cid, c] of peers.comments)
        if (c.comment.authorId === id || !peers.posts.has(c.comment.postId)) peers.comments.delete(cid);
      return;
    }
  }
}

function setHidden(peers: FakePeers, id: string, hidden: boolean) {
  const post = peers.posts.get(id);
  if (post) post.hidden = hidden;
  const comment = peers.comments.get(id);
  if (comment) comment.hidden = hidden;
}
