import {
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

export interface OperationSize {
  /** Deepest field nesting, fragments inlined (`{ a { b } }` is 2). */
  depth: number;
  /** Fields the operation asks for, each fragment counted at every place it is spread. */
  fieldCount: number;
  /** Fields written under an alias (`a1: post(id: 1)`), counted where spread like fields. */
  aliasCount: number;
  /** Directives used on fields, fragments and the operation (`@include`, `@skip`, …). */
  directiveCount: number;
  /** The operation's cost in the cost model below, with `variables` when given. */
  cost: number;
}

/** The cost model: AST only, so it holds for any subschema the gateway stitches, now or later. */
export interface CostModel {
  /** A field directly under the operation (one upstream call each at the gateway). Default 10. */
  rootFieldCost: number;
  /** Any other field. Default 1. */
  fieldCost: number;
  /** Arguments whose integer value multiplies the cost of the field's selection (page sizes). */
  listArguments: readonly string[];
  /** Multiplier when a list argument is a variable with no value (validation time). Default 20. */
  unknownListSize: number;
  /** Largest multiplier a list argument can claim (services cap page sizes at 100). */
  maxListSize: number;
}

export const DEFAULT_COST_MODEL: CostModel = {
  rootFieldCost: 10,
  fieldCost: 1,
  listArguments: ["first", "last", "limit", "pageSize"],
  unknownListSize: 20,
  maxListSize: 100,
};

/**
 * Introspection answers from memory and GraphiQL's own introspection query nests `ofType` deeper
 * than any sane business query; it is bounded by the field count instead, and costs 1.
 */
const DEPTH_EXEMPT_FIELDS = new Set(["__schema", "__type"]);

/**
 * Aliases the gateway's batching executor writes when it merges the delegations of one client
 * request into one upstream request (`_v0_post`, `_v1_post`): they are the gateway's, not the
 * client's, so a service does not count them against the alias limit (they still count as fields).
 */
const BATCH_ALIAS = /^_v\d+_/;

const ZERO: OperationSize = { depth: 0, fieldCount: 0, aliasCount: 0, directiveCount: 0, cost: 0 };

/**
 * Measures every operation in a document. Fragment sizes are memoised, so a document built to blow
 * up (fragments spreading each other many times) is measured in linear time; cycles count as 0 and
 * are reported by the standard NoFragmentCycles rule.
 */
export function measureOperations(
  document: DocumentNode,
  variables?: Readonly<Record<string, unknown>> | null,
  model: CostModel = DEFAULT_COST_MODEL,
): Map<string, OperationSize> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const listArguments = new Set(model.listArguments);
  const listSize = (args: readonly ArgumentNode[] | undefined): number => {
    let size = 1;
    for (const arg of args ?? []) {
      if (!listArguments.has(arg.name.value)) continue;
      const n = intValue(arg.value, variables, model.unknownListSize);
      size = Math.max(size, Math.min(model.maxListSize, n));
    }
    return size;
  };
  // Memo per (fragment, root-or-not): a fragment spread on the operation holds root fields.
  const memo = new Map<string, OperationSize>();
  const visiting = new Set<string>();
  const measureFragment = (name: string, root: boolean): OperationSize => {
    const key = `${root ? "r" : "n"}:${name}`;
    const known = memo.get(key);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || visiting.has(key)) return ZERO;
    visiting.add(key);
    const inner = measureSelectionSet(fragment.selectionSet, root);
    const size = { ...inner, directiveCount: inner.directiveCount + (fragment.directives?.length ?? 0) };
    visiting.delete(key);
    memo.set(key, size);
    return size;
  };
  const measureField = (field: FieldNode, root: boolean): OperationSize => {
    const directives = field.directives?.length ?? 0;
    const aliased = field.alias && !BATCH_ALIAS.test(field.alias.value) ? 1 : 0;
    if (DEPTH_EXEMPT_FIELDS.has(field.name.value)) {
      const inner = field.selectionSet ? measureSelectionSet(field.selectionSet, false) : ZERO;
      return {
        depth: 0,
        fieldCount: 1 + inner.fieldCount,
        aliasCount: aliased + inner.aliasCount,
        directiveCount: directives + inner.directiveCount,
        cost: 1,
      };
    }
    const inner = field.selectionSet ? measureSelectionSet(field.selectionSet, false) : ZERO;
    const multiplier = field.selectionSet ? listSize(field.arguments) : 1;
    return {
      depth: 1 + inner.depth,
      fieldCount: 1 + inner.fieldCount,
      aliasCount: aliased + inner.aliasCount,
      directiveCount: directives + inner.directiveCount,
      cost: (root ? model.rootFieldCost : model.fieldCost) + multiplier * inner.cost,
    };
  };
  const measureSelectionSet = (set: SelectionSetNode, root: boolean): OperationSize => {
    const total = { ...ZERO };
    for (const selection of set.selections) {
      let child: OperationSize;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === "__typename") {
          total.directiveCount += selection.directives?.length ?? 0;
          continue;
        }
        child = measureField(selection, root);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const inner = measureSelectionSet(selection.selectionSet, root);
        child = { ...inner, directiveCount: inner.directiveCount + (selection.directives?.length ?? 0) };
      } else {
        const inner = measureFragment(selection.name.value, root);
        child = { ...inner, directiveCount: inner.directiveCount + (selection.directives?.length ?? 0) };
      }
      total.depth = Math.max(total.depth, child.depth);
      total.fieldCount += child.fieldCount;
      total.aliasCount += child.aliasCount;
      total.directiveCount += child.directiveCount;
      total.cost += child.cost;
    }
    return total;
  };
  const sizes = new Map<string, OperationSize>();
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) {
      const inner = measureSelectionSet(def.selectionSet, true);
      sizes.set(def.name?.value ?? "", {
        ...inner,
        directiveCount: inner.directiveCount + (def.directives?.length ?? 0),
      });
    }
  }
  return sizes;
}

/**
 * `measureOperations` remembered per document (yoga's parser cache hands the same DocumentNode for
 * the same text) and per value of the list-size variables the document reads (`$first`), so a
 * request whose document is known costs a lookup, not a walk. At most `maxVariants` variable
 * values are kept per document (the oldest dropped first).
 */
export function createOperationMeasurer(
  model: CostModel = DEFAULT_COST_MODEL,
  maxVariants = 32,
): (
  document: DocumentNode,
  variables?: Readonly<Record<string, unknown>> | null,
) => ReadonlyMap<string, Readonly<OperationSize>> {
  const cache = new WeakMap<
    DocumentNode,
    { listVariables: readonly string[]; byValues: Map<string, Map<string, OperationSize>> }
  >();
  return (document, variables) => {
    let entry = cache.get(document);
    if (!entry) {
      entry = { listVariables: listSizeVariables(document, model), byValues: new Map() };
      cache.set(document, entry);
    }
    const key = entry.listVariables
      .map((name) => {
        const given = variables?.[name];
        return typeof given === "number" && Number.isFinite(given) ? String(given) : "?";
      })
      .join(",");
    let sizes = entry.byValues.get(key);
    if (!sizes) {
      sizes = measureOperations(document, variables, model);
      if (entry.byValues.size >= maxVariants)
        entry.byValues.delete(entry.byValues.keys().next().value as string);
      entry.byValues.set(key, sizes);
    }
    return sizes;
  };
}

/** The variables a document passes to list-size arguments (`first: $n`): the only ones cost reads. */
function listSizeVariables(document: DocumentNode, model: CostModel): string[] {
  const listArguments = new Set(model.listArguments);
  const names = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        for (const arg of selection.arguments ?? [])
          if (listArguments.has(arg.name.value) && arg.value.kind === Kind.VARIABLE)
            names.add(arg.value.name.value);
        walk(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
    }
  };
  for (const def of document.definitions)
    if (def.kind === Kind.OPERATION_DEFINITION || def.kind === Kind.FRAGMENT_DEFINITION)
      walk(def.selectionSet);
  return [...names].sort();
}

function intValue(
  value: ValueNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  unknown: number,
): number {
  if (value.kind === Kind.INT) return Number.parseInt(value.value, 10);
  if (value.kind === Kind.VARIABLE) {
    const given = variables?.[value.name.value];
    return typeof given === "number" && Number.isFinite(given) ? given : unknown;
  }
  return unknown;
}
