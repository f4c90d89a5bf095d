import type { ServiceContext } from "../context.ts";

/** Deletes every stored object under `prefix` (all pages). */
export async function deletePrefix(ctx: ServiceContext, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await ctx.storage.store.list(prefix, cursor ? { cursor } : {});
    for (const item of page.items) {
      await ctx.storage.store.delete(item.key);
      deleted++;
    }
    cursor = page.cursor;
  } while (cursor);
  return deleted;
}
