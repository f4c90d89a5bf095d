import { getCallContext } from "@nova/rpc";

/** The end user's token travels with the call, so content decides visibility for that viewer. */
export function viewerCallOptions(): { headers?: { authorization: string } } {
  const authorization = getCallContext()?.authorization;
  return authorization ? { headers: { authorization } } : {};
}
