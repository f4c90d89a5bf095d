import type { AuthContext } from "@nova/auth";
import { withTransaction } from "@nova/db";
import { ConflictError, NotFoundError } from "@nova/errors";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { type BlockedHashRow, mediaHashBlocklist } from "../db/schema/index.ts";
import { MEDIA_HASH } from "./media-hash-index.ts";
import { recordAudit } from "./record-audit.ts";
import { requireAdmin } from "./staff.ts";
import { validateInput } from "./validate-input.ts";

export const blockHashSchema = z.object({
  hash: z.string().regex(MEDIA_HASH, "must be a 64-bit image hash: 16 hex digits"),
  reason: z.string().trim().min(1).max(500),
});

export interface BlockedHashView {
  id: string;
  hash: string;
  reason: string;
  addedBy: string;
  createdAt: string;
}

const view = (row: BlockedHashRow): BlockedHashView => ({
  id: row.id,
  hash: row.hash,
  reason: row.reason,
  addedBy: row.addedBy,
  createdAt: row.createdAt.toISOString(),
});

/** Adds an image hash to the blocklist (admins; audit-logged). The same hash twice → 409. */
export async function blockMediaHash(args: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: z.input<typeof blockHashSchema>;
}): Promise<BlockedHashView> {
  const admin = requireAdmin(args.auth);
  const { ctx } = args;
  const input = validateInput(blockHashSchema, args.input, "hash blocklist entry");
  const hash = input.hash.toLowerCase();
  const now = ctx.clock();
  const row = await withTransaction(ctx.db.db, async (tx) => {
    const [inserted] = await tx
      .insert(mediaHashBlocklist)
      .values({
        id: Bun.randomUUIDv7(),
        hash,
        reason: input.reason,
        addedBy: admin.accountId,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) throw new ConflictError("this hash is already blocked", "hash");
    await recordAudit(tx, {
      actor: admin.accountId,
      verb: "hash_blocklist.add",
      subjectType: "media_hash",
      subjectId: inserted.id,
      reason: input.reason,
      detail: { hash },
      at: now,
    });
    return inserted;
  });
  ctx.mediaHashes.invalidate();
  return view(row);
}

/** The blocklist, newest first (admins). */
export async function listBlockedMediaHashes(args: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
}): Promise<BlockedHashView[]> {
  requireAdmin(args.auth);
  const rows = await args.ctx.db.db
    .select()
    .from(mediaHashBlocklist)
    .orderBy(desc(mediaHashBlocklist.createdAt));
  return rows.map(view);
}

/** Removes an entry (admins; audit-logged with the hash and its reason). Unknown id → 404. */
export async function unblockMediaHash(args: {
  ctx: ServiceContext;
  auth: AuthContext | undefined;
  input: { id: string };
}): Promise<void> {
  const admin = requireAdmin(args.auth);
  const { ctx } = args;
  const { id } = validateInput(
    z.object({ id: z.uuid("must be a blocklist entry id (UUID)") }),
    args.input,
    "id",
  );
  const now = ctx.clock();
  await withTransaction(ctx.db.db, async (tx) => {
    const [removed] = await tx.delete(mediaHashBlocklist).where(eq(mediaHashBlocklist.id, id)).returning();
    if (!removed) throw new NotFoundError("hash blocklist entry", id);
    await recordAudit(tx, {
      actor: admin.accountId,
      verb: "hash_blocklist.remove",
      subjectType: "media_hash",
      subjectId: id,
      reason: removed.reason,
      detail: { hash: removed.hash },
      at: now,
    });
  });
  ctx.mediaHashes.invalidate();
}
