import { type DocumentNode, type FragmentDefinitionNode, Kind, type SelectionSetNode } from "graphql";

export interface OperationSize {
  /** Deepest field nesting, fragments inlined (`{ a { b } }` is 2). */
  depth: number;
  /** Fields the operation asks for, each fragment counted at every place it is spread. */
  fieldCount: number;
}

/**
 * Introspection answers from the gateway's memory and GraphiQL's own introspection query nests
 * `ofType` deeper than any sane business query; it is bounded by the field count instead.
 */
const DEPTH_EXEMPT_FIELDS = new Set(["__schema", "__type"]);

/**
 * Measures every operation in a document. Fragment sizes are memoised, so a document built to blow
 * up (fragments spreading each other many times) is measured in linear time; cycles count as 0 and
 * are reported by the standard NoFragmentCycles rule.
 */
export function measureOperations(document: DocumentNode): Map<string, OperationSize> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const memo = new Map<string, OperationSize>();
  const visiting = new Set<string>();

  const measureFragment = (name: string): OperationSize => {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || visiting.has(name)) return { depth: 0, fieldCount: 0 };
    visiting.add(name);
    const size = measureSelectionSet(fragment.selectionSet);
    visiting.delete(name);
    memo.set(name, size);
    return size;
  };

  const measureSelectionSet = (set: SelectionSetNode): OperationSize => {
    let depth = 0;
    let fieldCount = 0;
    for (const selection of set.selections) {
      let child: OperationSize;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === "__typename") continue;
        const inner = selection.selectionSet ? measureSelectionSet(selection.selectionSet) : null;
        const exempt = DEPTH_EXEMPT_FIELDS.has(selection.name.value);
        child = { depth: exempt ? 0 : 1 + (inner?.depth ?? 0), fieldCount: 1 + (inner?.fieldCount ?? 0) };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        child = measureSelectionSet(selection.selectionSet);
      } else {
        child = measureFragment(selection.name.value);
      }
      depth = Math.max(depth, child.depth);
      fieldCount += child.fieldCount;
    }
    return { depth, fieldCount };
  };

  const sizes = new Map<string, OperationSize>();
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) {
      sizes.set(def.name?.value ?? "", measureSelectionSet(def.selectionSet));
    }
  }
  return sizes;
}
