import type { DescMethod } from "@bufbuild/protobuf";
import { MethodOptions_IdempotencyLevel as Level } from "@bufbuild/protobuf/wkt";

/**
 * Whether the proto declares the method safe to repeat
 * (`option idempotency_level = NO_SIDE_EFFECTS` or `IDEMPOTENT`). Only such methods are retried.
 */
export function isIdempotentMethod(method: DescMethod): boolean {
  return method.idempotency === Level.NO_SIDE_EFFECTS || method.idempotency === Level.IDEMPOTENT;
}
