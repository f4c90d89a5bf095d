import type { StreamEvent } from "../domain/watch-notifications.ts";

const encoder = new TextEncoder();
const HEARTBEAT_MS = 15_000;

/**
 * A `text/event-stream` response: each item of `source` as one server-sent event (`id:` set for new
 * and updated items so `Last-Event-ID` resumes after it), a comment heartbeat while idle, and the
 * source ended when the client goes away. An opening comment sends the headers at once.
 */
export function eventStreamResponse(
  source: AsyncIterableIterator<StreamEvent>,
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
          stop();
        }
      };
      write(": open\nretry: 2000\n\n");
      heartbeat = setInterval(() => write(": heartbeat\n\n"), heartbeatMs);
      void (async () => {
        try {
          for await (const e of source) {
            const id = "id" in e ? `id: ${e.id}\n` : "";
            write(`${id}event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
          }
        } catch {
          // the source failed: end the stream, the client reconnects with Last-Event-ID
        } finally {
          clearInterval(heartbeat);
          try {
            controller.close();
          } catch {
            // already closed
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
