/**
 * A WebSocket client written on a bare TCP socket, for what a WebSocket API hides: it records the
 * server's pings and answers them only while `autoPong` is on (a silent client stops answering).
 */
export interface RawFrame {
  opcode: number;
  payload: Buffer;
}

export interface RawSocket {
  frames: RawFrame[];
  /** Text frames parsed as JSON. */
  texts(): Record<string, unknown>[];
  pings(): number;
  /** The close frame's code, once the server sent one. */
  closeCode(): number | undefined;
  autoPong: boolean;
  sendText(frame: unknown): void;
  waitFor(predicate: () => boolean, ms?: number): Promise<void>;
  end(): void;
}

const OP = { text: 1, close: 8, ping: 9, pong: 10 } as const;

function encode(opcode: number, payload: Buffer): Buffer {
  const mask = Buffer.from(crypto.getRandomValues(new Uint8Array(4)));
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([0x80 | opcode, 0x80 | len])
      : Buffer.from([0x80 | opcode, 0x80 | 126, len >> 8, len & 0xff]);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([head, mask, body]);
}

export async function openRawSocket(port: number, path: string): Promise<RawSocket> {
  const frames: RawFrame[] = [];
  const waiters = new Set<() => void>();
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  let resolveOpen!: () => void;
  let rejectOpen!: (err: Error) => void;
  const opened = new Promise<void>((resolve, reject) => {
    resolveOpen = resolve;
    rejectOpen = reject;
  });
  const wake = () => {
    for (const w of waiters) w();
  };

  const raw: RawSocket = {
    frames,
    autoPong: true,
    texts: () => frames.filter((f) => f.opcode === OP.text).map((f) => JSON.parse(f.payload.toString())),
    pings: () => frames.filter((f) => f.opcode === OP.ping).length,
    closeCode() {
      const close = frames.find((f) => f.opcode === OP.close);
      return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : undefined;
    },
    sendText: (frame) => void socket.write(encode(OP.text, Buffer.from(JSON.stringify(frame)))),
    waitFor(predicate, ms = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error("raw socket: condition not met in time"));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    end: () => socket.end(),
  };

  const parse = () => {
    for (;;) {
      if (buffer.length < 2) return;
      const opcode = (buffer[0] ?? 0) & 0x0f;
      let len = (buffer[1] ?? 0) & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (buffer.length < 4) return;
        len = buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (buffer.length < 10) return;
        len = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (buffer.length < offset + len) return;
      const payload = Buffer.from(buffer.subarray(offset, offset + len));
      buffer = buffer.subarray(offset + len);
      frames.push({ opcode, payload });
      if (opcode === OP.ping && raw.autoPong) socket.write(encode(OP.pong, payload));
    }
  };

  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data(_s, chunk) {
        buffer = Buffer.concat([buffer, Buffer.from(chunk)]);
        if (!upgraded) {
          const end = buffer.indexOf("\r\n\r\n");
          if (end < 0) return;
          const head = buffer.subarray(0, end).toString();
          buffer = buffer.subarray(end + 4);
          if (!head.startsWith("HTTP/1.1 101")) return rejectOpen(new Error(head.split("\r\n")[0]));
          upgraded = true;
          resolveOpen();
        }
        parse();
        wake();
      },
      close() {
        wake();
      },
      error(_s, err) {
        rejectOpen(err);
      },
    },
  });
  const key = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await opened;
  return raw;
}
