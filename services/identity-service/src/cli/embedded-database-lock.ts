import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { FailedPreconditionError } from "@nova/errors";

/**
 * Refuses to open the embedded PGlite under `dataDir` while another process has it open: PGlite is
 * single-process, and a second writer corrupts it. An open PGlite keeps `postmaster.pid` in its
 * directory and removes it on close (one left by a killed `bun run dev` must be removed by hand).
 */
export function assertEmbeddedDatabaseFree(dataDir: string): void {
  const pgdata = resolve(dataDir, "pgdata");
  if (existsSync(resolve(pgdata, "postmaster.pid")))
    throw new FailedPreconditionError(
      `the embedded database in ${pgdata} is open in another process (is \`bun run dev\` running?). ` +
        "PGlite allows one process at a time: stop it and run this again, or set DATABASE_URL to use " +
        "PostgreSQL. If nothing is running (a killed process left it behind), delete pgdata/postmaster.pid.",
    );
}
