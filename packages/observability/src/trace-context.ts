/** W3C trace context of one hop: https://www.w3.org/TR/trace-context/ */
export interface TraceContext {
  traceId: string;
  /** This hop's span id. */
  spanId: string;
  /** The caller's span id, when a valid traceparent arrived. */
  parentSpanId: string | undefined;
  sampled: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

// Every request and every outgoing call draws span ids: random bytes are drawn from the CSPRNG in
// blocks (as node's randomUUID caches them) and each id is one native hex encoding of a slice.
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;
function randomHex(bytes: number): string {
  if (poolAt + bytes > POOL.length) {
    crypto.getRandomValues(POOL);
    poolAt = 0;
  }
  const hex = POOL.toString("hex", poolAt, poolAt + bytes);
  poolAt += bytes;
  return hex;
}

/** Continues the trace in `header` with a new span, or starts a new trace when it is absent or invalid. */
export function continueTrace(header: string | null | undefined): TraceContext {
  const m = header ? TRACEPARENT.exec(header.trim().toLowerCase()) : null;
  if (m && m[1] !== "ff" && !/^0+$/.test(m[2] ?? "") && !/^0+$/.test(m[3] ?? "")) {
    return {
      traceId: m[2] as string,
      spanId: randomHex(8),
      parentSpanId: m[3],
      sampled: (Number.parseInt(m[4] as string, 16) & 1) === 1,
    };
  }
  return { traceId: randomHex(16), spanId: randomHex(8), parentSpanId: undefined, sampled: true };
}

/** The traceparent header to send downstream from this hop. */
export function formatTraceparent(t: TraceContext): string {
  return `00-${t.traceId}-${t.spanId}-${t.sampled ? "01" : "00"}`;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Keeps a caller's X-Request-Id when it is sane, otherwise issues a UUIDv7. */
export function requestIdFrom(header: string | null | undefined): string {
  return header && REQUEST_ID.test(header) ? header : Bun.randomUUIDv7();
}
