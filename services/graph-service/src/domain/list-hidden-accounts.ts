import type { ServiceContext } from "../context.ts";
import { accountIdSchema, validateInput } from "./graph-input.ts";

/**
 * Accounts whose content is hidden from `accountId`: blocked either way, or muted by it. For other
 * services (feed asks on every home read): cached, and dropped by every block or mute change.
 */
export async function listHiddenAccounts(args: {
  ctx: ServiceContext;
  input: { accountId: string };
}): Promise<{ blocking: string[]; blockedBy: string[]; muting: string[] }> {
  const accountId = validateInput(accountIdSchema, args.input.accountId, "account_id");
  return args.ctx.relationships.hiddenFor(accountId);
}
