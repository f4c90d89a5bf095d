import type { ServiceContext } from "../context.ts";
import { loadPreferences, savePreferences } from "../db/preference-queries.ts";
import { verifyUnsubscribe } from "./unsubscribe-token.ts";

/** RFC 8058 one-click unsubscribe: the signed link's account gets `emailDigest: "off"` (idempotent). */
export async function unsubscribeDigest(args: { ctx: ServiceContext; input: { token: string } }) {
  const { ctx } = args;
  const accountId = verifyUnsubscribe(ctx.unsubscribeKey, args.input.token);
  const prefs = await loadPreferences(ctx.db.db, accountId);
  await savePreferences(ctx.db.db, accountId, { ...prefs, emailDigest: "off" }, ctx.clock());
  return { emailDigest: "off" as const };
}
