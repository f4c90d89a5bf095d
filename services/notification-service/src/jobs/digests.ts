import type { ServiceContext } from "../context.ts";
import { sendDueDigests } from "../domain/send-digests.ts";
import { startLockedInterval } from "./release-held-pushes.ts";

/** Hourly, on one replica at a time: the digests that are due. */
export function startDigests(ctx: ServiceContext) {
  return startLockedInterval(ctx, "digests", 3_600_000, () => sendDueDigests(ctx));
}
