import {
  controlCharacterError,
  controlCharacterViolations,
  type FieldViolation,
  hasControlCharacters,
} from "@nova/errors";
import { type DocumentNode, parse, visit } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";

/** Escapes (`\u0000`, `\u{0}`) are the only way a control character gets into a valid literal besides a raw one. */
const UNICODE_ESCAPE = /\\u/;

/** Every string literal in the document, named by where it sits: `field.argument.objectField`. */
function literalViolations(document: DocumentNode): FieldViolation[] {
  const found: FieldViolation[] = [];
  const path: string[] = [];
  visit(document, {
    Field: { enter: (n) => void path.push(n.name.value), leave: () => void path.pop() },
    Argument: { enter: (n) => void path.push(n.name.value), leave: () => void path.pop() },
    ObjectField: { enter: (n) => void path.push(n.name.value), leave: () => void path.pop() },
    Directive: { enter: (n) => void path.push(`@${n.name.value}`), leave: () => void path.pop() },
    VariableDefinition: {
      enter: (n) => void path.push(`$${n.variable.name.value}`),
      leave: () => void path.pop(),
    },
    StringValue: (n) => {
      found.push(...controlCharacterViolations(n.value, path.join(".") || "query"));
    },
  });
  return found;
}

/** The violations in a document's text: the same for every request that sends that text. */
export function queryViolations(query: string | undefined): FieldViolation[] {
  if (!query) return [];
  // A raw control character anywhere in the text: refuse the whole query.
  if (hasControlCharacters(query)) return controlCharacterViolations(query, "query");
  if (!UNICODE_ESCAPE.test(query)) return [];
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return []; // yoga reports the syntax error itself
  }
  return literalViolations(document);
}

/** The violations in what changes per request: variables, operation name and extensions. */
export function paramsViolations(params: {
  variables?: Record<string, unknown> | null | undefined;
  operationName?: string | null | undefined;
  extensions?: Record<string, unknown> | null | undefined;
}): FieldViolation[] {
  const variables = Object.entries(params.variables ?? {}).flatMap(([name, value]) =>
    controlCharacterViolations(value, `$${name}`),
  );
  return [
    ...variables,
    ...controlCharacterViolations(params.operationName ?? "", "operationName"),
    ...controlCharacterViolations(params.extensions ?? {}, "extensions"),
  ];
}

/**
 * The control-character rule for GraphQL: variables (named `$var.field`), string literals inside
 * the operation (named `field.argument…`), the operation name and extensions. A violation is a
 * 400 with `extensions.code` INVALID_ARGUMENT and the violations, before parsing is cached or any
 * resolver runs. Parsing happens here only when the text holds a `\u` escape, which is rare.
 */
export function useInputHygiene(): Plugin {
  return {
    onParams({ params }) {
      const violations = [...paramsViolations(params), ...queryViolations(params.query)];
      if (violations.length === 0) return;
      const error = controlCharacterError(violations.slice(0, 20));
      throw createGraphQLError(error.message, {
        extensions: { code: "INVALID_ARGUMENT", violations: error.details.violations, http: { status: 400 } },
      });
    },
  };
}
