export { bookmarks } from "./bookmarks.ts";
export { type CommentRow, comments } from "./comments.ts";
export { type LikeRow, likes, SUBJECT_KINDS, type SubjectKind } from "./likes.ts";
export { outbox } from "./outbox.ts";
export { type PostCountersRow, postCounters } from "./post-counters.ts";
export { processedEvents } from "./processed-events.ts";
export { quotes } from "./quotes.ts";
export { type RepostRow, reposts } from "./reposts.ts";
export { socialSchema } from "./social-schema.ts";
