const encoder = new TextEncoder();

// Proxies and load balancers close connections that stay silent; a comment line every 15 s keeps
// the stream open through them (Bun.serve itself runs with idleTimeout 0 in @nova/server).
const HEARTBEAT_MS = 15_000;

/**
 * A `text/event-stream` response that writes each item of `source` as one server-sent event named
 * `event` (data as JSON), a comment heartbeat while idle, and ends the source when the client goes
 * away (the body is cancelled). The source is ended directly, not through a wrapping generator,
 * whose return() would wait for its pending next(), i.e. for the next update. An opening comment
 * sends the headers at once, so the client knows the stream is registered.
 */
export function eventStreamResponse(
  source: AsyncIterableIterator<unknown>,
  event: string,
  heartbeatMs = HEARTBEAT_MS,
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
      write(": open\n\n");
      heartbeat = setInterval(() => write(": heartbeat\n\n"), heartbeatMs);
      void (async () => {
        try {
          for await (const data of source) write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        } catch {
          // the source failed: end the stream, the client reconnects
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
