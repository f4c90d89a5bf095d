import { z } from "zod";
import { REPLY_POLICIES, VISIBILITIES } from "../db/schema/index.ts";
import { contentText } from "./post-text.ts";

/** Most media attachments on one post. */
export const MAX_MEDIA = 10;
/** Longest content warning, in grapheme clusters. */
export const MAX_CONTENT_WARNING = 100;

const postId = (field: string) => z.uuid(`${field} must be a post id (UUID)`);
/** Media ids of a post or a comment (media-service checks owner, readiness and composition). */
export const mediaIds = z
  .array(z.uuid("must be a media id (UUID)"))
  .max(MAX_MEDIA, `at most ${MAX_MEDIA} media`)
  .refine((ids) => new Set(ids).size === ids.length, "must not repeat a media id");
const contentWarning = contentText({ max: MAX_CONTENT_WARNING, what: "content warning" })
  .transform((v) => v || null)
  .nullable();

/**
 * One schema per text limit, built on first use: a zod object schema costs far more to build (and
 * to compile on its first parse) than to run, and every compose and edit validates with it.
 */
function memoByMaxLength<S>(build: (maxLength: number) => S): (maxLength: number) => S {
  const built = new Map<number, S>();
  return (maxLength) => {
    let schema = built.get(maxLength);
    if (!schema) {
      schema = build(maxLength);
      built.set(maxLength, schema);
    }
    return schema;
  };
}

/** Body of a new post; `maxLength` is the grapheme limit of the text (POST_MAX_LENGTH). */
export const createPostSchema = memoByMaxLength((maxLength: number) =>
  z
    .object({
      text: contentText({ max: maxLength, what: "text" }).default(""),
      mediaIds: mediaIds.default([]),
      replyToPostId: postId("replyToPostId").nullish(),
      quoteOfPostId: postId("quoteOfPostId").nullish(),
      visibility: z.enum(VISIBILITIES).default("public"),
      contentWarning: contentWarning.optional(),
      replyPolicy: z.enum(REPLY_POLICIES).default("everyone"),
      quotesAllowed: z.boolean().default(true),
      /** Keep as a private, editable draft instead of publishing. */
      draft: z.boolean().default(false),
      /** Publish at this time (ISO-8601, in the future) instead of now. */
      scheduledAt: z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" }).nullish(),
    })
    .strict()
    .superRefine((v, ctx) => {
      if (!v.text && v.mediaIds.length === 0)
        ctx.addIssue({ code: "custom", path: ["text"], message: "a post needs text or media" });
      if (v.draft && v.scheduledAt)
        ctx.addIssue({ code: "custom", path: ["scheduledAt"], message: "a draft cannot be scheduled" });
    }),
);

/** Changes to a post; absent fields stay. Drafts may also be published or scheduled here. */
export const editPostSchema = memoByMaxLength((maxLength: number) =>
  z
    .object({
      text: contentText({ max: maxLength, what: "text" }),
      mediaIds,
      contentWarning,
      replyPolicy: z.enum(REPLY_POLICIES),
      quotesAllowed: z.boolean(),
      /** Drafts and scheduled posts only: who may see it once published. */
      visibility: z.enum(VISIBILITIES),
      /** Drafts and scheduled posts only: publish now. */
      publish: z.literal(true),
      /** Drafts and scheduled posts only: (re)schedule. */
      scheduledAt: z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" }),
    })
    .partial()
    .strict(),
);

export type CreatePostInput = z.input<ReturnType<typeof createPostSchema>>;
export type EditPostInput = z.input<ReturnType<typeof editPostSchema>>;
