import { describe, expect, test } from "bun:test";
import { eventStreamResponse } from "../src/index.ts";

/** A source that yields what the test pushes and records whether it was ended. */
function source() {
  const queue: unknown[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const it: AsyncIterableIterator<unknown> & { push(v: unknown): void; ended(): boolean } = {
    push(v) {
      queue.push(v);
      wake?.();
    },
    ended: () => ended,
    async next() {
      while (queue.length === 0 && !ended) await new Promise<void>((r) => (wake = r));
      return ended ? { value: undefined, done: true } : { value: queue.shift(), done: false };
    },
    async return() {
      ended = true;
      wake?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}

const decoder = new TextDecoder();

async function read(reader: ReadableStreamDefaultReader<Uint8Array>, until: string): Promise<string> {
  let text = "";
  while (!text.includes(until)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  return text;
}

describe("eventStreamResponse", () => {
  test("opens with a comment, writes named events with JSON data, and heartbeats while idle", async () => {
    const src = source();
    const res = eventStreamResponse(src, (data) => ({ event: "new-posts", data }), { heartbeatMs: 20 });
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    expect(await read(reader, "\n\n")).toBe(": open\n\n");
    src.push({ count: 2, newestAt: "2026-01-01T00:00:00.000Z" });
    expect(await read(reader, "\n\n")).toBe(
      'event: new-posts\ndata: {"count":2,"newestAt":"2026-01-01T00:00:00.000Z"}\n\n',
    );
    expect(await read(reader, "\n\n")).toBe(": heartbeat\n\n");
    await reader.cancel();
  });

  test("a client that goes away ends the source; a source that ends closes the body", async () => {
    const left = source();
    const reader = (
      eventStreamResponse(left, (data) => ({ event: "e", data })).body as ReadableStream<Uint8Array>
    ).getReader();
    await reader.read();
    await reader.cancel();
    expect(left.ended()).toBe(true);

    const done = source();
    const body = eventStreamResponse(done, (data) => ({ event: "e", data }))
      .body as ReadableStream<Uint8Array>;
    await done.return?.();
    expect(await new Response(body).text()).toBe(": open\n\n");
  });

  test("an event with an id is resumable (id: line) and retryMs goes out with the opening comment", async () => {
    const src = source();
    const res = eventStreamResponse(src, (v) => v as { event: string; data: unknown; id?: string }, {
      retryMs: 2000,
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    expect(await read(reader, "\n\n")).toBe(": open\nretry: 2000\n\n");
    src.push({ event: "notification", id: "n1", data: { type: "like" } });
    expect(await read(reader, "\n\n")).toBe('id: n1\nevent: notification\ndata: {"type":"like"}\n\n');
    src.push({ event: "removed", data: { groupKey: "g" } });
    expect(await read(reader, "\n\n")).toBe('event: removed\ndata: {"groupKey":"g"}\n\n');
    await reader.cancel();
    expect(src.ended()).toBe(true);
  });
});
