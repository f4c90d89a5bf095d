import { sql } from "drizzle-orm";
import type { Database } from "./database.ts";
import { DatabaseBusyError } from "./database-busy-error.ts";

/** Readiness must answer quickly even when the database hangs, so the probe gives up after this. */
export const PING_TIMEOUT_MS = 2_000;

/** Runs `select 1`, rejecting after `timeoutMs` or when the query fails; `target` names the database in errors. */
export async function pingDatabase(db: Database, target: string, timeoutMs = PING_TIMEOUT_MS): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // drizzle queries run once per `then`; settle it into one promise so `select 1` runs once.
  const query = Promise.resolve(db.execute(sql`select 1`));
  // The query may settle after the timeout won the race; swallow that late result.
  query.catch(() => {});
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`database ${target} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([query, timeout]);
  } catch (error) {
    // A saturated pool already names the database and says why; it is not an outage.
    if (error instanceof DatabaseBusyError) throw error;
    if (error instanceof Error && error.message.startsWith(`database ${target}`)) throw error;
    throw new Error(`database ${target} is unreachable: ${describe(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** drizzle wraps driver errors as "Failed query: ..."; the useful part is the innermost cause. */
function describe(error: unknown): string {
  let inner = error;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  if (!(inner instanceof Error)) return String(inner);
  const code = (inner as { code?: unknown }).code;
  return typeof code === "string" && !inner.message.includes(code)
    ? `${code}: ${inner.message}`
    : inner.message;
}
