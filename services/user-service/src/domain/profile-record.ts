import type { Audience, BirthdayVisibility, ProfileLink } from "../db/schema/index.ts";

/**
 * A profile with the settings others act on (private account, who may message/mention): what the
 * lookups cache and every view is built from. Plain JSON so it can live in the shared cache.
 */
export interface ProfileRecord {
  id: string;
  username: string;
  displayName: string;
  bio: string;
  avatarMediaId: string | null;
  bannerMediaId: string | null;
  links: ProfileLink[];
  location: string;
  pronouns: string;
  birthday: string | null;
  birthdayVisibility: BirthdayVisibility;
  privateAccount: boolean;
  whoCanMessage: Audience;
  whoCanMention: Audience;
  /** ISO-8601 UTC. */
  createdAt: string;
  updatedAt: string;
}
