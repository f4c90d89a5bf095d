import type { Audience, BirthdayVisibility, ProfileLink } from "../db/schema/index.ts";
import type { ProfileRecord } from "./profile-record.ts";
import type { Viewer } from "./viewer.ts";

/** A profile as one viewer may see it: the owner sees everything, others the public part. */
export interface ProfileView {
  id: string;
  username: string;
  displayName: string;
  bio: string;
  avatarMediaId: string | null;
  bannerMediaId: string | null;
  links: ProfileLink[];
  location: string;
  pronouns: string;
  /** Null unless the viewer is the owner or the owner made it public. */
  birthday: string | null;
  /** Only the owner sees their choice; null for everyone else. */
  birthdayVisibility: BirthdayVisibility | null;
  isPrivate: boolean;
  whoCanMessage: Audience;
  whoCanMention: Audience;
  createdAt: string;
  updatedAt: string;
}

/**
 * The one place that decides which profile fields a viewer may see. "followers" visibility is shown
 * to the owner only until graph-service can answer "does the viewer follow the owner?".
 */
export function toProfileView(record: ProfileRecord, viewer: Viewer): ProfileView {
  const isOwner = viewer?.accountId === record.id;
  return {
    id: record.id,
    username: record.username,
    displayName: record.displayName,
    bio: record.bio,
    avatarMediaId: record.avatarMediaId,
    bannerMediaId: record.bannerMediaId,
    links: record.links,
    location: record.location,
    pronouns: record.pronouns,
    birthday: isOwner || record.birthdayVisibility === "public" ? record.birthday : null,
    birthdayVisibility: isOwner ? record.birthdayVisibility : null,
    isPrivate: record.privateAccount,
    whoCanMessage: record.whoCanMessage,
    whoCanMention: record.whoCanMention,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
