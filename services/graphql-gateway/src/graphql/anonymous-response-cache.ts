import { regularMediaType } from "@nova/subschema";
import { getOperationAST, Kind, type OperationDefinitionNode, parse, visit } from "graphql";
import { sha256Hex } from "./use-persisted-operations.ts";

/**
 * Answers of anonymous public queries, kept for a short time and dropped as soon as anything they
 * mention changes. Only a signed-out caller's `query` is kept (never a mutation, a subscription,
 * introspection, an answer with errors or one that is not a 200): what a signed-out caller sees
 * does not depend on who asks, so one answer serves every signed-out caller asking the same thing.
 *
 * Keyed by the request body exactly as sent (document or persisted hash, variables, operation name)
 * and the media type the answer is in: the same bytes ask the same question. Each answer is tagged
 * with every id-shaped value in the question and in the answer (the post asked for, the posts,
 * authors… the answer names); `evict(ids)` — fed by the services' domain events, whose aggregate id
 * names what changed — drops every answer tagged with one of them, so an edited, deleted or hidden
 * post or a changed profile is not served from here after its event arrives; the TTL bounds what no
 * event names (a list gaining a member). A re-stitched schema clears everything (`clear`).
 */
export interface AnonymousResponseCache {
  /**
   * Serves a signed-out caller's request from the cache, or through `handle` (keeping a cacheable
   * answer). `request` must not have been read.
   */
  serve(request: Request, handle: (request: Request) => Promise<Response>): Promise<Response>;
  /** Drops every answer tagged with one of the ids (an entity changed). */
  evict(ids: Iterable<string>): void;
  /** Drops everything (the schema changed). */
  clear(): void;
  stats(): AnonymousResponseCacheStats;
}

export interface AnonymousResponseCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  evicted: number;
}

export interface AnonymousResponseCacheOptions {
  /** How long an answer is served at most (ms). */
  ttlMs: number;
  /** Bound on the bodies and keys held (UTF-16 code units × 2), least recently stored dropped first. */
  maxBytes: number;
  /** Persisted operations (the production allow-list): a hash-only request is judged by its text. */
  persistedText?: (sha256Hash: string) => string | undefined;
  /** Larger bodies are passed through unread by the cache. Default 64 KiB. */
  maxRequestBytes?: number;
  /** What the answers depend on besides the request (the stitched schema): a new value clears the cache. */
  generation?: () => unknown;
  /** Called per signed-out lookup (metrics). */
  onLookup?: (hit: boolean) => void;
  now?: () => number;
}

interface Entry {
  body: string;
  mediaType: string;
  expiresAt: number;
  tags: string[];
  bytes: number;
}

/** UUIDs (every Nova id) in a JSON text; an answer is tagged with each. */
const ID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** Verdicts remembered per document text (or persisted hash); beyond it they are recomputed. */
const MAX_VERDICTS = 2000;
/** Recent evictions remembered for answers still being computed. */
const MAX_RECENT = 10_000;

/** Every id (UUID) in the texts, lower-cased, once: an answer's tags, an event's ids. */
export function idsIn(...texts: string[]): string[] {
  const ids = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(ID_PATTERN)) ids.add(m[0].toLowerCase());
  return [...ids];
}

/** Whether the document's selected operation is a query without introspection. */
function cacheableDocument(text: string, operationName: string | undefined): boolean {
  let operation: OperationDefinitionNode | null | undefined;
  try {
    operation = getOperationAST(parse(text, { noLocation: true }), operationName);
  } catch {
    return false;
  }
  if (operation?.operation !== "query") return false;
  let introspection = false;
  visit(operation, {
    [Kind.FIELD]: (node) => {
      if (node.name.value.startsWith("__") && node.name.value !== "__typename") introspection = true;
    },
  });
  return !introspection;
}

export function createAnonymousResponseCache(opts: AnonymousResponseCacheOptions): AnonymousResponseCache {
  const now = opts.now ?? Date.now;
  const maxRequestBytes = opts.maxRequestBytes ?? 64 * 1024;
  // Insertion order = storage order: the oldest stored is dropped first when over maxBytes.
  const entries = new Map<string, Entry>();
  const byTag = new Map<string, Set<string>>();
  // Verdict per document text (keyed by its sha256, so a long text is not a Map key twice).
  const verdicts = new Map<string, boolean>();
  // APQ: hashes whose text this cache has seen and hashed itself (hash → verdict).
  const hashVerdicts = new Map<string, boolean>();
  const stats = { hits: 0, misses: 0, evicted: 0, bytes: 0 };
  let generation = opts.generation?.();
  // Evictions while an answer was being computed: that answer may predate the change, so it is not
  // kept. Each eviction gets a sequence number; the latest per id is remembered (the oldest dropped
  // beyond MAX_RECENT, after which any answer begun before the drop is simply not kept).
  let sequence = 0;
  let forgottenUpTo = 0;
  const recentEvictions = new Map<string, number>();
  const evictedSince = (start: number, tags: readonly string[]) =>
    forgottenUpTo > start || tags.some((tag) => (recentEvictions.get(tag) ?? 0) > start);

  function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
    if (map.size >= MAX_VERDICTS) map.delete(map.keys().next().value as K);
    map.set(key, value);
    return value;
  }

  function drop(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    stats.bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  }

  function store(key: string, entry: Entry): void {
    drop(key);
    if (entry.bytes > opts.maxBytes) return;
    while (stats.bytes + entry.bytes > opts.maxBytes) drop(entries.keys().next().value as string);
    entries.set(key, entry);
    stats.bytes += entry.bytes;
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      if (keys) keys.add(key);
      else byTag.set(tag, new Set([key]));
    }
  }

  function clear(): void {
    for (const key of [...entries.keys()]) drop(key);
  }

  /** Whether the body asks a cacheable question (see cacheableDocument), from its text or hash. */
  function cacheableBody(body: string): boolean {
    let params: {
      query?: unknown;
      operationName?: unknown;
      extensions?: { persistedQuery?: { sha256Hash?: unknown } };
    };
    try {
      params = JSON.parse(body);
    } catch {
      return false;
    }
    if (!params || typeof params !== "object" || Array.isArray(params)) return false;
    const operationName = typeof params.operationName === "string" ? params.operationName : undefined;
    const hash = params.extensions?.persistedQuery?.sha256Hash;
    let text = typeof params.query === "string" ? params.query : undefined;
    if (text === undefined) {
      if (typeof hash !== "string") return false;
      const known = hashVerdicts.get(`${hash}\n${operationName ?? ""}`);
      if (known !== undefined) return known;
      text = opts.persistedText?.(hash);
      if (text === undefined) return false;
    }
    const digest = sha256Hex(text);
    const key = `${digest}\n${operationName ?? ""}`;
    const verdict = verdicts.get(key) ?? remember(verdicts, key, cacheableDocument(text, operationName));
    // The text hashes to the hash the client registers it under (APQ): later hash-only requests are judged by it.
    remember(hashVerdicts, key, verdict);
    return verdict;
  }

  return {
    async serve(request, handle) {
      const mediaType = regularMediaType(request.headers.get("accept"));
      const length = Number(request.headers.get("content-length") ?? Number.NaN);
      if (
        request.method !== "POST" ||
        mediaType === undefined ||
        !(length >= 0 && length <= maxRequestBytes) ||
        !/^application\/json(;|$)/i.test(request.headers.get("content-type") ?? "")
      )
        return handle(request);
      const body = await request.text();
      const key = `${mediaType}\n${body}`;
      const current = opts.generation?.();
      if (current !== generation) {
        generation = current;
        clear();
      }
      const kept = entries.get(key);
      if (kept && kept.expiresAt > now()) {
        stats.hits++;
        opts.onLookup?.(true);
        return new Response(kept.body, { status: 200, headers: { "content-type": kept.mediaType } });
      }
      if (kept) drop(key);
      stats.misses++;
      opts.onLookup?.(false);
      const started = sequence;
      const forwarded = new Request(request.url, { method: "POST", headers: request.headers, body });
      const response = await handle(forwarded);
      const contentType = response.headers.get("content-type") ?? "";
      if (
        response.status !== 200 ||
        response.headers.has("set-cookie") ||
        !contentType.startsWith(mediaType) ||
        !cacheableBody(body)
      )
        return response;
      const text = await response.text();
      let answer: { data?: unknown; errors?: unknown };
      try {
        answer = JSON.parse(text);
      } catch {
        answer = {};
      }
      const tags = idsIn(body, text);
      if (
        answer.errors === undefined &&
        answer.data !== undefined &&
        answer.data !== null &&
        generation === opts.generation?.() &&
        !evictedSince(started, tags)
      )
        store(key, {
          body: text,
          mediaType: contentType,
          expiresAt: now() + opts.ttlMs,
          tags,
          bytes: 2 * (key.length + text.length),
        });
      return new Response(text, { status: response.status, headers: response.headers });
    },
    evict(ids) {
      for (const raw of ids) {
        const id = raw.toLowerCase();
        recentEvictions.delete(id);
        recentEvictions.set(id, ++sequence);
        if (recentEvictions.size > MAX_RECENT) {
          const [oldest, seq] = recentEvictions.entries().next().value as [string, number];
          recentEvictions.delete(oldest);
          forgottenUpTo = seq;
        }
        const keys = byTag.get(id);
        if (!keys) continue;
        for (const key of [...keys]) {
          drop(key);
          stats.evicted++;
        }
      }
    },
    clear,
    stats: () => ({ entries: entries.size, ...stats }),
  };
}
