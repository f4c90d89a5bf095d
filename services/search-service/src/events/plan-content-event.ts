import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { DeliveredEvent } from "@nova/events";
import {
  CommentCreatedSchema,
  CommentDeletedSchema,
  PostCreatedSchema,
  PostDeletedSchema,
  PostEditedSchema,
  PostHiddenSchema,
} from "@nova/proto/content/v1";
import { applyEnforcement } from "../domain/apply-enforcement.ts";
import { indexComment, indexPost, removeDocument } from "../domain/index-post.ts";
import type { EventApplication } from "./event-application.ts";

/** content-service's post and comment events (the events carry the whole post or comment). */
export function planContentEvent(event: DeliveredEvent): EventApplication | undefined {
  const payload = event.envelope.payload;
  if (!payload) return undefined;
  switch (event.type) {
    case PostCreatedSchema.typeName:
    case PostEditedSchema.typeName: {
      const schema = event.type === PostCreatedSchema.typeName ? PostCreatedSchema : PostEditedSchema;
      const post = anyUnpack(payload, schema)?.post;
      if (!post?.id) return undefined;
      return (tx) => indexPost(tx, post);
    }
    case PostDeletedSchema.typeName: {
      const e = anyUnpack(payload, PostDeletedSchema);
      if (!e?.postId) return undefined;
      return (tx) => removeDocument(tx, e.postId, "post");
    }
    case PostHiddenSchema.typeName: {
      const e = anyUnpack(payload, PostHiddenSchema);
      if (!e?.postId) return undefined;
      const enforcement = { subjectType: "post", subjectId: e.postId, action: "hide", active: true };
      return (tx) => applyEnforcement(tx, enforcement);
    }
    case CommentCreatedSchema.typeName: {
      const comment = anyUnpack(payload, CommentCreatedSchema)?.comment;
      if (!comment?.id) return undefined;
      return (tx) => indexComment(tx, comment);
    }
    case CommentDeletedSchema.typeName: {
      const e = anyUnpack(payload, CommentDeletedSchema);
      if (!e?.commentId) return undefined;
      return (tx) => removeDocument(tx, e.commentId, "comment");
    }
    default:
      return undefined;
  }
}
