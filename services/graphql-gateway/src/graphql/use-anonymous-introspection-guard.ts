import { GraphQLError, type ValidationContext } from "graphql";
import type { Plugin } from "graphql-yoga";

/** Whether the request in a yoga context carries a (verified) end-user token or service credential. */
export type IsIdentified = (context: unknown) => boolean;

/** The validation rule refusing `__schema` and `__type`. */
export function anonymousIntrospectionRule(context: ValidationContext) {
  return {
    Field(node: { name: { value: string } }) {
      if (node.name.value === "__schema" || node.name.value === "__type")
        context.reportError(
          new GraphQLError("Introspection is disabled for anonymous callers.", {
            extensions: { code: "INTROSPECTION_DISABLED" },
          }),
        );
    },
  };
}

/**
 * Production: `__schema` and `__type` are refused for anonymous callers (validation error
 * INTROSPECTION_DISABLED). Signed-in callers may still introspect (their tools need it); the
 * schema a client builds against is the committed SDL (schema/gateway.graphql).
 */
export function useAnonymousIntrospectionGuard(isIdentified: IsIdentified): Plugin {
  return {
    onValidate({ addValidationRule, context }) {
      if (!isIdentified(context)) addValidationRule(anonymousIntrospectionRule);
    },
  };
}
