import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { accountIdSchema, validateInput } from "./graph-input.ts";

const inputSchema = z.object({
  id: accountIdSchema,
  limit: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .transform((n) => (n === 0 ? 100 : n)),
  cursor: z.string().max(200).optional(),
});

/**
 * Followers (for fan-out on write) or followed accounts (fan-out on read) of any account, for other
 * services; no privacy rule applies (the caller is a service acting for the account's own content).
 */
export async function listFanOut(args: {
  ctx: ServiceContext;
  direction: "followers" | "following";
  input: { id: string; limit: number; cursor?: string | undefined };
}): Promise<{ ids: string[]; nextCursor: string | null }> {
  const { id, limit, cursor } = validateInput(inputSchema, args.input, "list");
  const read = args.direction === "followers" ? args.ctx.store.followers : args.ctx.store.following;
  const page = await read(id, { limit, cursor });
  return { ids: page.items.map((i) => i.id), nextCursor: page.nextCursor };
}
