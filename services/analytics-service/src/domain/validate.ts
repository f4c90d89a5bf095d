import { InvalidArgumentError } from "@nova/errors";
import type { z } from "zod";

/** `input` parsed by `schema`, or InvalidArgumentError naming each bad field. */
export function validate<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const violations = parsed.error.issues.map((i) => ({
    field: i.path.join(".") || "input",
    message: i.message,
  }));
  throw new InvalidArgumentError(violations.map((v) => `${v.field}: ${v.message}`).join("; "), violations);
}
