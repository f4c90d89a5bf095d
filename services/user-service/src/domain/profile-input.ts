import { z } from "zod";
import { BIRTHDAY_VISIBILITIES } from "../db/schema/index.ts";
import { profileText } from "./text-rules.ts";

/** Limits of the profile's free-text fields, in code points. */
export const PROFILE_LIMITS = {
  displayName: 50,
  bio: 300,
  location: 60,
  pronouns: 30,
  links: 5,
  linkUrl: 512,
  linkLabel: 40,
} as const;

const mediaId = z.uuid("must be a media id (UUID)");

const link = z
  .object({
    url: z
      .string()
      .max(PROFILE_LIMITS.linkUrl, `must be at most ${PROFILE_LIMITS.linkUrl} characters`)
      .refine((v) => {
        try {
          const u = new URL(v);
          return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password;
        } catch {
          return false;
        }
      }, "must be an http(s) URL without credentials"),
    label: profileText({ max: PROFILE_LIMITS.linkLabel }).optional(),
  })
  .strict();

/** A calendar date in the past, not before 1900. */
const birthday = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return (
      !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && v >= "1900-01-01" && d <= new Date()
    );
  }, "must be a real date between 1900-01-01 and today");

/** Fields the owner may change; absent means "leave as is", null clears an optional field. */
export const profilePatchSchema = z
  .object({
    username: z.string().max(64, "must be at most 64 characters"),
    displayName: profileText({ max: PROFILE_LIMITS.displayName }),
    bio: profileText({ max: PROFILE_LIMITS.bio, multiline: true }),
    avatarMediaId: mediaId.nullable(),
    bannerMediaId: mediaId.nullable(),
    links: z.array(link).max(PROFILE_LIMITS.links, `at most ${PROFILE_LIMITS.links} links`),
    location: profileText({ max: PROFILE_LIMITS.location }),
    pronouns: profileText({ max: PROFILE_LIMITS.pronouns }),
    birthday: birthday.nullable(),
    birthdayVisibility: z.enum(BIRTHDAY_VISIBILITIES),
  })
  .partial()
  .strict();

export type ProfilePatch = z.infer<typeof profilePatchSchema>;
export type ProfilePatchInput = z.input<typeof profilePatchSchema>;
