import { connect as netConnect, type Socket } from "node:net";
import { type TLSSocket, connect as tlsConnect } from "node:tls";
import { UnavailableError } from "@nova/errors";
import { type Mailer, renderMessage } from "./mailer.ts";

export interface SmtpOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  from: string;
  clock: () => Date;
  /** Port 465 speaks TLS from the first byte; others upgrade with STARTTLS when offered. */
  implicitTls?: boolean;
  timeoutMs?: number;
}

/** Reads SMTP replies (multi-line aware) from a socket. */
function replyReader(socket: Socket | TLSSocket) {
  let buffer = "";
  const waiting: ((reply: { code: number; text: string }) => void)[] = [];
  const ready: { code: number; text: string }[] = [];
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (;;) {
      // A reply ends with a line "NNN text" (space after the code, not a dash).
      const m = /(^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(buffer);
      if (!m) break;
      const end = m.index + m[0].length;
      const text = buffer.slice(0, end);
      buffer = buffer.slice(end);
      const reply = { code: Number(m[2]), text: text.trim() };
      const w = waiting.shift();
      if (w) w(reply);
      else ready.push(reply);
    }
  };
  socket.on("data", onData);
  return {
    next: () =>
      new Promise<{ code: number; text: string }>((resolve) => {
        const r = ready.shift();
        if (r) resolve(r);
        else waiting.push(resolve);
      }),
    detach: () => socket.off("data", onData),
  };
}

/**
 * A minimal SMTP client (RFC 5321): EHLO, STARTTLS when offered, AUTH PLAIN when credentials are
 * set, one message per connection. Enough for MailHog in development and a relay in production,
 * without a dependency whose Bun support is uncertain.
 */
export function createSmtpMailer(opts: SmtpOptions): Mailer {
  const timeoutMs = opts.timeoutMs ?? 15_000;

  async function session(to: string, data: string): Promise<void> {
    let socket: Socket | TLSSocket = opts.implicitTls
      ? tlsConnect({ host: opts.host, port: opts.port, servername: opts.host })
      : netConnect({ host: opts.host, port: opts.port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`SMTP timeout after ${timeoutMs} ms`)));
    const failed = new Promise<never>((_, reject) => socket.once("error", reject));
    let reader = replyReader(socket);
    const expect = async (ok: number[], what: string) => {
      const reply = await Promise.race([reader.next(), failed]);
      if (!ok.includes(reply.code)) throw new Error(`SMTP ${what}: ${reply.text}`);
      return reply;
    };
    const send = (line: string) => socket.write(`${line}\r\n`);
    try {
      await expect([220], "greeting");
      send("EHLO nova-identity");
      let ehlo = await expect([250], "EHLO");
      if (!opts.implicitTls && /STARTTLS/i.test(ehlo.text)) {
        send("STARTTLS");
        await expect([220], "STARTTLS");
        reader.detach();
        socket = tlsConnect({ socket, servername: opts.host });
        socket.once("error", () => {});
        reader = replyReader(socket);
        send("EHLO nova-identity");
        ehlo = await expect([250], "EHLO after STARTTLS");
      }
      if (opts.username && opts.password) {
        send(`AUTH PLAIN ${Buffer.from(`\0${opts.username}\0${opts.password}`).toString("base64")}`);
        await expect([235], "AUTH");
      }
      send(`MAIL FROM:<${opts.from}>`);
      await expect([250], "MAIL FROM");
      send(`RCPT TO:<${to}>`);
      await expect([250, 251], "RCPT TO");
      send("DATA");
      await expect([354], "DATA");
      // Dot-stuffing: a line starting with "." gets another.
      socket.write(`${data.replace(/\r\n\./g, "\r\n..")}\r\n.\r\n`);
      await expect([250], "message");
      send("QUIT");
    } finally {
      socket.end();
    }
  }

  return {
    kind: "smtp",
    async send(message) {
      if (/[\r\n<>]/.test(message.to)) throw new Error("invalid recipient");
      try {
        await session(message.to, renderMessage(message, opts.from, opts.clock()));
      } catch (err) {
        throw new UnavailableError("mail could not be sent", { cause: err });
      }
    },
  };
}
