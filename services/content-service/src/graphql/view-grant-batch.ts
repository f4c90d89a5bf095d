import type { ServiceContext } from "../context.ts";
import { grantPostVisibility } from "../domain/grant-post-visibility.ts";
import type { Viewer } from "../domain/viewer.ts";

/** Collects the posts of one GraphQL request that ask for `_viewGrant`; one signature covers them. */
export interface ViewGrantBatch {
  load(postId: string): Promise<string>;
}

/**
 * One batch per request context: ids asked for in the same tick (every post of a list resolves its
 * fields in one pass) share one grant, signed once. Later ticks of the same request get a new one.
 */
export function viewGrantBatches(ctx: ServiceContext) {
  const byRequest = new WeakMap<object, ViewGrantBatch>();
  return (request: object, viewer: () => Promise<Viewer>): ViewGrantBatch => {
    let batch = byRequest.get(request);
    if (!batch) {
      batch = createBatch(ctx, viewer);
      byRequest.set(request, batch);
    }
    return batch;
  };
}

// Posts per grant. Stitching sends each post's grant along with it, so one grant naming a whole
// 50-post page would travel 50 times (~145 KB); ten per grant keep the bytes linear in the page
// (a 50-post page: 5 signatures, ~30 KB) for a few more Ed25519 signatures.
const MAX_POSTS_PER_GRANT = 10;

function createBatch(ctx: ServiceContext, viewer: () => Promise<Viewer>): ViewGrantBatch {
  let pending: { ids: Set<string>; token: Promise<string> } | undefined;
  return {
    load(postId) {
      if (pending?.ids.has(postId)) return pending.token;
      if (!pending || pending.ids.size >= MAX_POSTS_PER_GRANT) {
        const ids = new Set<string>();
        // As DataLoader schedules: after the promise jobs of this pass, before the next I/O.
        const token = Promise.resolve()
          .then(() => new Promise<void>((resolve) => process.nextTick(resolve)))
          .then(async () => {
            if (pending?.ids === ids) pending = undefined;
            return grantPostVisibility({ ctx, viewer: await viewer(), postIds: [...ids] });
          });
        pending = { ids, token };
      }
      pending.ids.add(postId);
      return pending.token;
    },
  };
}
