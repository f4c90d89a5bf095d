import type { Database } from "@nova/db";
import { InvalidArgumentError, NotFoundError } from "@nova/errors";
import { canonicalUsername } from "@nova/usernames";
import { findAccountByEmail, findAccountById, findAccountByUsernameKey } from "../db/account-queries.ts";
import type { AccountRow } from "../db/schema/index.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The active account an operator names on the staff CLI: its id, its email or its username — all
 * three are identity's own columns (the username is the login identifier chosen at registration),
 * so no other service's data is read.
 */
export async function findStaffAccount(db: Database, identifier: string): Promise<AccountRow> {
  const id = identifier.trim().toLowerCase();
  if (!id || id.length > 254) throw new InvalidArgumentError("name an account by username, email or id");
  const row = UUID.test(id)
    ? await findAccountById(db, id)
    : id.includes("@")
      ? await findAccountByEmail(db, id)
      : await findAccountByUsernameKey(db, canonicalUsername(id));
  if (row?.status !== "active") throw new NotFoundError("account", identifier);
  return row;
}
