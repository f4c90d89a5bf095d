import {
  type DocumentNode,
  GraphQLError,
  type ParseOptions,
  parse,
  type Source,
  type ValidationContext,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import {
  type CostModel,
  createOperationMeasurer,
  DEFAULT_COST_MODEL,
  type OperationSize,
} from "./measure-operation.ts";

/** The limits one operation must stay within; the gateway and every service's /graphql share them. */
export interface OperationLimits {
  /** Deepest field nesting (introspection exempt). */
  maxDepth: number;
  /** Most fields one operation may select, fragments counted where spread. */
  maxFields: number;
  /** Most aliased fields (`a1: post(…) a2: post(…)`), fragments counted where spread. */
  maxAliases: number;
  /** Most directives in one operation. */
  maxDirectives: number;
  /** Most lexical tokens in the document: refused while parsing, before anything is built. */
  maxTokens: number;
  /** Largest cost (see CostModel) of one request, with its variables. */
  maxCost: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxFields: 1_000,
  maxAliases: 50,
  maxDirectives: 50,
  maxTokens: 10_000,
  maxCost: 5_000,
};

/** What the cost hook is told for each executed (or subscribed) operation. */
export interface OperationCostEvent<C> {
  cost: number;
  size: OperationSize;
  context: C;
}

export interface OperationSafetyOptions<C> {
  limits?: Partial<OperationLimits>;
  costModel?: CostModel;
  /**
   * Called with the cost of an operation that fits `maxCost`, before it runs; throwing (e.g. a
   * RATE_LIMITED GraphQLError from a per-minute budget) stops it before anything is delegated.
   */
  onCost?: (event: OperationCostEvent<C>) => Promise<void> | void;
}

const limitError = (message: string, code: string, extensions: Record<string, unknown>) =>
  new GraphQLError(message, { extensions: { code, ...extensions } });

/** The operation that will run: the named one, or the only one. */
function selectedSize(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  measure: ReturnType<typeof createOperationMeasurer>,
): Readonly<OperationSize> | undefined {
  const sizes = measure(document, variables);
  if (operationName) return sizes.get(operationName);
  return sizes.size === 1 ? sizes.values().next().value : undefined;
}

/** The checks of `useOperationSafety`, for an endpoint that runs them itself (createSubschema's lean path). */
export interface OperationGuard<C> {
  /** `parse` with the token cap: QUERY_TOO_LARGE past `maxTokens`. */
  parse(source: string | Source, options?: ParseOptions): DocumentNode;
  /** The depth, field, alias and directive caps, as a validation rule. */
  rule(context: ValidationContext): Record<string, never>;
  /** The cost with the variables against `maxCost`, then `onCost`: the error to answer, if any. */
  checkCost(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Readonly<Record<string, unknown>> | null | undefined,
    context: C,
  ): Promise<GraphQLError | undefined>;
}

export function createOperationGuard<C = unknown>(opts: OperationSafetyOptions<C> = {}): OperationGuard<C> {
  const limits = { ...DEFAULT_OPERATION_LIMITS, ...opts.limits };
  const model = opts.costModel ?? DEFAULT_COST_MODEL;
  // Per document: validation runs once per document (a validation cache), the cost check per request.
  const measure = createOperationMeasurer(model);
  const operationLimitsRule = (context: ValidationContext) => {
    for (const [name, size] of measure(context.getDocument(), null)) {
      const label = name ? `Operation "${name}"` : "The operation";
      if (size.depth > limits.maxDepth)
        context.reportError(
          limitError(
            `${label} is nested ${size.depth} deep; the limit is ${limits.maxDepth}.`,
            "QUERY_TOO_DEEP",
            {
              depth: size.depth,
              maxDepth: limits.maxDepth,
            },
          ),
        );
      if (size.fieldCount > limits.maxFields)
        context.reportError(
          limitError(
            `${label} selects ${size.fieldCount} fields; the limit is ${limits.maxFields}.`,
            "QUERY_TOO_COMPLEX",
            { fieldCount: size.fieldCount, maxFields: limits.maxFields },
          ),
        );
      if (size.aliasCount > limits.maxAliases)
        context.reportError(
          limitError(
            `${label} uses ${size.aliasCount} aliases; the limit is ${limits.maxAliases}.`,
            "TOO_MANY_ALIASES",
            { aliasCount: size.aliasCount, maxAliases: limits.maxAliases },
          ),
        );
      if (size.directiveCount > limits.maxDirectives)
        context.reportError(
          limitError(
            `${label} uses ${size.directiveCount} directives; the limit is ${limits.maxDirectives}.`,
            "TOO_MANY_DIRECTIVES",
            { directiveCount: size.directiveCount, maxDirectives: limits.maxDirectives },
          ),
        );
    }
    return {};
  };
  const checkCost = async (
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Readonly<Record<string, unknown>> | null | undefined,
    context: C,
  ): Promise<GraphQLError | undefined> => {
    const size = selectedSize(document, operationName, variables, measure);
    if (!size) return undefined; // graphql reports the unknown operation itself
    if (size.cost > limits.maxCost)
      return limitError(
        `The operation costs ${size.cost}; the limit is ${limits.maxCost}. Ask for smaller pages or fewer fields.`,
        "QUERY_TOO_COSTLY",
        { cost: size.cost, maxCost: limits.maxCost, http: { status: 400 } },
      );
    try {
      await opts.onCost?.({ cost: size.cost, size, context });
    } catch (error) {
      if (error instanceof GraphQLError) return error;
      throw error;
    }
    return undefined;
  };
  return {
    parse(source, options) {
      try {
        return parse(source, { ...options, maxTokens: limits.maxTokens });
      } catch (error) {
        if (error instanceof GraphQLError && /maxTokens|tokens/.test(error.message))
          throw limitError(`The document has more than ${limits.maxTokens} tokens.`, "QUERY_TOO_LARGE", {
            maxTokens: limits.maxTokens,
            http: { status: 400 },
          });
        throw error;
      }
    },
    rule: operationLimitsRule,
    checkCost,
  };
}

/**
 * Operation safety for a yoga endpoint: a token cap while parsing; depth, field, alias and directive
 * caps at validation (remembered per document by yoga's validation cache); the cost of the
 * operation with its variables checked against `maxCost` and handed to `onCost` before execution.
 * Every refusal is a GraphQL error with an `extensions.code` and HTTP 400, before any resolver runs.
 */
export function useOperationSafety<C = unknown>(
  opts: OperationSafetyOptions<C> = {},
  guard: OperationGuard<C> = createOperationGuard(opts),
): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => guard.parse(source, options));
    },
    onValidate({ addValidationRule }) {
      addValidationRule(guard.rule);
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const error = await guard.checkCost(
        args.document,
        args.operationName,
        args.variableValues,
        args.contextValue as C,
      );
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const error = await guard.checkCost(
        args.document,
        args.operationName,
        args.variableValues,
        args.contextValue as C,
      );
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
