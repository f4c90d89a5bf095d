import { parseStaffRoles, type StaffRole } from "@nova/auth";
import type { Database } from "@nova/db";
import { and, asc, eq } from "drizzle-orm";
import { accounts, staffRoles } from "./schema/index.ts";

/** The account's staff roles in STAFF_ROLES order (as a verifier reads them); [] for a normal account. */
export async function listAccountRoles(db: Database, accountId: string): Promise<StaffRole[]> {
  const rows = await db
    .select({ role: staffRoles.role })
    .from(staffRoles)
    .where(eq(staffRoles.accountId, accountId));
  return [...parseStaffRoles(rows.map((r) => r.role))];
}

/** Adds the role; false when the account already held it. */
export async function insertStaffRole(
  db: Database,
  values: typeof staffRoles.$inferInsert,
): Promise<boolean> {
  const rows = await db
    .insert(staffRoles)
    .values(values)
    .onConflictDoNothing()
    .returning({ role: staffRoles.role });
  return rows.length > 0;
}

/** Removes the role; false when the account did not hold it. */
export async function deleteStaffRole(db: Database, accountId: string, role: StaffRole): Promise<boolean> {
  const rows = await db
    .delete(staffRoles)
    .where(and(eq(staffRoles.accountId, accountId), eq(staffRoles.role, role)))
    .returning({ role: staffRoles.role });
  return rows.length > 0;
}

/** Every role grant with its account's username, oldest grant first. */
export function listStaffGrants(db: Database) {
  return db
    .select({
      accountId: staffRoles.accountId,
      username: accounts.username,
      role: staffRoles.role,
      grantedAt: staffRoles.grantedAt,
      grantedBy: staffRoles.grantedBy,
    })
    .from(staffRoles)
    .innerJoin(accounts, eq(accounts.id, staffRoles.accountId))
    .orderBy(asc(staffRoles.grantedAt), asc(staffRoles.role));
}
