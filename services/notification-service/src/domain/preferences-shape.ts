import { z } from "zod";
import { NOTIFICATION_TYPES, type NotificationType } from "../db/schema/notifications.ts";

const channels = z.object({ inApp: z.boolean(), push: z.boolean(), email: z.boolean() });
export type Channels = z.infer<typeof channels>;
export type Channel = keyof Channels;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24 h)");

/** A time zone the runtime knows (IANA name, e.g. Europe/Paris). */
const timeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone, e.g. Europe/Paris");

export const quietHoursSchema = z.object({ start: hhmm, end: hhmm, timeZone }).strict();
export type QuietHours = z.infer<typeof quietHoursSchema>;

export const DIGEST_FREQUENCIES = ["off", "daily", "weekly"] as const;

export const preferencesSchema = z
  .object({
    types: z.record(z.enum(NOTIFICATION_TYPES), channels),
    /** Only accounts the recipient follows may notify (moderation and appeals always do). */
    onlyFromFollowing: z.boolean(),
    /** Pushes in this window are held and sent when it ends; null: none. */
    quietHours: quietHoursSchema.nullable(),
    emailDigest: z.enum(DIGEST_FREQUENCIES),
    /** false: pushes carry only the type and count, never who or what. */
    pushPreviews: z.boolean(),
  })
  .strict();
export type Preferences = z.infer<typeof preferencesSchema>;

/** A PATCH: any subset; `types` entries merge per type and per channel. */
export const preferencesPatchSchema = z
  .object({
    types: z.partialRecord(z.enum(NOTIFICATION_TYPES), channels.partial().strict()).optional(),
    onlyFromFollowing: z.boolean().optional(),
    quietHours: quietHoursSchema.nullable().optional(),
    emailDigest: z.enum(DIGEST_FREQUENCIES).optional(),
    pushPreviews: z.boolean().optional(),
  })
  .strict();
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;

/** Everything on, no quiet hours, weekly digest, previews on. */
export function defaultPreferences(): Preferences {
  const types = Object.fromEntries(
    NOTIFICATION_TYPES.map((t) => [t, { inApp: true, push: true, email: true }]),
  ) as Record<NotificationType, Channels>;
  return { types, onlyFromFollowing: false, quietHours: null, emailDigest: "weekly", pushPreviews: true };
}

/** Stored settings completed with defaults (a type added later is on). */
export function withDefaults(stored: Partial<Preferences> | undefined): Preferences {
  const base = defaultPreferences();
  if (!stored) return base;
  return { ...base, ...stored, types: { ...base.types, ...(stored.types ?? {}) } };
}

export function applyPatch(current: Preferences, patch: PreferencesPatch): Preferences {
  const types = { ...current.types };
  for (const [type, ch] of Object.entries(patch.types ?? {}) as [NotificationType, Partial<Channels>][]) {
    types[type] = { ...types[type], ...ch };
  }
  return {
    types,
    onlyFromFollowing: patch.onlyFromFollowing ?? current.onlyFromFollowing,
    quietHours: patch.quietHours === undefined ? current.quietHours : patch.quietHours,
    emailDigest: patch.emailDigest ?? current.emailDigest,
    pushPreviews: patch.pushPreviews ?? current.pushPreviews,
  };
}

export function wants(prefs: Preferences, type: NotificationType, channel: Channel): boolean {
  return prefs.types[type]?.[channel] ?? true;
}
