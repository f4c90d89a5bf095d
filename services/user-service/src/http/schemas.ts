import { z } from "@hono/zod-openapi";
import { AUDIENCES, BIRTHDAY_VISIBILITIES } from "../db/schema/index.ts";

/** OpenAPI shapes of the REST responses (the domain's views, as JSON). */
export const profileLinkSchema = z.object({ url: z.string(), label: z.string().optional() });

/** An avatar or banner (media-service; URLs signed, they expire). */
const profileImageSchema = z
  .object({
    mediaId: z.string(),
    url: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    blurhash: z.string().nullable(),
    alt: z.string(),
    variants: z.array(
      z.object({ name: z.string(), url: z.string(), width: z.number().int(), height: z.number().int() }),
    ),
  })
  .openapi("ProfileImage");

export const profileSchema = z
  .object({
    id: z.string().openapi({ example: "0192f6b4-7c1e-7d3a-9a51-3c2b9f4d8e10" }),
    username: z.string().openapi({ example: "testuser" }),
    displayName: z.string(),
    bio: z.string(),
    avatarMediaId: z.string().nullable(),
    bannerMediaId: z.string().nullable(),
    avatar: profileImageSchema.nullable().optional(),
    banner: profileImageSchema.nullable().optional(),
    links: z.array(profileLinkSchema),
    location: z.string(),
    pronouns: z.string(),
    birthday: z.string().nullable().openapi({ description: "Only for the owner, or when public" }),
    birthdayVisibility: z
      .enum(BIRTHDAY_VISIBILITIES)
      .nullable()
      .openapi({ description: "Only for the owner" }),
    isPrivate: z.boolean(),
    whoCanMessage: z.enum(AUDIENCES),
    whoCanMention: z.enum(AUDIENCES),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Profile");

export const settingsSchema = z
  .object({
    privateAccount: z.boolean(),
    whoCanMessage: z.enum(AUDIENCES),
    whoCanMention: z.enum(AUDIENCES),
    discoverableByEmail: z.boolean(),
    language: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Settings");

export const availabilitySchema = z
  .object({ username: z.string(), available: z.boolean(), reason: z.string().nullable() })
  .openapi("UsernameAvailability");

const problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() })
  .openapi("Problem");

/** The problem+json responses a route may answer with. */
export function problems(...statuses: number[]) {
  const described: Record<number, string> = {
    400: "Invalid request (names each bad field)",
    401: "Missing or invalid access token",
    403: "Not allowed",
    404: "No such user",
    409: "Conflict (e.g. username taken)",
  };
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: described[s] ?? "Error", content: { "application/problem+json": { schema: problem } } },
    ]),
  );
}
