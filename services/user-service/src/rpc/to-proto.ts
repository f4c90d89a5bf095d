import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  Audience,
  BirthdayVisibility,
  type Profile,
  ProfileSchema,
  type Settings,
  SettingsSchema,
} from "@nova/proto/user/v1";
import type { Audience as AudienceName, BirthdayVisibility as VisibilityName } from "../db/schema/index.ts";
import type { ProfileImage as ProfileImageView } from "../domain/profile-media.ts";
import type { ProfileView } from "../domain/profile-view.ts";
import type { SettingsView } from "../domain/settings-view.ts";

const AUDIENCE: Record<AudienceName, Audience> = {
  everyone: Audience.EVERYONE,
  following: Audience.FOLLOWING,
  nobody: Audience.NOBODY,
};

const VISIBILITY: Record<VisibilityName, BirthdayVisibility> = {
  only_me: BirthdayVisibility.ONLY_ME,
  followers: BirthdayVisibility.FOLLOWERS,
  public: BirthdayVisibility.PUBLIC,
};

const image = (i: ProfileImageView | null | undefined) =>
  i
    ? {
        mediaId: i.mediaId,
        url: i.url,
        width: i.width,
        height: i.height,
        blurhash: i.blurhash ?? "",
        alt: i.alt,
      }
    : undefined;

/**
 * A profile view on the wire (null fields become empty strings, as proto3 has no null); `avatar` and
 * `banner` only when the view carries them (include_media).
 */
export function toProtoProfile(
  view: ProfileView & { avatar?: ProfileImageView | null; banner?: ProfileImageView | null },
): Profile {
  return create(ProfileSchema, {
    id: view.id,
    username: view.username,
    displayName: view.displayName,
    bio: view.bio,
    avatarMediaId: view.avatarMediaId ?? "",
    bannerMediaId: view.bannerMediaId ?? "",
    links: view.links.map((l) => ({ url: l.url, label: l.label ?? "" })),
    location: view.location,
    pronouns: view.pronouns,
    birthday: view.birthday ?? "",
    privateAccount: view.isPrivate,
    whoCanMessage: AUDIENCE[view.whoCanMessage],
    whoCanMention: AUDIENCE[view.whoCanMention],
    createdAt: timestampFromDate(new Date(view.createdAt)),
    updatedAt: timestampFromDate(new Date(view.updatedAt)),
    avatar: image(view.avatar),
    banner: image(view.banner),
  });
}

export function toProtoSettings(view: SettingsView, birthdayVisibility: VisibilityName | null): Settings {
  return create(SettingsSchema, {
    privateAccount: view.privateAccount,
    whoCanMessage: AUDIENCE[view.whoCanMessage],
    whoCanMention: AUDIENCE[view.whoCanMention],
    discoverableByEmail: view.discoverableByEmail,
    language: view.language,
    birthdayVisibility: VISIBILITY[birthdayVisibility ?? "only_me"],
  });
}
