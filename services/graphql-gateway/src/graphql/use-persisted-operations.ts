import { createHash } from "node:crypto";
import { createGraphQLError, type Plugin } from "graphql-yoga";

/**
 * - `apq`: Automatic Persisted Queries (development): a client sends the hash alone, and on
 *   PERSISTED_QUERY_NOT_FOUND sends hash and text once; the text is remembered by hash.
 * - `allow-list`: production: only operations in the build-time manifest run, by hash or by text.
 */
export type PersistedOperationsMode =
  | { mode: "apq"; maxEntries?: number }
  | { mode: "allow-list"; manifest: PersistedManifest };

/** What `bun run graphql:persist` writes: sha256 (hex) of each operation's text → the text. */
export interface PersistedManifest {
  operations: Record<string, string>;
}

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

interface PersistedQueryExtension {
  version?: unknown;
  sha256Hash?: unknown;
}

const notFound = () =>
  createGraphQLError("PersistedQueryNotFound", {
    extensions: { code: "PERSISTED_QUERY_NOT_FOUND", http: { status: 200 } },
  });
const notAllowed = () =>
  createGraphQLError("Only registered (persisted) operations run on this gateway.", {
    extensions: { code: "PERSISTED_QUERY_NOT_FOUND", http: { status: 400 } },
  });

/** The params a request runs with: its text from the hash (or the allow-list), or a refusal thrown. */
export type ResolvePersisted = <P extends { query?: string | undefined; extensions?: unknown }>(
  params: P,
) => P & { query?: string | undefined };

/**
 * The `extensions.persistedQuery.sha256Hash` protocol (Apollo's APQ, version 1): the text a request
 * runs with, or the refusal (a GraphQL error with its HTTP status) thrown. One resolver serves the
 * yoga plugin and the gateway's lean path (known-document-path.ts), so both learn and refuse alike.
 */
export function createPersistedOperations(opts: PersistedOperationsMode): ResolvePersisted {
  const maxEntries = opts.mode === "apq" ? (opts.maxEntries ?? 10_000) : 0;
  const known = new Map<string, string>(
    opts.mode === "allow-list" ? Object.entries(opts.manifest.operations) : [],
  );
  return (params) => {
    const ext = (params.extensions as { persistedQuery?: PersistedQueryExtension } | undefined)
      ?.persistedQuery;
    const hash = typeof ext?.sha256Hash === "string" ? ext.sha256Hash.toLowerCase() : undefined;
    if (ext !== undefined && (ext.version !== 1 || hash === undefined || !/^[0-9a-f]{64}$/.test(hash)))
      throw createGraphQLError("persistedQuery needs version 1 and a sha256Hash (64 hex digits).", {
        extensions: { code: "PERSISTED_QUERY_INVALID", http: { status: 400 } },
      });
    if (opts.mode === "allow-list") {
      // The text a client sends is ignored: only the registered text of its hash runs.
      const key = hash ?? (params.query ? sha256Hex(params.query) : undefined);
      const query = key === undefined ? undefined : known.get(key);
      if (query === undefined) throw hash ? notFound() : notAllowed();
      return { ...params, query };
    }
    if (hash === undefined) return params;
    if (params.query) {
      if (sha256Hex(params.query) !== hash)
        throw createGraphQLError("provided sha does not match query", {
          extensions: { code: "PERSISTED_QUERY_HASH_MISMATCH", http: { status: 400 } },
        });
      if (!known.has(hash)) {
        if (known.size >= maxEntries) known.delete(known.keys().next().value as string);
        known.set(hash, params.query);
      }
      return params;
    }
    const query = known.get(hash);
    if (query === undefined) throw notFound();
    return { ...params, query };
  };
}

/** Persisted operations in front of parsing, so a hash-only request never reaches the parser without its text. */
export function usePersistedOperations(resolve: ResolvePersisted): Plugin {
  return {
    onParams({ params, setParams }) {
      const resolved = resolve(params);
      if (resolved !== params) setParams(resolved);
    },
  };
}
