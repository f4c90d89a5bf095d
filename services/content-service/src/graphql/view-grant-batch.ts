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

function createBatch(ctx: ServiceContext, viewer: () => Promise<Viewer>): ViewGrantBatch {
  let pending: { ids: Set<string>; token: Promise<string> } | undefined;
  return {
    load(postId) {
      if (!pending) {
        const ids = new Set<string>();
        // As DataLoader schedules: after the promise jobs of this pass, before the next I/O.
        const token = Promise.resolve()
          .then(() => new Promise<void>((resolve) => process.nextTick(resolve)))
          .then(async () => {
            pending = undefined;
            return grantPostVisibility({ ctx, viewer: await viewer(), postIds: [...ids] });
          });
        pending = { ids, token };
      }
      pending.ids.add(postId);
      return pending.token;
    },
  };
}
