import { fromZodError, InvalidArgumentError } from "@nova/errors";
import { z } from "zod";

/** Account ids are UUIDs (identity's `sub`); anything else is a 400 naming the field. */
export const accountIdSchema = z
  .uuid({ message: "must be an account id (UUID)" })
  .transform((s) => s.toLowerCase());

/** The most ids one batch call (relationships, counts, visibility) accepts. */
export const MAX_BATCH = 100;

/** Page size and cursor of a list; limit 1..100, default 20. */
export const pageInputSchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type PageInput = z.input<typeof pageInputSchema>;

/** Parses a verb's input with its schema; failures become one InvalidArgumentError naming each field. */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error, `${what} is invalid`);
  return result.data;
}

// Built once: a zod schema costs far more to construct than to run.
const accountIdsSchema = z.array(accountIdSchema);

/** A list of account ids: each a UUID, at most MAX_BATCH, duplicates allowed (answers keep order). */
export function parseAccountIds(ids: readonly string[], field: string): string[] {
  if (ids.length > MAX_BATCH)
    throw new InvalidArgumentError(`at most ${MAX_BATCH} ids`, [
      { field, message: `at most ${MAX_BATCH} ids` },
    ]);
  return validateInput(accountIdsSchema, ids, field);
}

/** Refuses acting on oneself (following, blocking or muting your own account). */
export function requireOther(viewerId: string, targetId: string, what: string): void {
  if (viewerId === targetId)
    throw new InvalidArgumentError(`you cannot ${what} yourself`, [
      { field: "id", message: `cannot ${what} yourself` },
    ]);
}
