import type { z } from "zod";
import { InvalidArgumentError } from "./domain-error.ts";

/** Converts a zod failure into an InvalidArgumentError naming every offending field. */
export function fromZodError(error: z.ZodError, message = "request is invalid"): InvalidArgumentError {
  return new InvalidArgumentError(
    message,
    error.issues.map((i) => ({ field: i.path.length ? i.path.join(".") : "(body)", message: i.message })),
  );
}
