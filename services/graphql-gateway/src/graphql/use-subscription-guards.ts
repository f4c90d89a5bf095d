import type { AuthContext, RevocationView } from "@nova/auth";
import type { StreamCap, StreamLease } from "@nova/rate-limit";
import { type ExecutionResult, GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { CallerContext } from "./create-gateway-yoga.ts";

export interface SubscriptionGuardOptions {
  /** The gateway's revocation view (the kit's, shared by every instance through the cache store). */
  revocations?: RevocationView;
  /** Open subscriptions per account (anonymous: per IP), counted across every gateway instance. */
  cap?: StreamCap;
  /** How often an open subscription re-checks its token (revocation, expiry). Default 1 s. */
  checkEveryMs?: number;
  now?: () => number;
}

const ended = (message: string): ExecutionResult => ({
  errors: [new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED" } })],
});

/**
 * Subscriptions through the gateway: each takes one of its account's (or IP's) places in `cap`
 * before anything is delegated (RATE_LIMITED when all are held), and while it is open its token
 * is re-checked every `checkEveryMs`: once revoked (logout, password change, deletion) or
 * expired, the client gets one UNAUTHENTICATED error event and the stream — and so the upstream
 * stream — ends. The place is released when the stream ends, however it ends.
 */
export function useSubscriptionGuards(opts: SubscriptionGuardOptions): Plugin {
  const every = opts.checkEveryMs ?? 1_000;
  const now = opts.now ?? Date.now;
  return {
    async onSubscribe({ args, setResultAndStopExecution }) {
      const caller = (args.contextValue as CallerContext | undefined)?.caller;
      const subject = caller?.accountId
        ? `account:${caller.accountId}`
        : caller?.ip
          ? `ip:${caller.ip}`
          : undefined;
      let lease: StreamLease | undefined;
      if (opts.cap && subject) {
        try {
          lease = await opts.cap.acquire(subject);
        } catch (error) {
          const retry =
            (error as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds ?? 60;
          setResultAndStopExecution({
            errors: [
              new GraphQLError("Too many open subscriptions for this caller.", {
                extensions: {
                  code: "RATE_LIMITED",
                  retryAfterSeconds: retry,
                  http: { status: 429, headers: { "retry-after": String(retry) } },
                },
              }),
            ],
          });
          return;
        }
      }
      const auth = caller?.auth;
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isAsyncIterable(result)) {
            void lease?.release();
            return;
          }
          setResult(guarded(result, auth, lease));
        },
      };
    },
  };

  /**
   * A plain iterator, not an async generator: a generator suspended in an await would queue the
   * client's `return()` until the next upstream event, leaving the upstream stream open after the
   * client left. Here `return()` ends the upstream stream and frees the place at once.
   */
  function guarded(
    source: AsyncIterable<ExecutionResult>,
    auth: AuthContext | undefined,
    lease: StreamLease | undefined,
  ): AsyncIterableIterator<ExecutionResult> {
    const iterator = source[Symbol.asyncIterator]();
    const invalid = (): string | undefined => {
      if (!auth) return undefined;
      if (opts.revocations?.isRevoked(auth)) return "The token was revoked; the subscription is closed.";
      if (auth.expiresAt.getTime() <= now()) return "The token expired; the subscription is closed.";
      return undefined;
    };
    let wake: ((reason: string) => void) | undefined;
    const closed = new Promise<{ revoked: string }>((resolve) => {
      wake = (reason) => resolve({ revoked: reason });
    });
    const timer = auth
      ? setInterval(() => {
          const reason = invalid();
          if (reason) wake?.(reason);
        }, every)
      : undefined;
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      wake?.("closed");
      try {
        await iterator.return?.();
      } finally {
        await lease?.release();
      }
    };
    const finished = { done: true, value: undefined } as const;
    const self: AsyncIterableIterator<ExecutionResult> = {
      [Symbol.asyncIterator]: () => self,
      async next() {
        if (stopped) return finished;
        const next = await Promise.race([iterator.next(), closed]);
        if (stopped) return finished;
        if ("revoked" in next) {
          await stop();
          return { done: false, value: ended(next.revoked) };
        }
        if (next.done) {
          await stop();
          return finished;
        }
        const reason = invalid();
        if (reason) {
          await stop();
          return { done: false, value: ended(reason) };
        }
        return { done: false, value: next.value };
      },
      async return() {
        await stop();
        return finished;
      },
      async throw(error) {
        await stop();
        throw error;
      },
    };
    return self;
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}
