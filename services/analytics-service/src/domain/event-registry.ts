import { z } from "zod";

const id = z.string().uuid();
const surface = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z_]+$/);
const position = z.number().int().min(0).max(10_000);

/**
 * The client events analytics accepts, each with its own properties schema (strict: unknown
 * properties are refused, so nothing personal slips in by accident). `postId`, `accountId` and
 * `surface` are lifted into columns; the rest stays in `properties`.
 */
export const CLIENT_EVENTS = {
  app_open: z.object({ coldStart: z.boolean().optional() }).strict(),
  screen_view: z.object({ screen: z.string().min(1).max(64) }).strict(),
  post_impression: z
    .object({ postId: id, surface, position, dwellMs: z.number().int().min(0).max(86_400_000) })
    .strict(),
  post_open: z.object({ postId: id, surface: surface.optional(), position: position.optional() }).strict(),
  profile_view: z.object({ accountId: id, surface: surface.optional() }).strict(),
  search: z
    .object({ queryLength: z.number().int().min(0).max(500), results: z.number().int().min(0) })
    .strict(),
  notification_open: z.object({ kind: z.string().min(1).max(64) }).strict(),
  share: z.object({ postId: id, channel: z.string().min(1).max(32) }).strict(),
} as const;

export type ClientEventName = keyof typeof CLIENT_EVENTS;

/** Names of the rows made from other services' events (src/events/domain-event-rows.ts). */
export const DOMAIN_EVENT_NAMES = [
  "signup",
  "post",
  "like",
  "comment",
  "repost",
  "follow",
  "unfollow",
  "feed_impression",
] as const;

export const ALL_EVENT_NAMES: readonly string[] = [...Object.keys(CLIENT_EVENTS), ...DOMAIN_EVENT_NAMES];

export function isClientEventName(name: string): name is ClientEventName {
  return Object.hasOwn(CLIENT_EVENTS, name);
}
