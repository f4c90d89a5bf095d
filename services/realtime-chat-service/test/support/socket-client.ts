import type { Json } from "./json.ts";
/** A test WebSocket client of the chat socket: collects frames, waits for them, reports the close. */
export interface TestSocket {
  frames: Json[];
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  send(frame: unknown): void;
  /** Waits until `predicate` holds on the frames received so far. */
  waitFor(predicate: (frames: Json[]) => boolean, ms?: number): Promise<Json[]>;
  envelopes(): Json[];
  /** Stops reading from the TCP socket (the server sees backpressure) / reads again. */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

type Flow = { pause(): boolean; resume(): boolean };

export async function openSocket(port: number, deviceId: number | string): Promise<TestSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/chat/ws?deviceId=${deviceId}`);
  const frames: Json[] = [];
  let closedResolve!: (v: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((r) => {
    closedResolve = r;
  });
  const waiters = new Set<() => void>();
  ws.onmessage = (e) => {
    frames.push(JSON.parse(String(e.data)));
    for (const w of waiters) w();
  };
  ws.onclose = (e) => {
    closedResolve({ code: e.code, reason: e.reason });
    for (const w of waiters) w();
  };
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error("socket did not open"));
  });
  return {
    frames,
    closed,
    send: (frame) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame)),
    waitFor(predicate, ms = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(frames)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(frames);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`frames not as expected: ${JSON.stringify(frames).slice(0, 500)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    envelopes: () => frames.filter((f) => f.type === "envelope"),
    // Bun's WebSocket client has pause()/resume() (bun.d.ts); the global DOM type does not say so.
    pause: () => void (ws as unknown as Flow).pause(),
    resume: () => void (ws as unknown as Flow).resume(),
    async close() {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
      await closed;
    },
  };
}

/** Opens, authenticates and waits for `ready`. */
export async function connectDevice(
  port: number,
  deviceId: number,
  token: string,
  after?: number,
): Promise<TestSocket> {
  const s = await openSocket(port, deviceId);
  s.send({ type: "auth", token, ...(after !== undefined ? { after } : {}) });
  await s.waitFor((f) => f.some((x) => x.type === "ready"));
  return s;
}
