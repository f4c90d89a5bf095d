import { GraphQLError, type ValidationContext } from "graphql";
import type { Plugin } from "graphql-yoga";
import { measureOperations } from "./measure-operation.ts";

export interface OperationLimits {
  /** Deepest allowed field nesting (introspection exempt). */
  maxDepth: number;
  /** Most fields one operation may select, fragments counted where spread. */
  maxFields: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = { maxDepth: 12, maxFields: 1_000 };

/**
 * Rejects oversized operations during validation, before anything is delegated upstream. Runs as a
 * validation rule so yoga's validation cache remembers the verdict per document.
 */
export function useOperationLimits(limits: OperationLimits = DEFAULT_OPERATION_LIMITS): Plugin {
  const rule = (context: ValidationContext) => {
    for (const [name, size] of measureOperations(context.getDocument())) {
      const label = name ? `Operation "${name}"` : "The operation";
      if (size.depth > limits.maxDepth) {
        context.reportError(
          new GraphQLError(`${label} is nested ${size.depth} deep; the limit is ${limits.maxDepth}.`, {
            extensions: { code: "QUERY_TOO_DEEP", depth: size.depth, maxDepth: limits.maxDepth },
          }),
        );
      }
      if (size.fieldCount > limits.maxFields) {
        context.reportError(
          new GraphQLError(`${label} selects ${size.fieldCount} fields; the limit is ${limits.maxFields}.`, {
            extensions: {
              code: "QUERY_TOO_COMPLEX",
              fieldCount: size.fieldCount,
              maxFields: limits.maxFields,
            },
          }),
        );
      }
    }
    return {};
  };
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}
