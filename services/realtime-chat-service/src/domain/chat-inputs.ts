import { InvalidArgumentError } from "@nova/errors";
import { z } from "zod";

/** libsignal device ids are small positive integers. */
export const MAX_DEVICE_ID = 127;
export const deviceIdSchema = z.coerce.number().int().min(1).max(MAX_DEVICE_ID);
export const accountIdSchema = z.uuid();
export const conversationIdSchema = z.uuid();
/** Standard base64 (libsignal serializations, ciphertexts). */
export const base64Schema = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be base64");

/** Parses `input` with `schema`, or 400 naming the fields; the verbs call this before anything else. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidArgumentError(
    "invalid input",
    result.error.issues.map((i) => ({ field: i.path.join(".") || "input", message: i.message })),
  );
}

export const fromBase64 = (s: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(s, "base64"));
export const toBase64 = (b: Uint8Array): string => Buffer.from(b).toString("base64");
