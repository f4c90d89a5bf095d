import { userInfo } from "node:os";
import { STAFF_ROLES } from "@nova/auth";
import { InvalidArgumentError } from "@nova/errors";
import { loadServiceConfig } from "../config.ts";
import { createContext, type ServiceContext } from "../context.ts";
import { changeStaffRole, type StaffRoleChange } from "../domain/change-staff-role.ts";
import { assertEmbeddedDatabaseFree } from "./embedded-database-lock.ts";

export const STAFF_USAGE = `usage: bun run staff:grant <username|email|account-id> <${STAFF_ROLES.join("|")}>
       bun run staff:revoke <username|email|account-id> <${STAFF_ROLES.join("|")}>`;

/** Who runs the CLI: the login name from the environment first (Bun's userInfo() may answer "unknown"). */
function operator(): string {
  const name = process.env.SUDO_USER || process.env.USER || process.env.LOGNAME || userInfo().username;
  return name && name !== "unknown" ? name : `uid-${process.getuid?.() ?? "unknown"}`;
}

export interface StaffCommandOptions {
  /** Environment the identity-service config is read from (default process.env). */
  env?: Record<string, string | undefined>;
  /** An identity context to use instead of opening one (tests); left open. */
  ctx?: ServiceContext;
  /** Recorded as `granted_by` and in the audit log; default `cli:<login name>` ($SUDO_USER, $USER, $LOGNAME, else the uid). */
  by?: string;
}

/**
 * `staff:grant` / `staff:revoke`: `args` is `[grant|revoke, account, role]`. Opens identity-service's
 * database (DATABASE_URL, else the embedded PGlite under NOVA_DATA_DIR — refused while another
 * process holds it) without starting the service, changes the role through the domain verb, and
 * closes. The revocation event waits in the outbox for identity-service's relay; with REDIS_URL
 * set it is also announced to every running service at once.
 */
export async function runStaffCommand(
  args: readonly string[],
  opts: StaffCommandOptions = {},
): Promise<StaffRoleChange> {
  const [action, account, role, ...rest] = args;
  if ((action !== "grant" && action !== "revoke") || !account || !role || rest.length > 0)
    throw new InvalidArgumentError(STAFF_USAGE);
  const by = opts.by ?? `cli:${operator()}`;
  if (opts.ctx) return changeStaffRole({ ctx: opts.ctx, input: { action, account, role, by } });

  const env = { LOG_LEVEL: "warn", ...(opts.env ?? process.env) };
  const config = loadServiceConfig(env);
  if (!config.database.url) assertEmbeddedDatabaseFree(config.dataDir);
  const ctx = await createContext(config, { noBackgroundWork: true });
  try {
    return await changeStaffRole({ ctx, input: { action, account, role, by } });
  } finally {
    await ctx.close();
  }
}
