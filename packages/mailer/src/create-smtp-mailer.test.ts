import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { UnavailableError } from "@nova/errors";
import type { Socket, TCPSocketListener } from "bun";
import { createSmtpMailer } from "./create-smtp-mailer.ts";

/**
 * A minimal RFC 5321 server on loopback (no MailHog here): greeting, EHLO advertising AUTH PLAIN,
 * AUTH, MAIL, RCPT, DATA with dot-unstuffing, QUIT. It records what it accepted.
 */
interface Received {
  auth: string | null;
  from: string;
  to: string;
  data: string;
}
const received: Received[] = [];
let server: TCPSocketListener<{ buffer: string; inData: boolean; msg: Received }>;

beforeAll(() => {
  server = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(s) {
        s.data = { buffer: "", inData: false, msg: { auth: null, from: "", to: "", data: "" } };
        s.write("220 test-smtp ready\r\n");
      },
      data(s: Socket<{ buffer: string; inData: boolean; msg: Received }>, chunk) {
        s.data.buffer += chunk.toString();
        for (;;) {
          if (s.data.inData) {
            const end = s.data.buffer.indexOf("\r\n.\r\n");
            if (end < 0) return;
            s.data.msg.data = s.data.buffer.slice(0, end).replace(/\r\n\.\./g, "\r\n.");
            s.data.buffer = s.data.buffer.slice(end + 5);
            s.data.inData = false;
            received.push({ ...s.data.msg });
            s.write("250 queued\r\n");
            continue;
          }
          const eol = s.data.buffer.indexOf("\r\n");
          if (eol < 0) return;
          const line = s.data.buffer.slice(0, eol);
          s.data.buffer = s.data.buffer.slice(eol + 2);
          if (line.startsWith("EHLO")) s.write("250-test-smtp\r\n250 AUTH PLAIN\r\n");
          else if (line.startsWith("AUTH PLAIN ")) {
            const [, user, pass] = Buffer.from(line.slice(11), "base64").toString().split("\0");
            if (pass === "right") {
              s.data.msg.auth = user ?? null;
              s.write("235 ok\r\n");
            } else s.write("535 authentication failed\r\n");
          } else if (line.startsWith("MAIL FROM:")) {
            s.data.msg.from = line.slice(10);
            s.write("250 ok\r\n");
          } else if (line.startsWith("RCPT TO:")) {
            s.data.msg.to = line.slice(8);
            s.write("250 ok\r\n");
          } else if (line === "DATA") {
            s.data.inData = true;
            s.write("354 go ahead\r\n");
          } else if (line === "QUIT") {
            s.write("221 bye\r\n");
            s.end();
          } else s.write("502 not implemented\r\n");
        }
      },
    },
  });
});
afterAll(() => server.stop(true));

const mailer = (password: string) =>
  createSmtpMailer({
    host: "127.0.0.1",
    port: server.port,
    username: "apikey",
    password,
    from: "noreply@nova.app",
    clock: () => new Date("2026-11-27T00:00:00Z"),
    timeoutMs: 3000,
  });

describe("SMTP mailer", () => {
  test("authenticates and delivers one RFC 5322 message with a base64 UTF-8 body", async () => {
    await mailer("right").send({
      to: "ana@example.com",
      subject: "Verify your email",
      text: "Hi ✓\n.dot line",
    });
    const last = received.at(-1);
    expect(last).toMatchObject({ auth: "apikey", from: "<noreply@nova.app>", to: "<ana@example.com>" });
    const [head, body] = (last?.data ?? "").split("\r\n\r\n");
    expect(head).toContain("Subject: Verify your email");
    expect(head).toContain("To: <ana@example.com>");
    expect(Buffer.from((body ?? "").replaceAll("\r\n", ""), "base64").toString()).toBe("Hi ✓\n.dot line");
  });

  test("a refused login is an UnavailableError and nothing is delivered", async () => {
    const before = received.length;
    await expect(
      mailer("wrong").send({ to: "ana@example.com", subject: "x", text: "y" }),
    ).rejects.toBeInstanceOf(UnavailableError);
    expect(received.length).toBe(before);
  });

  test("header injection in the recipient is refused", async () => {
    await expect(
      mailer("right").send({ to: "a@example.com>\r\nBcc: <b@example.com", subject: "x", text: "y" }),
    ).rejects.toThrow();
  });
});
