import { NotFoundError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { envelopesAfter } from "../db/envelope-queries.ts";
import { findDevice } from "../db/key-queries.ts";
import type { QueuedFrame } from "../socket/frames.ts";
import { deviceIdSchema, parseInput } from "./chat-inputs.ts";
import { envelopeFrame } from "./envelope-frame.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

const schema = z.object({
  deviceId: deviceIdSchema,
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** A page of the caller's device backlog after `after`, in deviceSeq order (what the socket would send). */
export async function listBacklog(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: z.input<typeof schema>;
}): Promise<{ envelopes: QueuedFrame[]; nextAfter: number | null }> {
  const accountId = requireViewer(args.viewer);
  const input = parseInput(schema, args.input);
  if (!(await findDevice(args.ctx.db.db, accountId, input.deviceId)))
    throw new NotFoundError("device", String(input.deviceId));
  const rows = await envelopesAfter(args.ctx.db.db, accountId, input.deviceId, input.after, input.limit);
  const envelopes = rows.map(envelopeFrame);
  return {
    envelopes,
    nextAfter: rows.length === input.limit ? (envelopes.at(-1)?.deviceSeq ?? null) : null,
  };
}
