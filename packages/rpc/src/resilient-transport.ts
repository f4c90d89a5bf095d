import type { DescMessage, DescMethodStreaming, MessageInitShape } from "@bufbuild/protobuf";
import type { ContextValues, StreamResponse, Transport } from "@connectrpc/connect";
import { SERVICE_TOKEN_HEADER, type ServiceIdentity } from "@nova/auth";
import { DeadlineExceededError } from "@nova/errors";
import {
  type BoundCounter,
  type BoundHistogram,
  bindCounter,
  bindHistogram,
  boundCache,
} from "@nova/observability";
import { type Clock, type Policy, remainingMs, systemClock, withDeadline } from "@nova/resilience";
import { getCallContext } from "./call-context.ts";
import type { ClientMetrics } from "./client-metrics.ts";
import { isIdempotentMethod } from "./idempotency.ts";
import { codeOf, grpcCodeName, toDomainError } from "./to-domain-error.ts";

export interface ResilientTransportOptions {
  /** The service making the call (sent as x-nova-caller-service). */
  caller: string;
  /** The service called (metric label, breaker name). */
  target: string;
  /** Deadline of a call when neither the call options nor the caller's context set one. */
  defaultTimeoutMs: number;
  policy?: Policy;
  metrics?: ClientMetrics;
  clock?: Clock;
  /** The caller's identity: every call carries its service token for `target`. */
  identity?: Pick<ServiceIdentity, "tokenFor">;
}

/** Outgoing headers: the caller's own win; the call context fills in auth, request id and trace. */
function outgoingHeaders(init: HeadersInit | undefined, caller: string): Headers {
  const h = new Headers(init);
  const ctx = getCallContext();
  if (ctx?.authorization && !h.has("authorization")) h.set("authorization", ctx.authorization);
  if (ctx?.requestId && !h.has("x-request-id")) h.set("x-request-id", ctx.requestId);
  if (ctx?.traceparent && !h.has("traceparent")) h.set("traceparent", ctx.traceparent);
  h.set("x-nova-caller-service", caller);
  return h;
}

/**
 * Wraps a wire transport with what every Nova call needs: a deadline (the call's, else the default,
 * shortened to the caller's remaining deadline), header propagation, the upstream's policy
 * (breaker; retries for idempotent methods only), metrics per attempt, and DomainError results.
 * Deadlines are applied here rather than in an interceptor because the transport writes the
 * timeout header before interceptors run.
 */
export function createResilientTransport(inner: Transport, opts: ResilientTransportOptions): Transport {
  const clock = opts.clock ?? systemClock;
  const metrics = opts.metrics;
  // One recorder per (method, code), resolved on first use.
  const series = boundCache<{ requests: BoundCounter; duration: BoundHistogram; errors: BoundCounter }>();
  const observe = (method: string, started: number, err?: unknown) => {
    if (!metrics) return;
    const code = grpcCodeName(err ? codeOf(err) : "OK");
    const s = series.get(`${code} ${method}`, () => {
      const labels = { service: opts.caller, target: opts.target, method, code };
      return {
        requests: bindCounter(metrics.requests, labels),
        duration: bindHistogram(metrics.duration, labels),
        errors: bindCounter(metrics.errors, labels),
      };
    });
    s.requests.inc();
    s.duration.observe((performance.now() - started) / 1000);
    if (err) s.errors.inc();
  };
  const budgetMs = (timeoutMs: number | undefined) => timeoutMs ?? opts.defaultTimeoutMs;
  const identity = opts.identity;
  // The service token is cached per target by the identity; signing happens once per half-lifetime.
  const headersFor = async (init: HeadersInit | undefined) => {
    const h = outgoingHeaders(init, opts.caller);
    if (identity) h.set(SERVICE_TOKEN_HEADER, await identity.tokenFor(opts.target));
    return h;
  };

  return {
    unary(method, signal, timeoutMs, header, input, contextValues) {
      const name = `${method.parent.typeName}/${method.name}`;
      const attempt = async (attemptSignal: AbortSignal) => {
        const left = remainingMs({ clock, capMs: budgetMs(timeoutMs) }) ?? 0;
        if (left <= 0) throw new DeadlineExceededError(`deadline exceeded before calling ${opts.target}`);
        const started = performance.now();
        try {
          const res = await inner.unary(
            method,
            attemptSignal,
            left,
            await headersFor(header),
            input,
            contextValues,
          );
          observe(name, started);
          return res;
        } catch (err) {
          const domain = toDomainError(err, opts.target);
          observe(name, started, domain);
          throw domain;
        }
      };
      const guarded = (s: AbortSignal) =>
        opts.policy
          ? opts.policy.execute(attempt, { idempotent: isIdempotentMethod(method), signal: s })
          : attempt(s);
      return withDeadline(guarded, budgetMs(timeoutMs), signal, { clock });
    },

    async stream<I extends DescMessage, O extends DescMessage>(
      method: DescMethodStreaming<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: HeadersInit | undefined,
      input: AsyncIterable<MessageInitShape<I>>,
      contextValues?: ContextValues,
    ): Promise<StreamResponse<I, O>> {
      // Streams are neither retried (a half-consumed stream cannot be replayed) nor counted by the
      // breaker; they get the deadline, headers, metrics and error mapping.
      const name = `${method.parent.typeName}/${method.name}`;
      const left = remainingMs({ clock, capMs: budgetMs(timeoutMs) }) ?? 0;
      if (left <= 0) throw new DeadlineExceededError(`deadline exceeded before calling ${opts.target}`);
      const started = performance.now();
      let res: StreamResponse<I, O>;
      try {
        res = await inner.stream(method, signal, left, await headersFor(header), input, contextValues);
      } catch (err) {
        const domain = toDomainError(err, opts.target);
        observe(name, started, domain);
        throw domain;
      }
      const source = res.message;
      const target = opts.target;
      return {
        ...res,
        message: (async function* () {
          try {
            yield* source;
            observe(name, started);
          } catch (err) {
            const domain = toDomainError(err, target);
            observe(name, started, domain);
            throw domain;
          }
        })(),
      };
    },
  };
}
