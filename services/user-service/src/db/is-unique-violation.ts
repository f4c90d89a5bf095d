/**
 * True when a query failed on a unique index (SQLSTATE 23505), whichever driver raised it: PGlite
 * and postgres-js put the SQLSTATE in `code`, Bun's SQL in `errno`; drizzle wraps either in `cause`.
 */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, errno } = e as { code?: unknown; errno?: unknown };
    if (code === "23505" || errno === "23505") return true;
  }
  return false;
}
