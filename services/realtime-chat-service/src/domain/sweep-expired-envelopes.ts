import type { ServiceContext } from "../context.ts";
import { deleteEnvelopesBefore } from "../db/envelope-queries.ts";

const SWEEP_EVERY_MS = 10 * 60 * 1000;

/** Drops envelopes (and message ids) older than CHAT_ENVELOPE_RETENTION; runs now and every 10 minutes. */
export async function sweepExpiredEnvelopes(ctx: ServiceContext): Promise<number> {
  const cutoff = new Date(ctx.clock().getTime() - ctx.config.extra.CHAT_ENVELOPE_RETENTION);
  return deleteEnvelopesBefore(ctx.db.db, cutoff);
}

export function startEnvelopeSweeper(ctx: ServiceContext): { stop(): void } {
  const run = () =>
    sweepExpiredEnvelopes(ctx).catch((err) => ctx.log.warn("envelope retention sweep failed", { err }));
  void run();
  const timer = setInterval(run, SWEEP_EVERY_MS);
  return { stop: () => clearInterval(timer) };
}
