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

  function guarded(
    source: AsyncIterable<ExecutionResult>,
    auth: AuthContext | undefined,
    lease: StreamLease | undefined,
  ): AsyncGenerator<ExecutionResult> {
    const iterator = source[Symbol.asyncIterator]();
    const invalid = (): string | undefined => {
      if (!auth) return undefined;
      if (opts.revocations?.isRevoked(auth)) return "The token was revoked; the subscription is closed.";
      if (auth.expiresAt.getTime() <= now()) return "The token expired; the subscription is closed.";
      return undefined;
    };
    let timer: ReturnType<typeof setInterval> | undefined;
    let wake: ((reason: string) => void) | undefined;
    const closed = new Promise<string>((resolve) => {
      wake = resolve;
    });
    if (auth)
      timer = setInterval(() => {
        const reason = invalid();
        if (reason) wake?.(reason);
      }, every);
    const finish = async () => {
      if (timer) clearInterval(timer);
      await iterator.return?.();
      await lease?.release();
    };
    return (async function* () {
      try {
        while (true) {
          const next = await Promise.race([
            iterator.next(),
            closed.then((reason) => ({ revoked: reason }) as const),
          ]);
          if ("revoked" in next) {
            yield ended(next.revoked);
            return;
          }
          if (next.done) return;
          const reason = invalid();
          if (reason) {
            yield ended(reason);
            return;
          }
          yield next.value;
        }
      } finally {
        await finish();
      }
    })();
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}
