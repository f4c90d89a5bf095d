import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { AccountState, type AccountStatus, AccountStatusSchema } from "@nova/proto/identity/v1";
import type { AccountStatusView } from "../domain/get-account-statuses.ts";

const STATE = {
  active: AccountState.ACTIVE,
  locked: AccountState.LOCKED,
  deleted: AccountState.DELETED,
} as const;

/** Domain status → protobuf message. */
export function toAccountStatusMessage(s: AccountStatusView): AccountStatus {
  return create(AccountStatusSchema, {
    accountId: s.accountId,
    state: STATE[s.state],
    emailVerified: s.emailVerified,
    twoFactorEnabled: s.twoFactorEnabled,
    lockedUntil: s.lockedUntil ? timestampFromDate(s.lockedUntil) : undefined,
    createdAt: timestampFromDate(s.createdAt),
  });
}
