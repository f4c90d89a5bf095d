/**
 * The event types feature-store materialises, by protobuf type name (what the envelope's `type`
 * and the bus header carry). Kept as names so this service does not depend on the producers'
 * generated code for anything but their wire format (see events/read-source-event.ts).
 */
export const SOURCE_EVENTS = {
  postCreated: "nova.content.v1.PostCreated",
  postDeleted: "nova.content.v1.PostDeleted",
  postHidden: "nova.content.v1.PostHidden",
  commentCreated: "nova.content.v1.CommentCreated",
  commentDeleted: "nova.content.v1.CommentDeleted",
  likeCreated: "nova.social.v1.LikeCreated",
  likeDeleted: "nova.social.v1.LikeDeleted",
  repostCreated: "nova.social.v1.RepostCreated",
  repostDeleted: "nova.social.v1.RepostDeleted",
  followCreated: "nova.graph.v1.FollowCreated",
  followDeleted: "nova.graph.v1.FollowDeleted",
} as const;

/** The services whose topics (`nova.<service>.events`) carry those events. */
export const SOURCE_SERVICES = ["content-service", "social-service", "graph-service"] as const;
