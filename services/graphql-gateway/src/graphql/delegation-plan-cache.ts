import { getCoercedVariableValues, Transformer } from "@graphql-tools/delegate";
import type { ExecutionRequest } from "@graphql-tools/utils";
import { type ASTNode, type DocumentNode, Kind } from "graphql";
import { printCompact } from "./print-compact.ts";

/**
 * The upstream document graphql-tools plans for one delegation, remembered per gateway schema,
 * subschema and request shape, so that a delegation seen before skips the planning.
 *
 * graphql-tools builds each delegation's document afresh on every request (`createRequest`) and then
 * rewrites it for the subschema (`Transformer.transformRequest`: `prepareGatewayDocument` adds
 * merge keys and expands abstract types, `finalizeGatewayRequest` drops what the subschema does not
 * have and keeps the variables the result uses) — several `visit`s with type info per delegation,
 * the larger part of the gateway's own CPU per request (profile: `transformRequest` ≈ 6 % of the
 * whole system's CPU in the bench query). The rewrite depends only on the document, the gateway
 * schema, the subschema and the delegated field; the per-request part is the variable values, which
 * are taken from the request exactly as `finalizeGatewayRequest` takes them. So the rewritten
 * document is kept under the compact text of the planned one and reused; the executor's
 * print-once memo then also skips printing it again.
 *
 * Only delegations whose rewrite is known to be that pure are cached: no request transforms on the
 * subschema or the call, no progressive-override handlers (they read the request context), not a
 * subscription (graphql-tools edits those in place). Anything else is planned as before.
 */

interface Plan {
  document: DocumentNode;
  /** Every variable the rewritten document refers to (operation and fragments). */
  variables: readonly string[];
  /** Whether the rewrite aliased overlapping fields (the result is then un-aliased). */
  overlapping: boolean;
}

/** Plans kept per subschema (least recently planned first out). */
export const PLANS_PER_SUBSCHEMA = 1_000;

interface DelegationContextLike {
  subschemaConfig?: { merge?: Record<string, { fields?: Record<string, { override?: unknown }> }> };
  subschema: object;
  transforms: { transformRequest?: unknown }[];
  operation: string;
  fieldName: string;
  returnType: unknown;
  skipTypeMerging?: boolean;
  info?: { schema: object; variableValues?: unknown };
}

type TransformerLike = {
  delegationContext: DelegationContextLike;
  hasOverlappingAliases: boolean;
};

const plansBySchema = new WeakMap<object, WeakMap<object, Map<string, Plan>>>();
const overrideFree = new WeakMap<object, boolean>();
const counters = { hits: 0, misses: 0, bypassed: 0 };

/** How often plans were reused, planned, or not cacheable (tests and benches read it). */
export function delegationPlanStats(): Readonly<typeof counters> {
  return { ...counters };
}

function hasNoOverrides(config: DelegationContextLike["subschemaConfig"]): boolean {
  if (!config) return true;
  let known = overrideFree.get(config);
  if (known === undefined) {
    known = !Object.values(config.merge ?? {}).some((merged) =>
      Object.values(merged?.fields ?? {}).some((field) => field?.override != null),
    );
    overrideFree.set(config, known);
  }
  return known;
}

function cacheable(ctx: DelegationContextLike): boolean {
  return (
    ctx.info != null &&
    ctx.operation !== "subscription" &&
    ctx.transforms.every((t) => t.transformRequest == null) &&
    hasNoOverrides(ctx.subschemaConfig)
  );
}

function plansFor(ctx: DelegationContextLike & { info: { schema: object } }): Map<string, Plan> {
  let bySubschema = plansBySchema.get(ctx.info.schema);
  if (!bySubschema) {
    bySubschema = new WeakMap();
    plansBySchema.set(ctx.info.schema, bySubschema);
  }
  let plans = bySubschema.get(ctx.subschema);
  if (!plans) {
    plans = new Map();
    bySubschema.set(ctx.subschema, plans);
  }
  return plans;
}

/** The names of every variable a document refers to. */
function referencedVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const ast = node as ASTNode;
    if (ast.kind === Kind.VARIABLE) {
      names.add(ast.name.value);
      return;
    }
    // A definition's own variable definitions are declarations, not uses.
    for (const [key, value] of Object.entries(ast))
      if (key !== "loc" && key !== "variableDefinitions") walk(value);
  };
  walk(document);
  return [...names];
}

/** The request for a remembered plan: its document, and the variable values taken as graphql-tools takes them. */
function fromPlan(plan: Plan, request: ExecutionRequest, ctx: DelegationContextLike): ExecutionRequest {
  const outer = getCoercedVariableValues(ctx.info?.variableValues as never) as
    | Record<string, unknown>
    | undefined;
  const variables: Record<string, unknown> = {};
  for (const name of plan.variables) {
    const own = request.variables?.[name];
    const fromOuter = outer?.[name];
    if (own != null) variables[name] = own;
    else if (fromOuter != null) variables[name] = fromOuter;
    if (own === null || fromOuter === null) variables[name] = null;
  }
  return { ...request, document: plan.document, variables };
}

let installed = false;
let enabled = true;

/** Turns reuse off or on (tests compare planned and reused answers; benches measure both). */
export function setDelegationPlanCache(on: boolean): void {
  enabled = on;
}

/** Puts the plan cache in front of graphql-tools' request rewrite (once per process). */
export function installDelegationPlanCache(): void {
  if (installed) return;
  installed = true;
  const plan = Transformer.prototype.transformRequest;
  Transformer.prototype.transformRequest = function cachedTransformRequest(
    this: Transformer,
    request: ExecutionRequest,
  ): ExecutionRequest {
    const self = this as unknown as TransformerLike;
    const ctx = self.delegationContext;
    if (!enabled || !cacheable(ctx)) {
      counters.bypassed++;
      return plan.call(this, request);
    }
    const plans = plansFor(ctx as DelegationContextLike & { info: { schema: object } });
    const key = `${ctx.operation}\u0000${ctx.fieldName}\u0000${String(ctx.returnType)}\u0000${ctx.skipTypeMerging ? 1 : 0}\u0000${printCompact(request.document)}`;
    const known = plans.get(key);
    if (known) {
      counters.hits++;
      if (known.overlapping) self.hasOverlappingAliases = true;
      return fromPlan(known, request, ctx);
    }
    counters.misses++;
    const planned = plan.call(this, request);
    if (plans.size >= PLANS_PER_SUBSCHEMA) plans.delete(plans.keys().next().value as string);
    plans.set(key, {
      document: planned.document,
      variables: referencedVariables(planned.document),
      overlapping: self.hasOverlappingAliases,
    });
    return planned;
  };
}
