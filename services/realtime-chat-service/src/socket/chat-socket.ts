import type { StreamLease } from "@nova/rate-limit";
import type { ServiceWebSocket } from "@nova/server";
import type { ServerWebSocket } from "bun";
import type { ServiceContext } from "../context.ts";
import { deleteEnvelopesUpTo, envelopesAfter } from "../db/envelope-queries.ts";
import { findDevice } from "../db/key-queries.ts";
import { deviceIdSchema } from "../domain/chat-inputs.ts";
import { envelopeFrame } from "../domain/envelope-frame.ts";
import { relaySignal } from "../domain/relay-signal.ts";
import type { LocalSocket } from "./delivery-hub.ts";
import type { QueuedFrame, SignalFrame } from "./frames.ts";

export const CHAT_SOCKET_PATH = "/api/v1/chat/ws";
/** Close codes: 4401 not authenticated (or token revoked/expired), 4403 unknown device, 4408 silent past the idle timeout, 4429 too many sockets, 4400 bad frame. */
export const CLOSE = {
  unauthenticated: 4401,
  unknownDevice: 4403,
  idle: 4408,
  tooMany: 4429,
  badFrame: 4400,
} as const;
const AUTH_TIMEOUT_MS = 10_000;
const PAGE = 100;

interface SocketData {
  deviceId: number;
  session?: ChatSession;
}

/**
 * A device's delivery socket. Nothing is sent before the first frame authenticates
 * (`{"type":"auth","token","after"?}` → `{"type":"ready"}`, or close 4401). Envelopes then go out
 * strictly in deviceSeq order: an in-order hint is sent at once, anything else (a gap, a resume,
 * a pause for backpressure) reads the backlog from the database after the last one sent.
 */
class ChatSession implements LocalSocket {
  accountId = "";
  token = "";
  lastSent = 0;
  ready = false;
  closed = false;
  private pumping = false;
  /** The socket reported backpressure: nothing more is written until `drain`, which reads the backlog. */
  private paused = false;
  private again = false;
  private lease: StreamLease | undefined;
  private recheck: ReturnType<typeof setInterval> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private lastHeard = Date.now();
  private readonly authTimer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly ws: ServerWebSocket<SocketData>,
    readonly deviceId: number,
  ) {
    this.authTimer = setTimeout(
      () => this.close(CLOSE.unauthenticated, "authenticate first"),
      AUTH_TIMEOUT_MS,
    );
  }

  private send(frame: object): boolean {
    if (this.closed) return false;
    const status = this.ws.send(JSON.stringify(frame));
    // -1: queued under backpressure; 0: dropped (closed). Pause until drain.
    const flowing =
      status > 0 && this.ws.getBufferedAmount() < this.ctx.config.extra.CHAT_SOCKET_MAX_BUFFERED;
    if (!flowing) this.paused = true;
    return flowing;
  }

  close(code: number, reason: string) {
    if (this.closed) return;
    if (!this.ready) this.ctx.chatMetrics.socketAuthFailures.inc();
    this.ws.close(code, reason);
    this.dispose();
  }

  dispose() {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.authTimer);
    if (this.recheck) clearInterval(this.recheck);
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.ready) {
      this.ctx.chatMetrics.socketsOpen.dec();
      this.ctx.hub.detach(this);
      void this.ctx.hub.markOffline(this.accountId, this.deviceId).catch(() => {});
    }
    void this.lease?.release().catch(() => {});
  }

  /** The client answered a ping or sent a frame: it is alive. */
  heard() {
    this.lastHeard = Date.now();
  }

  /** Pings the client; one silent past CHAT_IDLE_TIMEOUT (no pong, no frame) is closed with 4408. */
  private beat() {
    if (Date.now() - this.lastHeard > this.ctx.config.extra.CHAT_IDLE_TIMEOUT)
      return this.close(CLOSE.idle, "no pong or frame within the idle timeout");
    this.ws.ping();
  }

  async onMessage(raw: string | Buffer) {
    this.heard();
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(String(raw)) as Record<string, unknown>;
      if (typeof frame !== "object" || frame === null) throw new Error("not an object");
    } catch {
      return this.close(this.ready ? CLOSE.badFrame : CLOSE.unauthenticated, "frames are JSON objects");
    }
    if (!this.ready) return this.authenticate(frame);
    switch (frame.type) {
      case "ack":
        return this.ack(frame.upTo);
      case "ping":
        return void this.send({ type: "pong" });
      case "typing":
      case "receipt":
        return relaySignal(this.ctx, { accountId: this.accountId, deviceId: this.deviceId }, frame).catch(
          (err) =>
            this.send({
              type: "error",
              for: frame.type,
              message: err instanceof Error ? err.message : "refused",
            }),
        );
      default:
        return void this.send({ type: "error", message: `unknown frame type ${String(frame.type)}` });
    }
  }

  private async authenticate(frame: Record<string, unknown>) {
    if (frame.type !== "auth" || typeof frame.token !== "string")
      return this.close(CLOSE.unauthenticated, "the first frame must be auth");
    const after = frame.after === undefined ? 0 : Number(frame.after);
    if (!Number.isSafeInteger(after) || after < 0)
      return this.close(CLOSE.unauthenticated, "after must be a deviceSeq");
    clearTimeout(this.authTimer);
    try {
      this.accountId = (await this.ctx.verifier.verify(frame.token)).accountId;
    } catch {
      return this.close(CLOSE.unauthenticated, "invalid or expired token");
    }
    this.token = frame.token;
    if (!(await findDevice(this.ctx.db.db, this.accountId, this.deviceId)))
      return this.close(CLOSE.unknownDevice, "upload this device's keys first");
    try {
      this.lease = await this.ctx.socketCap.acquire(this.accountId);
    } catch {
      return this.close(CLOSE.tooMany, "too many open sockets for this account");
    }
    if (this.closed) return void this.lease.release();
    this.lastSent = after;
    this.ready = true;
    this.ctx.chatMetrics.socketsOpen.inc();
    this.ctx.hub.attach(this);
    // Presence outlives a few missed renewals (a busy instance), and a dead instance's after 30 s at most.
    const ttl = Math.max(this.ctx.config.extra.CHAT_SOCKET_RECHECK * 3, 30_000);
    await this.ctx.hub.markOnline(this.accountId, this.deviceId, ttl).catch(() => {});
    this.recheck = setInterval(() => void this.revalidate(ttl), this.ctx.config.extra.CHAT_SOCKET_RECHECK);
    this.heard();
    this.heartbeat = setInterval(() => this.beat(), this.ctx.config.extra.CHAT_HEARTBEAT_INTERVAL);
    this.send({ type: "ready" });
    void this.pump();
  }

  /** A revoked or expired token closes the socket (the verifier consults the revocation view). */
  private async revalidate(ttl: number) {
    try {
      await this.ctx.verifier.verify(this.token);
    } catch {
      return this.close(CLOSE.unauthenticated, "token revoked or expired");
    }
    await this.ctx.hub.markOnline(this.accountId, this.deviceId, ttl).catch(() => {});
  }

  private async ack(upTo: unknown) {
    const n = Number(upTo);
    if (!Number.isSafeInteger(n) || n < 0)
      return void this.send({ type: "error", message: "upTo must be a deviceSeq" });
    await deleteEnvelopesUpTo(this.ctx.db.db, this.accountId, this.deviceId, Math.min(n, this.lastSent));
  }

  envelopeCommitted(frame: QueuedFrame) {
    if (!this.ready || frame.deviceSeq <= this.lastSent) return;
    if (this.paused) return; // stored; drain() pumps it from the database
    if (!this.pumping && frame.deviceSeq === this.lastSent + 1) {
      this.lastSent = frame.deviceSeq;
      this.ctx.chatMetrics.envelopesSent.inc();
      this.send(frame);
      return;
    }
    void this.pump();
  }

  signal(frame: SignalFrame) {
    if (this.ready) this.send(frame);
  }

  /** Sends the backlog after lastSent, page by page, until caught up or paused by backpressure. */
  async pump() {
    if (this.paused) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      for (;;) {
        this.again = false;
        const rows = await envelopesAfter(this.ctx.db.db, this.accountId, this.deviceId, this.lastSent, PAGE);
        let flowing = true;
        for (const row of rows) {
          if (this.closed) return;
          this.lastSent = row.deviceSeq;
          this.ctx.chatMetrics.envelopesSent.inc();
          if (!this.send(envelopeFrame(row))) {
            flowing = false;
            break;
          }
        }
        if (!flowing) return; // drain() resumes
        if (rows.length < PAGE && !this.again) return;
      }
    } catch (err) {
      this.ctx.log.warn("chat socket backlog read failed", { err });
    } finally {
      this.pumping = false;
    }
  }

  drained() {
    if (this.ready && this.ws.getBufferedAmount() < this.ctx.config.extra.CHAT_SOCKET_MAX_BUFFERED) {
      this.paused = false;
      void this.pump();
    }
  }
}

/** The chat WebSocket endpoint for `@nova/server`'s websocket hook. */
export function chatSocket(ctx: ServiceContext): ServiceWebSocket<SocketData> {
  return {
    path: CHAT_SOCKET_PATH,
    accept(request) {
      const parsed = deviceIdSchema.safeParse(new URL(request.url).searchParams.get("deviceId"));
      if (!parsed.success)
        return Response.json(
          {
            type: "https://nova.app/problems/invalid-argument",
            title: "Invalid argument",
            status: 400,
            code: "invalid_argument",
            detail: "deviceId must be 1..127",
          },
          { status: 400, headers: { "content-type": "application/problem+json" } },
        );
      return { deviceId: parsed.data };
    },
    handler: {
      // The session's own heartbeat (CHAT_HEARTBEAT_INTERVAL / CHAT_IDLE_TIMEOUT) decides; Bun's
      // idle timeout (seconds, 4 s granularity) is only a backstop that never fires before it.
      idleTimeout: Math.min(960, Math.ceil(ctx.config.extra.CHAT_IDLE_TIMEOUT / 1000) + 16),
      sendPings: true,
      maxPayloadLength: 64 * 1024,
      open(ws) {
        ws.data.session = new ChatSession(ctx, ws, ws.data.deviceId);
      },
      message(ws, message) {
        void ws.data.session?.onMessage(message);
      },
      pong(ws) {
        ws.data.session?.heard();
      },
      drain(ws) {
        ws.data.session?.drained();
      },
      close(ws) {
        ws.data.session?.dispose();
      },
    },
  };
}
