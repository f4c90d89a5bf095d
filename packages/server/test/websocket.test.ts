import { afterAll, beforeAll, expect, test } from "bun:test";
import { createLogger, createServiceMetrics } from "@nova/observability";
import { createHealth, createServiceServer, listen, type RunningServer } from "../src/index.ts";

let running: RunningServer;

beforeAll(async () => {
  const server = createServiceServer({
    service: "ws-test",
    version: "1.0.0",
    env: "test",
    description: "websocket hook",
    log: createLogger({ level: "error", base: { service: "ws-test" }, write: () => {} }),
    metrics: createServiceMetrics({ service: "ws-test", version: "1.0.0" }),
    health: createHealth({ service: "ws-test", version: "1.0.0", checks: [] }),
    surface: {
      websocket: {
        path: "/api/v1/echo",
        accept: (req: Request) => {
          const name = new URL(req.url).searchParams.get("name");
          return name ? { name } : new Response("name required", { status: 400 });
        },
        handler: {
          open: (ws) => {
            ws.send(`hello ${(ws.data as { name: string }).name}`);
          },
          message: (ws, msg) => {
            ws.send(`echo ${String(msg)}`);
          },
        },
      },
    },
  });
  running = await listen(server, { httpPort: 0, grpcPort: null, hostname: "127.0.0.1" });
});

afterAll(() => running.stop({ timeoutMs: 1000 }));

test("an upgrade on the endpoint's path opens a socket with the data accept() returned", async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${running.httpPort}/api/v1/echo?name=ada`);
  const got: string[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.onmessage = (e) => {
      got.push(String(e.data));
      if (got.length === 1) ws.send("ping");
      if (got.length === 2) resolve();
    };
    ws.onerror = () => reject(new Error("socket error"));
  });
  ws.close();
  expect(got).toEqual(["hello ada", "echo ping"]);
});

test("accept() refusing with a Response sends it instead of upgrading", async () => {
  const res = await fetch(`http://127.0.0.1:${running.httpPort}/api/v1/echo`, {
    headers: {
      upgrade: "websocket",
      connection: "upgrade",
      "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
      "sec-websocket-version": "13",
    },
  });
  expect(res.status).toBe(400);
  expect(await res.text()).toBe("name required");
});

test("other requests, and a plain GET on the path, still reach the HTTP app", async () => {
  expect((await fetch(`http://127.0.0.1:${running.httpPort}/api/v1/health/live`)).status).toBe(200);
  expect((await fetch(`http://127.0.0.1:${running.httpPort}/api/v1/echo`)).status).toBe(404);
});
