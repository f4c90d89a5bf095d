import { fromZodError } from "@nova/errors";
import type { z } from "zod";

/** Parses a verb's input with its schema; failures become one InvalidArgumentError naming each field. */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error, `${what} is invalid`);
  return result.data;
}
