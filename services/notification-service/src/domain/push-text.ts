import type { NotificationType } from "../db/schema/index.ts";
import { GROUPED_TYPES } from "./intent.ts";

const VERBS: Record<NotificationType, string> = {
  follow: "followed you",
  follow_request: "asked to follow you",
  follow_approved: "accepted your follow request",
  like: "liked your post",
  repost: "reposted your post",
  quote: "quoted your post",
  comment: "commented on your post",
  mention: "mentioned you",
  moderation: "",
  appeal: "",
  message: "",
};

/**
 * The push text: "alice and 12 others liked your post" with previews on; with previews off only
 * "New notification" (no who, no what). Never any post text.
 */
export function pushText(args: {
  type: NotificationType;
  actorName: string | null;
  actorCount: number;
  previews: boolean;
  likeOfComment?: boolean;
}): { title: string; body: string } {
  const { type } = args;
  if (type === "message") return { title: "Nova", body: "New message" };
  if (type === "moderation") return { title: "Nova", body: "A moderation decision concerns your account" };
  if (type === "appeal") return { title: "Nova", body: "Your appeal was decided" };
  if (!args.previews || !args.actorName) return { title: "Nova", body: "New notification" };
  const others = GROUPED_TYPES.has(type) && args.actorCount > 1 ? args.actorCount - 1 : 0;
  const who = others > 0 ? `${args.actorName} and ${others} other${others === 1 ? "" : "s"}` : args.actorName;
  const verb = type === "like" && args.likeOfComment ? "liked your comment" : VERBS[type];
  return { title: "Nova", body: `${who} ${verb}` };
}
