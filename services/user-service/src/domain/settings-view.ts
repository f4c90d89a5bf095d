import type { Audience, SettingsRow } from "../db/schema/index.ts";

/** The owner's settings and privacy choices. */
export interface SettingsView {
  privateAccount: boolean;
  whoCanMessage: Audience;
  whoCanMention: Audience;
  discoverableByEmail: boolean;
  language: string;
  updatedAt: string;
}

export function toSettingsView(row: SettingsRow): SettingsView {
  return {
    privateAccount: row.privateAccount,
    whoCanMessage: row.whoCanMessage,
    whoCanMention: row.whoCanMention,
    discoverableByEmail: row.discoverableByEmail,
    language: row.language,
    updatedAt: row.updatedAt.toISOString(),
  };
}
