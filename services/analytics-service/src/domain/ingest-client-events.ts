import type { AuthContext } from "@nova/auth";
import { InvalidArgumentError } from "@nova/errors";
import { currentClientIp } from "@nova/server";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import type { EventRow } from "../store/event-row.ts";
import { CLIENT_EVENTS, isClientEventName } from "./event-registry.ts";
import { forwardFeedback } from "./forward-feedback.ts";

export const MAX_BATCH = 500;

const envelope = z
  .object({
    id: z.string().uuid(),
    name: z.string().min(1).max(64),
    occurredAt: z.string().datetime({ offset: true }),
    sessionId: z.string().min(1).max(64).optional(),
    properties: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const ingestInputSchema = z
  .object({
    /** Anonymous clients only: a uuid the client made up and keeps. Ignored with a token. */
    deviceId: z.string().uuid().optional(),
    events: z.array(z.unknown()).min(1).max(MAX_BATCH),
  })
  .strict();

export interface Rejected {
  readonly index: number;
  readonly code: "invalid" | "unknown_event" | "clock_skew";
  readonly message: string;
}

export interface IngestResult {
  /** New events stored. */
  readonly accepted: number;
  /** Valid events whose id had been seen before (or twice in this batch): not counted again. */
  readonly duplicates: number;
  readonly rejected: Rejected[];
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "event"}: ${i.message}`).join("; ");
}

/**
 * Stores a batch of client events for the token's account, or for an anonymous device. Each event
 * is checked on its own (envelope, then the properties schema of its name, then the clock-skew
 * bound): a bad one is reported by index and the good ones are kept. Dedup by event id. Each
 * batch counts against the per-device (anonymous) or per-account limit and the per-IP limit.
 */
export async function ingestClientEvents(args: {
  ctx: ServiceContext;
  caller: AuthContext | undefined;
  input: unknown;
}): Promise<IngestResult> {
  const { ctx, caller } = args;
  const parsed = ingestInputSchema.safeParse(args.input);
  if (!parsed.success) throw new InvalidArgumentError(describe(parsed.error));
  const { events, deviceId } = parsed.data;
  if (!caller && !deviceId)
    throw new InvalidArgumentError("deviceId: required without an access token (anonymous client)");
  // One batch counted against the account (or the anonymous device) and the client IP; over a
  // limit: RateLimitedError (429 with Retry-After), nothing stored.
  const limits = ctx.config.extra;
  const ip = currentClientIp();
  await ctx.ingestLimiter.consume("events", [
    caller
      ? { kind: "account", id: caller.accountId, windows: limits.ANALYTICS_RATE_LIMIT_ACCOUNT }
      : {
          kind: "device",
          id: (deviceId as string).toLowerCase(),
          windows: limits.ANALYTICS_RATE_LIMIT_DEVICE,
        },
    ...(ip ? [{ kind: "ip", id: ip, windows: limits.ANALYTICS_RATE_LIMIT_IP }] : []),
  ]);
  const now = ctx.clock().getTime();
  const { ANALYTICS_MAX_FUTURE_SKEW: future, ANALYTICS_MAX_EVENT_AGE: age } = ctx.config.extra;
  const rows: EventRow[] = [];
  const rejected: Rejected[] = [];
  for (const [index, raw] of events.entries()) {
    const e = envelope.safeParse(raw);
    if (!e.success) {
      rejected.push({ index, code: "invalid", message: describe(e.error) });
      continue;
    }
    const { id, name, occurredAt, sessionId, properties } = e.data;
    if (!isClientEventName(name)) {
      rejected.push({
        index,
        code: "unknown_event",
        message: `name: unknown event ${JSON.stringify(name)}`,
      });
      continue;
    }
    const props = CLIENT_EVENTS[name].safeParse(properties);
    if (!props.success) {
      rejected.push({ index, code: "invalid", message: `properties.${describe(props.error)}` });
      continue;
    }
    const at = new Date(occurredAt);
    if (at.getTime() > now + future || at.getTime() < now - age) {
      rejected.push({
        index,
        code: "clock_skew",
        message: `occurredAt: outside [now - ${age / 1000}s, now + ${future / 1000}s]`,
      });
      continue;
    }
    const p = props.data as Record<string, unknown>;
    const { postId, accountId: target, surface, ...rest } = p;
    rows.push({
      id: id.toLowerCase(),
      name,
      accountId: caller?.accountId ?? null,
      deviceId: caller ? null : (deviceId ?? null),
      sessionId: sessionId ?? null,
      occurredAt: at,
      postId: typeof postId === "string" ? postId : null,
      targetAccountId: typeof target === "string" ? target : null,
      surface: typeof surface === "string" ? surface : null,
      source: "client",
      properties: rest,
    });
  }
  const accepted = await ctx.ingest.write(rows);
  await forwardFeedback(ctx, rows);
  return { accepted, duplicates: rows.length - accepted, rejected };
}
