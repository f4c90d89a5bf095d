import { leftOverByDelegationPlan } from "@graphql-tools/delegate";
import { type ASTNode, type FieldNode, type FragmentDefinitionNode, type GraphQLSchema, Kind } from "graphql";

/**
 * graphql-tools' plan for completing a merged type (which subschemas to ask for which fields),
 * kept across requests per document field, so that a request of a shape seen before skips it.
 *
 * Stitch memoizes `delegationPlanBuilder` under (schema, source subschema, variable values,
 * fragments, field nodes): the variable values and the fragment map are new objects on every
 * request, so the memo only ever hits within one request and every request plans each merged type
 * again (collecting the sub-fields, the delegation stages, the selection sets for each target) —
 * and the selection sets being new objects, batch-delegate prints each of them again for its
 * loader key. The plan depends on the variable values only through directives (`@skip`/`@include`
 * decide which sub-fields are collected), and on the fragments only through the definitions the
 * field nodes spread. So it is kept per schema, source subschema and field nodes (objects of the
 * gateway's parsed, cached document), under the parent type and the values of the variables used
 * by directives in the field's selection, and reused while the fragment definitions are the same
 * objects. Stitch's own memo ignores the context and info as well; it plans afresh on every call
 * for subschemas with progressive-override handlers (they read the request), and those are left
 * alone here too. Plans with a left-over part (fields no subschema can proxy, resolved later with
 * per-request bookkeeping attached to the plan) are not kept.
 */

type PlanBuilder = (
  schema: GraphQLSchema,
  sourceSubschema: object,
  variableValues: Record<string, unknown>,
  fragments: Record<string, FragmentDefinitionNode>,
  fieldNodes: readonly FieldNode[],
  context: unknown,
  info: { parentType?: { name: string } } | undefined,
) => unknown;

interface MergedTypeInfoLike {
  delegationPlanBuilder: PlanBuilder;
  nonMemoizedDelegationPlanBuilder?: PlanBuilder;
}

interface KeptPlan {
  plan: object;
  /** The fragment definitions the plan was made with (by name). */
  fragments: readonly (readonly [string, FragmentDefinitionNode])[];
}

/** Directive-variable combinations kept per field (each `@include(if: $x)` doubles them at most). */
export const PLANS_PER_FIELD = 32;

const counters = { hits: 0, misses: 0 };
let enabled = true;
const wrapped = new WeakSet<object>();

/** How often merged-type plans were reused or made (tests and benches read it). */
export function mergePlanStats(): Readonly<typeof counters> {
  return { ...counters };
}

/** Turns reuse off or on (tests compare planned and reused answers; benches measure both). */
export function setMergePlanCache(on: boolean): void {
  enabled = on;
}

/** The variables named in directives anywhere under the field nodes, fragments followed. */
function directiveVariables(
  fieldNodes: readonly FieldNode[],
  fragments: Record<string, FragmentDefinitionNode>,
): string[] {
  const names = new Set<string>();
  const seenFragments = new Set<string>();
  const walk = (node: unknown, inDirective: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, inDirective);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const ast = node as ASTNode;
    if (ast.kind === Kind.VARIABLE) {
      if (inDirective) names.add(ast.name.value);
      return;
    }
    if (ast.kind === Kind.FRAGMENT_SPREAD && !seenFragments.has(ast.name.value)) {
      seenFragments.add(ast.name.value);
      walk(fragments[ast.name.value], false);
    }
    for (const [key, value] of Object.entries(ast))
      if (key !== "loc") walk(value, inDirective || ast.kind === Kind.DIRECTIVE);
  };
  walk(fieldNodes, false);
  return [...names].sort();
}

/** Per field nodes: the directive variables (computed once) and the plans kept under their values. */
interface FieldPlans {
  variables: readonly string[];
  byKey: Map<string, KeptPlan>;
}

function sameFragments(kept: KeptPlan, fragments: Record<string, FragmentDefinitionNode>): boolean {
  if (kept.fragments.length !== Object.keys(fragments).length) return false;
  for (const [name, definition] of kept.fragments) if (fragments[name] !== definition) return false;
  return true;
}

function keepingPlanBuilder(build: PlanBuilder): PlanBuilder {
  // schema → source subschema → field nodes → plans
  const bySchema = new WeakMap<object, WeakMap<object, WeakMap<object, FieldPlans>>>();
  const fieldPlans = (schema: object, source: object, fieldNodes: object, make: () => FieldPlans) => {
    let bySource = bySchema.get(schema);
    if (!bySource) {
      bySource = new WeakMap();
      bySchema.set(schema, bySource);
    }
    let byField = bySource.get(source);
    if (!byField) {
      byField = new WeakMap();
      bySource.set(source, byField);
    }
    let plans = byField.get(fieldNodes);
    if (!plans) {
      plans = make();
      byField.set(fieldNodes, plans);
    }
    return plans;
  };
  return function keptDelegationPlan(schema, source, variableValues, fragments, fieldNodes, context, info) {
    if (!enabled) return build(schema, source, variableValues, fragments, fieldNodes, context, info);
    const plans = fieldPlans(schema, source, fieldNodes, () => ({
      variables: directiveVariables(fieldNodes, fragments),
      byKey: new Map(),
    }));
    const values = plans.variables.map((name) => variableValues[name] ?? null);
    const key = `${info?.parentType?.name ?? ""}\u0000${values.length > 0 ? JSON.stringify(values) : ""}`;
    const kept = plans.byKey.get(key);
    if (kept && sameFragments(kept, fragments)) {
      counters.hits++;
      return kept.plan;
    }
    counters.misses++;
    const plan = build(schema, source, variableValues, fragments, fieldNodes, context, info);
    if (
      typeof plan === "object" &&
      plan !== null &&
      leftOverByDelegationPlan.get(plan as never) === undefined &&
      (kept || plans.byKey.size < PLANS_PER_FIELD)
    )
      plans.byKey.set(key, { plan, fragments: Object.entries(fragments) });
    return plan;
  };
}

/**
 * Puts the kept plans in front of every merged type's plan builder of a stitched schema (once per
 * merged type; a re-stitch brings new merged types, planned afresh).
 */
export function keepMergePlans(schema: GraphQLSchema): void {
  const stitchingInfo = schema.extensions?.stitchingInfo as
    | { mergedTypes?: Record<string, MergedTypeInfoLike> }
    | undefined;
  for (const mergedType of Object.values(stitchingInfo?.mergedTypes ?? {})) {
    if (wrapped.has(mergedType)) continue;
    // Stitch plans afresh on every call where a subschema has progressive-override handlers.
    const own = mergedType.nonMemoizedDelegationPlanBuilder;
    if (!own || mergedType.delegationPlanBuilder === own) continue;
    wrapped.add(mergedType);
    mergedType.delegationPlanBuilder = keepingPlanBuilder(mergedType.delegationPlanBuilder);
  }
}
