import { type AuthContext, requireAccountOwner } from "@nova/auth";
import type { ServiceContext } from "../context.ts";

const MAX_EXPORTED = 50_000;

/** analytics' section of the account export: the account's own events. Only for the account itself. */
export async function exportAccountData(args: {
  ctx: ServiceContext;
  caller: AuthContext | undefined;
  input: { accountId: string };
}) {
  const accountId = requireAccountOwner(args.caller, args.input.accountId);
  const rows = await args.ctx.store.eventsOf(accountId, MAX_EXPORTED);
  return {
    events: rows.map((r) => ({
      id: r.id,
      name: r.name,
      occurredAt: r.occurredAt.toISOString(),
      ...(r.postId ? { postId: r.postId } : {}),
      ...(r.targetAccountId ? { targetAccountId: r.targetAccountId } : {}),
      ...(r.surface ? { surface: r.surface } : {}),
      ...(r.sessionId ? { sessionId: r.sessionId } : {}),
      properties: r.properties,
    })),
  };
}
