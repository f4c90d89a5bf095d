export { type CommentRow, comments } from "./comments.ts";
export { contentSchema } from "./content-schema.ts";
export { outbox } from "./outbox.ts";
export { type PostEditRow, postEdits } from "./post-edits.ts";
export {
  POST_STATUSES,
  type PostRow,
  type PostStatus,
  posts,
  REPLY_POLICIES,
  type ReplyPolicy,
  VISIBILITIES,
  type Visibility,
} from "./posts.ts";
export { processedEvents } from "./processed-events.ts";
