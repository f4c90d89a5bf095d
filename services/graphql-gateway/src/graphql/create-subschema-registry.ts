import type { GraphQLSchema } from "graphql";
import { buildSubschema, type SubschemaConfig } from "./build-subschema.ts";
import { createGatewayLocalSchema } from "./create-gateway-local-schema.ts";
import { createUpstreamExecutor, type UpstreamExecutor } from "./create-upstream-executor.ts";
import { fetchUpstreamSdl } from "./fetch-upstream-sdl.ts";
import type { FetchImpl, GatewayLog, SubschemaState, SubschemaStatus, Upstream } from "./gateway-types.ts";
import { stitchGatewaySchema } from "./stitch-gateway-schema.ts";

export interface SubschemaRegistryOptions {
  upstreams: readonly Upstream[];
  version: string;
  log: GatewayLog;
  fetchImpl?: FetchImpl;
  /** Budget for one `_sdl` fetch; discovery must not hang the gateway's start. */
  sdlTimeoutMs?: number;
  /** Budget for one delegated upstream request. */
  requestTimeoutMs?: number;
  /** The gateway's service token for an upstream (its name is the audience); sent on every call. */
  serviceToken?: (audience: string) => Promise<string>;
  /** Whether `{ gateway { subschemas } }` may show upstream URLs and failure reasons (not in production). */
  exposeInternals?: boolean;
}

/** The live set of subschemas and the schema stitched from them. */
export interface SubschemaRegistry {
  /** The schema to serve now; replaced as a whole, so a request never sees half a refresh. */
  current(): GraphQLSchema;
  status(): SubschemaStatus[];
  /** Re-fetches every SDL and re-stitches when one changed; concurrent calls share one run. */
  refresh(): Promise<void>;
  /** Calls `refresh()` every `intervalMs`; returns a stop function. */
  startPolling(intervalMs: number): () => void;
  /** Stops polling and closes the upstream executors. */
  dispose(): void;
}

interface Entry {
  readonly upstream: Upstream;
  readonly executor: UpstreamExecutor;
  status: SubschemaState;
  reason: string | null;
  /** Last SDL that built and stitched; kept while the upstream is unreachable. */
  stitched: { hash: string; config: SubschemaConfig; typeCount: number } | null;
}

const hashSdl = (sdl: string) => Bun.hash(sdl).toString(16);

/** Creates a registry that starts with only the gateway's own schema; call `refresh()` to discover. */
export function createSubschemaRegistry(opts: SubschemaRegistryOptions): SubschemaRegistry {
  const fetchImpl = opts.fetchImpl ?? fetch;
  const sdlTimeoutMs = opts.sdlTimeoutMs ?? 3_000;
  const tokenFor = opts.serviceToken;
  const entries: Entry[] = opts.upstreams.map((upstream) => ({
    upstream,
    executor: createUpstreamExecutor({
      url: upstream.url,
      fetchImpl,
      timeoutMs: opts.requestTimeoutMs ?? 10_000,
      ...(tokenFor ? { serviceToken: () => tokenFor(upstream.name) } : {}),
    }),
    status: "unavailable",
    reason: "not discovered yet",
    stitched: null,
  }));
  const status = (): SubschemaStatus[] =>
    entries.map((e) => ({
      name: e.upstream.name,
      url: e.upstream.url,
      status: e.status,
      reason: e.reason,
      typeCount: e.stitched?.typeCount ?? 0,
    }));
  // `subschemas` is computed only when a query selects it (`{ gateway { version } }` is a probe).
  const local = createGatewayLocalSchema(
    () => ({
      version: opts.version,
      get subschemas() {
        return status();
      },
    }),
    {
      internals: opts.exposeInternals ?? true,
    },
  );
  let schema = stitchGatewaySchema({ local, subschemas: [] });
  let fingerprint = "";
  let running: Promise<void> | null = null;
  const timers = new Set<ReturnType<typeof setInterval>>();

  async function discover(): Promise<void> {
    const results = await Promise.all(
      entries.map((e) =>
        fetchUpstreamSdl(e.upstream, {
          fetchImpl,
          timeoutMs: sdlTimeoutMs,
          ...(tokenFor ? { serviceToken: () => tokenFor(e.upstream.name) } : {}),
        }),
      ),
    );
    const next = entries.map((entry, i) => {
      const result = results[i];
      if (!result) throw new Error("unreachable: one result per upstream");
      if (!result.ok) return { entry, stitched: entry.stitched, reason: result.reason };
      const hash = hashSdl(result.sdl);
      if (entry.stitched?.hash === hash) return { entry, stitched: entry.stitched, reason: null };
      try {
        const built = buildSubschema(entry.upstream, result.sdl, entry.executor);
        return { entry, stitched: { hash, ...built }, reason: null };
      } catch (error) {
        return { entry, stitched: entry.stitched, reason: `invalid SDL: ${messageOf(error)}` };
      }
    });
    const nextFingerprint = next.map((n) => `${n.entry.upstream.name}:${n.stitched?.hash ?? "-"}`).join(",");
    if (nextFingerprint !== fingerprint) {
      const configs = next.flatMap((n) => (n.stitched ? [n.stitched.config] : []));
      try {
        schema = stitchGatewaySchema({ local, subschemas: configs });
      } catch (error) {
        // A new SDL that cannot be stitched with the others must not take the public schema down:
        // keep serving the previous schema and say why on the status page.
        opts.log.error("graphql stitching failed; keeping the previous schema", { error });
        for (const n of next) {
          if (n.stitched !== n.entry.stitched) {
            n.stitched = n.entry.stitched;
            n.reason = `stitching failed: ${messageOf(error)}`;
          }
        }
        commit(next);
        return;
      }
      fingerprint = nextFingerprint;
      commit(next);
      opts.log.info("graphql schema stitched", {
        subschemas: status().map((s) => ({ name: s.name, status: s.status, reason: s.reason })),
      });
      return;
    }
    commit(next);
  }

  function commit(next: Array<{ entry: Entry; stitched: Entry["stitched"]; reason: string | null }>): void {
    for (const { entry, stitched, reason } of next) {
      const state: SubschemaState = stitched ? (reason ? "stale" : "stitched") : "unavailable";
      if (state !== entry.status || reason !== entry.reason) {
        // A service that serves no subschema (404) is normal; one that is down or broken is not.
        const level = state === "stitched" || reason?.startsWith("HTTP 404") ? "info" : "warn";
        opts.log[level]("graphql subschema status", {
          subschema: entry.upstream.name,
          status: state,
          reason,
        });
      }
      entry.stitched = stitched;
      entry.status = state;
      entry.reason = reason;
    }
  }

  const refresh = (): Promise<void> => {
    running ??= discover().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    current: () => schema,
    status,
    refresh,
    startPolling(intervalMs) {
      const timer = setInterval(() => {
        refresh().catch((error) => opts.log.error("graphql subschema refresh failed", { error }));
      }, intervalMs);
      timers.add(timer);
      return () => {
        clearInterval(timer);
        timers.delete(timer);
      };
    },
    dispose() {
      for (const timer of timers) clearInterval(timer);
      timers.clear();
      for (const entry of entries) void entry.executor[Symbol.asyncDispose]?.();
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
