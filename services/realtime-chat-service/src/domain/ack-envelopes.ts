import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { deleteEnvelopesUpTo } from "../db/envelope-queries.ts";
import { deviceIdSchema, parseInput } from "./chat-inputs.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const schema = z.object({ deviceId: deviceIdSchema, upTo: z.coerce.number().int().min(0) });

/** The device has everything up to `upTo`: those envelopes are deleted (the server keeps no copy). */
export async function ackEnvelopes(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: z.input<typeof schema>;
}): Promise<{ deleted: number }> {
  const accountId = requireViewer(args.viewer);
  const input = parseInput(schema, args.input);
  return { deleted: await deleteEnvelopesUpTo(args.ctx.db.db, accountId, input.deviceId, input.upTo) };
}
