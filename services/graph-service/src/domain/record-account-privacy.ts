import type { Database } from "@nova/db";
import type { ServiceContext } from "../context.ts";
import { findAccountPrivacy, upsertAccountPrivacy } from "../db/privacy-queries.ts";

/**
 * Keeps graph-service's copy of an account's private flag (user-service's ProfileCreated /
 * ProfileUpdated). Pending requests stay pending when an account turns public; the next follow
 * from the requester goes straight through.
 */
export async function recordAccountPrivacy(args: {
  ctx: ServiceContext;
  tx: Database;
  input: { accountId: string; privateAccount: boolean };
}): Promise<{ changed: boolean }> {
  const before = await findAccountPrivacy(args.tx, args.input.accountId);
  await upsertAccountPrivacy(args.tx, args.input.accountId, args.input.privateAccount, args.ctx.clock());
  return { changed: before?.privateAccount !== args.input.privateAccount };
}
