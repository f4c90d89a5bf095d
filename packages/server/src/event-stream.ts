const encoder = new TextEncoder();

// Proxies and load balancers close connections that stay silent; a comment line every 15 s keeps
// the stream open through them (Bun.serve itself runs with idleTimeout 0 in this package).
const HEARTBEAT_MS = 15_000;

/** One server-sent event: its name, its JSON data, and an `id` when the stream can resume after it. */
export interface ServerSentEvent {
  event: string;
  data: unknown;
  id?: string;
}

export interface EventStreamOptions {
  /** Comment heartbeat while idle (default 15 s). */
  heartbeatMs?: number;
  /** A `retry:` hint for the client's reconnect delay, sent with the opening comment. */
  retryMs?: number;
}

/**
 * A `text/event-stream` response that writes each item of `source` (through `toEvent`) as one
 * server-sent event, a comment heartbeat while idle, and ends the source when the client goes away
 * (the body is cancelled). The source is ended directly, not through a wrapping generator, whose
 * return() would wait for its pending next(), i.e. for the next update. An opening comment sends the
 * headers at once, so the client knows the stream is registered. Used by feed-service's home
 * updates and notification-service's inbox stream.
 */
export function eventStreamResponse<T>(
  source: AsyncIterableIterator<T>,
  toEvent: (item: T) => ServerSentEvent,
  opts: EventStreamOptions = {},
): Response {
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    clearInterval(heartbeat);
    void source.return?.();
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop(); // the stream is already closed: the client left
        }
      };
      write(opts.retryMs === undefined ? ": open\n\n" : `: open\nretry: ${opts.retryMs}\n\n`);
      heartbeat = setInterval(() => write(": heartbeat\n\n"), opts.heartbeatMs ?? HEARTBEAT_MS);
      void (async () => {
        try {
          for await (const item of source) {
            const e = toEvent(item);
            const id = e.id === undefined ? "" : `id: ${e.id}\n`;
            write(`${id}event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
          }
        } catch {
          // the source failed: end the stream, the client reconnects (with Last-Event-ID if it had one)
        } finally {
          clearInterval(heartbeat);
          try {
            controller.close();
          } catch {
            // already closed or cancelled
          }
        }
      })();
    },
    cancel: stop,
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
