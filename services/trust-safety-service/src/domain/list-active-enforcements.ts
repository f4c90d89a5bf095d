import { idPage, parseIdPage } from "@nova/db";
import { PermissionDeniedError } from "@nova/errors";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { ServiceContext } from "../context.ts";
import { type ActionRow, actions, ENFORCING_ACTIONS } from "../db/schema/index.ts";

/** The only service that rebuilds its copy of the enforcement state from here (its reindex). */
export const ENFORCEMENT_LISTERS: ReadonlySet<string> = new Set(["search-service"]);

const PAGE_SIZES = { defaultSize: 200, maxSize: 1000 };

/**
 * One page of the enforcing actions in force (what EnforcementChanged(active=true) announced and no
 * lift has undone yet), in action id order. Only search-service may list them: the listing spans
 * every account, so no end user and no other service may read it.
 */
export async function listActiveEnforcements(args: {
  ctx: ServiceContext;
  input: { callerService: string | undefined; pageSize: number; cursor: string };
}): Promise<{ items: ActionRow[]; nextCursor: string }> {
  const { callerService } = args.input;
  if (!callerService || !ENFORCEMENT_LISTERS.has(callerService))
    throw new PermissionDeniedError("only search-service may list the enforcements in force");
  const { afterId, limit } = parseIdPage(args.input, PAGE_SIZES);
  const rows = await args.ctx.db.db
    .select()
    .from(actions)
    .where(
      and(
        eq(actions.active, true),
        inArray(actions.action, [...ENFORCING_ACTIONS]),
        afterId ? gt(actions.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(actions.id))
    .limit(limit);
  return idPage(rows, limit, (r) => r.id);
}
