import { PermissionDeniedError, UnauthenticatedError } from "@nova/errors";
import type { AuthContext } from "./auth-context.ts";

/**
 * `accountId` when the verified caller (`optionalAuth(...)`) is that account: the rule of every RPC
 * that hands out one account's own data (the account export's ExportAccountData in each service).
 * No caller → UnauthenticatedError; another account → PermissionDeniedError.
 */
export function requireAccountOwner(
  caller: Pick<AuthContext, "accountId"> | undefined,
  accountId: string,
): string {
  if (!caller) throw new UnauthenticatedError("an access token is required");
  if (caller.accountId !== accountId)
    throw new PermissionDeniedError("only the account itself may read its data");
  return accountId;
}
