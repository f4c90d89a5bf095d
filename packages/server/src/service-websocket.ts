import type { ServerWebSocket, WebSocketHandler } from "bun";

/**
 * One WebSocket endpoint of a service on its HTTP port (Bun's native WebSocket). `accept` decides
 * on the upgrade request before any socket exists: it returns the socket's data, or a Response
 * (e.g. a 400 problem) that is sent instead. The handler receives Bun's open/message/close/drain
 * calls with that data on `ws.data`.
 */
export interface ServiceWebSocket<T = unknown> {
  /** Exact request path, e.g. `/api/v1/chat/ws`. */
  readonly path: string;
  accept(request: Request): T | Response | Promise<T | Response>;
  readonly handler: Omit<WebSocketHandler<T>, "data">;
}

export type ServiceServerWebSocket<T> = ServerWebSocket<T>;

/**
 * Wraps an HTTP fetch handler so that a GET with `Upgrade: websocket` on the endpoint's path
 * becomes a WebSocket; every other request (including a plain GET on that path) goes to `fetch`.
 */
export function withWebSocketUpgrade(
  endpoint: ServiceWebSocket,
  fetch: (request: Request, server: Bun.Server<unknown>) => Response | Promise<Response>,
): (request: Request, server: Bun.Server<unknown>) => Promise<Response | undefined> {
  return async (request, server) => {
    if (
      request.method === "GET" &&
      request.headers.get("upgrade")?.toLowerCase() === "websocket" &&
      new URL(request.url).pathname === endpoint.path
    ) {
      const data = await endpoint.accept(request);
      if (data instanceof Response) return data;
      if (server.upgrade(request, { data })) return undefined;
      return new Response("WebSocket upgrade failed", { status: 400 });
    }
    return fetch(request, server);
  };
}
