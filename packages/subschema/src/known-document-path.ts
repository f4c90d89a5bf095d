import { normalizedExecutor } from "@graphql-tools/executor";
import {
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  getOperationAST,
  type OperationDefinitionNode,
  specifiedRules,
  type ValidationRule,
  validate,
} from "graphql";
import { processRegularResult } from "graphql-yoga";
import { paramsViolations, queryViolations } from "./use-input-hygiene.ts";
import type { OperationGuard } from "./use-operation-safety.ts";

/** The JSON body of a GraphQL request over HTTP, as far as the lean path takes it. */
export interface GraphQLParams {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

/** The JSON body as the client sent it: the text may be absent (a persisted operation's hash alone). */
export type RequestParams = Omit<GraphQLParams, "query"> & { query?: string | undefined };

export interface KnownDocumentPathOptions<C> {
  /**
   * The schema a request runs against: one, or chosen per request from its context (the gateway:
   * the current stitched schema, pruned for the caller's roles). Validity is remembered per schema.
   */
  schema: GraphQLSchema | ((context: C) => GraphQLSchema);
  /** The operation limits, shared with the yoga path (same parse, same rule, same cost check). */
  guard: OperationGuard<C>;
  maskError(error: unknown): Error;
  /**
   * Validation rules this request adds to the specified ones and the guard's (the gateway's
   * anonymous-introspection rule in production). Return the same array for the same rules:
   * validity is remembered per array.
   */
  extraRules?: (context: C) => readonly ValidationRule[];
  /**
   * The params to run, from the params sent, as yoga's `onParams` plugins would set them after the
   * hygiene check (the gateway's persisted operations: a hash becomes its text). Throwing (a
   * refusal) hands the request to yoga, whose plugin throws the same. Default: the text must be sent.
   */
  resolveParams?: (params: RequestParams) => GraphQLParams;
  /** Document texts remembered, least recently used dropped first. Default 500. */
  maxDocuments?: number;
  /** Total length of the texts remembered (characters), least recently used dropped first. Default 4 Mi. */
  maxDocumentChars?: number;
  /** Larger bodies go to yoga, which reads them under its own limit. Default 256 KiB. */
  maxBodyBytes?: number;
}

/**
 * Serves the request, or hands back the request (its body re-attached when it was read) for yoga.
 * `context` builds the resolvers' context for a served request.
 */
export type KnownDocumentPath<C> = (
  request: Request,
  context: (request: Request, params: GraphQLParams) => C,
) => Promise<Response | Request>;

/** A document that passed everything that depends on its text alone (parse, token cap, hygiene), with its validity. */
interface KnownDocument {
  document: DocumentNode;
  operations: Map<string, OperationDefinitionNode | null>;
  /** Whether it validates, per schema and per array of extra rules. */
  valid: WeakMap<GraphQLSchema, Map<readonly ValidationRule[], boolean>>;
}

const NO_EXTRA_RULES: readonly ValidationRule[] = [];

/** The media types yoga answers a single result in; the one it picks is the last match (see `regularMediaType`). */
const REGULAR_MEDIA_TYPES = ["application/graphql-response+json", "application/json"] as const;

/**
 * The media type yoga's result processors would answer a single (non-streamed) result in for this
 * `accept` header, or undefined when yoga would pick another processor (SSE, multipart) or none.
 * Same walk as yoga's `useResultProcessors`: the header's types in reverse order, utf-8 only,
 * wildcards on the asked side, the last match winning; the regular processor comes last in its list.
 */
export function regularMediaType(accept: string | null): string | undefined {
  let chosen: string | undefined;
  const asked = (accept || "*/*").replace(/\s/g, "").toLowerCase().split(",").reverse();
  for (const entry of asked) {
    const [mediaType = "", ...params] = entry.split(";");
    if ((params.find((p) => p.includes("charset=")) ?? "charset=utf-8") !== "charset=utf-8") continue;
    const [askedType, askedSub] = mediaType.split("/");
    for (const type of REGULAR_MEDIA_TYPES) {
      const [pre, suf] = type.split("/");
      if ((askedType === "*" || askedType === pre) && (askedSub === "*" || askedSub === suf)) chosen = type;
    }
  }
  return chosen;
}

const isJsonContentType = (value: string | null): boolean => {
  const type = value?.split(",")[0];
  return (
    type === "application/json" ||
    type?.startsWith("application/json;") === true ||
    type === "application/graphql+json" ||
    type?.startsWith("application/graphql+json;") === true
  );
};

const isObjectOrAbsent = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "object" && !Array.isArray(value));

/** The body shape yoga accepts without complaint; anything else goes to yoga, which answers its 400. */
function asParams(body: unknown): RequestParams | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  for (const key of Object.keys(body))
    if (key !== "query" && key !== "variables" && key !== "operationName" && key !== "extensions")
      return undefined;
  const params = body as Record<string, unknown>;
  if (params.query !== undefined && typeof params.query !== "string") return undefined;
  if (!isObjectOrAbsent(params.variables) || !isObjectOrAbsent(params.extensions)) return undefined;
  if (params.operationName != null && typeof params.operationName !== "string") return undefined;
  return params as unknown as RequestParams;
}

const textSent = (params: RequestParams): GraphQLParams | undefined =>
  typeof params.query === "string" ? (params as GraphQLParams) : undefined;

/**
 * The lean path of a GraphQL endpoint for known documents POSTed as JSON: a service's /graphql
 * (the gateway's same few texts) and the gateway's own (clients' texts or persisted hashes).
 * Everything that depends on the text alone (parse with the token cap, the control-character rule
 * on literals) is done once per text, and validation (with the operation limits and any extra
 * rules) once per text and schema; remembered, bounded, least recently used dropped first. Per
 * request: the body read and parsed, the hygiene walk of variables/operationName/extensions, the
 * params resolved (`resolveParams`), the cost with the variables (and its `onCost` charge),
 * execution (graphql coerces the variables), errors masked as yoga masks them, and yoga's own
 * result processor for the status, headers and body. Any request that is not plainly valid (a
 * refusal, a parse or validation error, a subscription, another method, content type or accepted
 * media type, an unusual body) is handed to yoga untouched, which answers it as before; the one
 * refusal answered here is the cost check's (over `maxCost`, or the budget's RATE_LIMITED), since
 * its charge has happened and must not happen twice. So the lean path only ever answers what yoga
 * would have answered, and every error keeps yoga's shape.
 */
export function createKnownDocumentPath<C extends object>(
  opts: KnownDocumentPathOptions<C>,
): KnownDocumentPath<C> {
  const maxDocuments = opts.maxDocuments ?? 500;
  const maxDocumentChars = opts.maxDocumentChars ?? 4 * 1024 * 1024;
  const maxBodyBytes = opts.maxBodyBytes ?? 256 * 1024;
  const rules = [...specifiedRules, opts.guard.rule];
  const schemaOf = typeof opts.schema === "function" ? opts.schema : () => opts.schema as GraphQLSchema;
  const extraRules = opts.extraRules ?? (() => NO_EXTRA_RULES);
  const resolveParams = opts.resolveParams ?? textSent;
  // null: a text the lean path does not serve (yoga answers it, from its own caches).
  const documents = new Map<string, KnownDocument | null>();
  const fetchAPI = { Response } as Parameters<typeof processRegularResult>[1];

  const learn = (query: string): KnownDocument | null => {
    if (queryViolations(query).length > 0) return null;
    let document: DocumentNode;
    try {
      document = opts.guard.parse(query);
    } catch {
      return null;
    }
    return { document, operations: new Map(), valid: new WeakMap() };
  };
  const validFor = (entry: KnownDocument, schema: GraphQLSchema, extra: readonly ValidationRule[]) => {
    let bySchema = entry.valid.get(schema);
    if (!bySchema) {
      bySchema = new Map();
      entry.valid.set(schema, bySchema);
    }
    let valid = bySchema.get(extra);
    if (valid === undefined) {
      valid = validate(schema, entry.document, extra.length > 0 ? [...rules, ...extra] : rules).length === 0;
      bySchema.set(extra, valid);
    }
    return valid;
  };
  let documentChars = 0;
  const known = (query: string): KnownDocument | null => {
    let entry = documents.get(query);
    if (entry !== undefined) {
      documents.delete(query); // most recently used last
    } else {
      entry = learn(query);
      documentChars += query.length;
      while (documents.size >= maxDocuments || (documents.size > 0 && documentChars > maxDocumentChars)) {
        const oldest = documents.keys().next().value as string;
        documents.delete(oldest);
        documentChars -= oldest.length;
      }
    }
    documents.set(query, entry);
    return entry;
  };
  // The gateway sends one accept header; the answer depends on nothing else.
  const mediaTypes = new Map<string | null, string | undefined>();
  const mediaTypeFor = (accept: string | null) => {
    if (mediaTypes.has(accept)) return mediaTypes.get(accept);
    const type = regularMediaType(accept);
    if (mediaTypes.size >= 16) mediaTypes.clear();
    mediaTypes.set(accept, type);
    return type;
  };
  const operationOf = (entry: KnownDocument, name: string | null | undefined) => {
    const key = name ?? "";
    let operation = entry.operations.get(key);
    if (operation === undefined) {
      operation = getOperationAST(entry.document, name) ?? null;
      entry.operations.set(key, operation);
    }
    return operation;
  };
  const mask = (result: ExecutionResult): ExecutionResult =>
    result.errors ? { ...result, errors: result.errors.map((e) => opts.maskError(e)) as never } : result;

  return async (request, context) => {
    if (request.method !== "POST" || !isJsonContentType(request.headers.get("content-type"))) return request;
    if (request.headers.has("content-encoding")) return request;
    const declared = request.headers.get("content-length");
    if (declared !== null && !(Number(declared) <= maxBodyBytes)) return request;
    const mediaType = mediaTypeFor(request.headers.get("accept"));
    if (!mediaType) return request;
    const text = await request.text();
    const toYoga = () =>
      new Request(request.url, { method: request.method, headers: request.headers, body: text });
    if (text.length > maxBodyBytes) return toYoga();
    let sent: RequestParams | undefined;
    try {
      sent = asParams(JSON.parse(text));
    } catch {
      return toYoga();
    }
    // The hygiene of what was sent, as yoga's first onParams plugin sees it.
    if (!sent || paramsViolations(sent).length > 0) return toYoga();
    let params: GraphQLParams | undefined;
    try {
      params = resolveParams(sent);
    } catch {
      return toYoga();
    }
    // A sent text that is not the one to run (an allow-list runs its own): yoga checks the sent one.
    if (!params || (sent.query !== undefined && sent.query !== params.query)) return toYoga();
    const entry = known(params.query);
    if (!entry) return toYoga();
    const operation = operationOf(entry, params.operationName);
    if (!operation || operation.operation === "subscription") return toYoga();
    const contextValue = context(request, params);
    const schema = schemaOf(contextValue);
    if (!validFor(entry, schema, extraRules(contextValue))) return toYoga();
    const refusal = await opts.guard.checkCost(
      entry.document,
      params.operationName,
      params.variables,
      contextValue,
    );
    if (refusal) return processRegularResult(mask({ errors: [refusal] }), fetchAPI, mediaType);
    let result: ExecutionResult;
    try {
      result = (await normalizedExecutor({
        schema,
        document: entry.document,
        contextValue,
        variableValues: params.variables ?? undefined,
        operationName: params.operationName ?? undefined,
      })) as ExecutionResult;
    } catch (error) {
      result = { errors: [opts.maskError(error) as never] };
    }
    return processRegularResult(mask(result), fetchAPI, mediaType);
  };
}
