import { InvalidArgumentError } from "@nova/errors";

/** A body over the limit: 400 problem naming the body (the error codes have no 413 of their own). */
export class PayloadTooLargeError extends InvalidArgumentError {
  constructor(maxBytes: number) {
    super(`request body is larger than ${maxBytes} bytes`, [
      { field: "(body)", message: `must be at most ${maxBytes} bytes` },
    ]);
  }
}
