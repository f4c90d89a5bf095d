/** A service whose `/graphql` endpoint serves a subschema with stitching directives. */
export interface Upstream {
  /** Deployment name, e.g. `identity-service`. */
  readonly name: string;
  /** Absolute GraphQL endpoint, e.g. `http://127.0.0.1:8010/graphql`. */
  readonly url: string;
}

/**
 * What the gateway knows about one upstream.
 * - `stitched`: its current SDL is part of the gateway schema.
 * - `stale`: the last fetch failed, so its last good SDL stays stitched (a restarting service must not
 *   make its types vanish from the public schema and break every client query that names them).
 * - `unavailable`: never fetched successfully (or its SDL is invalid); not part of the schema.
 */
export type SubschemaState = "stitched" | "stale" | "unavailable";

/** Shape served by `{ gateway { subschemas { ... } } }`. */
export interface SubschemaStatus {
  readonly name: string;
  readonly url: string;
  readonly status: SubschemaState;
  readonly reason: string | null;
  readonly typeCount: number;
}

type LogFn = (msg: string, fields?: Record<string, unknown>) => void;

/** The slice of `@nova/observability`'s Logger the gateway needs (structurally compatible). */
export interface GatewayLog {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

/** A WHATWG fetch; injectable so tests and the embedded runtime can route calls in-process. */
export type FetchImpl = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
