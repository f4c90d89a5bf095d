import { fromZodError } from "@nova/errors";
import { z } from "zod";

/** Parses a verb's input with its schema; failures become one InvalidArgumentError naming each field. */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error, `${what} is invalid`);
  return result.data;
}

/** A post, comment or account id as this service accepts it. */
export const idSchema = (what: string) =>
  z.uuid(`must be a ${what} id (UUID)`).transform((s) => s.toLowerCase());

/** Page size of the lists: default 20, at most 100. */
export const limitSchema = z.coerce.number().int().min(1).max(100).default(20);
