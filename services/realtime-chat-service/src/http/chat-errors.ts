import { toProblem } from "@nova/errors";
import { MismatchedDevicesError } from "../domain/mismatched-devices-error.ts";
import { UnverifiedKeyError } from "../domain/verify-prekey-signature.ts";

/**
 * The two answers the kit's error boundary cannot shape: 422 for a key that does not verify, and
 * 409 carrying `missingDevices`/`staleDevices` beside the problem fields. Everything else is rethrown.
 */
export async function withChatErrors(
  requestId: string | undefined,
  run: () => Promise<Response>,
): Promise<Response> {
  try {
    return await run();
  } catch (err) {
    const headers = { "content-type": "application/problem+json" };
    const base = toProblem(err, requestId ? { requestId } : {});
    if (err instanceof UnverifiedKeyError)
      return new Response(
        JSON.stringify({ ...base, status: 422, title: "Unprocessable content", code: "unverified_key" }),
        { status: 422, headers },
      );
    if (err instanceof MismatchedDevicesError)
      return new Response(
        JSON.stringify({ ...base, missingDevices: err.missingDevices, staleDevices: err.staleDevices }),
        { status: 409, headers },
      );
    throw err;
  }
}
