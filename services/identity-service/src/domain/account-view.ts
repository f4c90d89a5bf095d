import type { AccountRow } from "../db/schema/index.ts";

/** An account as its owner sees it (never the hash, secret or counters). */
export interface AccountView {
  id: string;
  email: string;
  username: string;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  createdAt: string;
}

export function toAccountView(row: AccountRow): AccountView {
  return {
    id: row.id,
    email: row.email ?? "",
    username: row.username ?? "",
    emailVerified: row.emailVerifiedAt !== null,
    twoFactorEnabled: row.totpEnabledAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}
