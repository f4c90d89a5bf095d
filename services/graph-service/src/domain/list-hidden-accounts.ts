import type { ServiceContext } from "../context.ts";
import { accountIdSchema, validateInput } from "./graph-input.ts";

/** Accounts whose content is hidden from `accountId`: blocked either way, or muted by it. For other services. */
export async function listHiddenAccounts(args: {
  ctx: ServiceContext;
  input: { accountId: string };
}): Promise<{ blocking: string[]; blockedBy: string[]; muting: string[] }> {
  const accountId = validateInput(accountIdSchema, args.input.accountId, "account_id");
  return args.ctx.store.hiddenFor(accountId);
}
