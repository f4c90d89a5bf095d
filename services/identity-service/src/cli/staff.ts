/**
 * `bun run staff:grant <username|email|account-id> <role>` / `bun run staff:revoke …` (root
 * package.json): grants or revokes a staff role on identity-service's database. See the service README.
 */
import { DomainError } from "@nova/errors";
import { runStaffCommand } from "./run-staff-command.ts";

try {
  const change = await runStaffCommand(process.argv.slice(2));
  const verb = process.argv[2] === "grant" ? "granted" : "revoked";
  const who = `${change.username || change.accountId} (${change.accountId})`;
  console.log(
    change.changed
      ? `${change.role} ${verb}: ${who}; roles now [${change.roles.join(", ")}]; its earlier access tokens are revoked (sessions refresh into the new roles)`
      : `nothing to do: ${who} ${verb === "granted" ? "already has" : "does not have"} ${change.role}; roles [${change.roles.join(", ")}]`,
  );
  process.exit(0);
} catch (err) {
  console.error(err instanceof DomainError ? err.message : err);
  process.exit(1);
}
