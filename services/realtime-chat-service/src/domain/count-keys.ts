import { NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { countOneTimePreKeys, findDevice } from "../db/key-queries.ts";
import { deviceIdSchema, parseInput } from "./chat-inputs.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** How many one-time prekeys the caller's device has left (the client replenishes below its threshold). */
export async function countKeys(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { deviceId: number | string };
}): Promise<{ deviceId: number; oneTimePreKeys: number }> {
  const accountId = requireViewer(args.viewer);
  const deviceId = parseInput(deviceIdSchema, args.input.deviceId);
  if (!(await findDevice(args.ctx.db.db, accountId, deviceId)))
    throw new NotFoundError("device", String(deviceId));
  return { deviceId, oneTimePreKeys: await countOneTimePreKeys(args.ctx.db.db, accountId, deviceId) };
}
