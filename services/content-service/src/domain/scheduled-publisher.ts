import type { ServiceContext } from "../context.ts";
import { publishDuePosts } from "./publish-due-posts.ts";

/** The durable timer's clock: polls for due posts until stopped; the state lives in the posts table. */
export function startScheduledPublisher(ctx: ServiceContext): { stop(): Promise<void> } {
  const interval = ctx.config.extra.SCHEDULED_POST_POLL_INTERVAL;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = (async () => {
      try {
        // A full batch means more may be due: go again at once.
        while (!stopped && (await publishDuePosts({ ctx })) >= 50) {}
      } catch (err) {
        ctx.log.error("scheduled-post publisher failed; retrying on the next poll", { err });
      }
      if (!stopped) timer = setTimeout(tick, interval);
    })();
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
