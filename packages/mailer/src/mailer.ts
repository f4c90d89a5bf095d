/** One plain-text message. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /**
   * Extra header fields, e.g. RFC 8058's `List-Unsubscribe` and `List-Unsubscribe-Post`. Names must
   * be header tokens and values single-line printable ASCII (throws otherwise: no header injection).
   */
  headers?: Readonly<Record<string, string>>;
}

/** Sends account mail (verification, reset). Adapters: `.eml` files (embedded) and SMTP. */
export interface Mailer {
  readonly kind: "file" | "smtp";
  send(message: MailMessage): Promise<void>;
}

/** RFC 5322 text of a message, CRLF line ends, dot-stuffing left to the transport. */
export function renderMessage(message: MailMessage, from: string, now: Date): string {
  const id = `${crypto.randomUUID()}@${from.split("@")[1] ?? "nova.app"}`;
  const subject = /^[\x20-\x7e]*$/.test(message.subject)
    ? message.subject
    : `=?UTF-8?B?${Buffer.from(message.subject).toString("base64")}?=`;
  const headers = [
    `From: Nova <${from}>`,
    `To: <${message.to}>`,
    `Subject: ${subject}`,
    `Date: ${now.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${id}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
  ];
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!/^[A-Za-z0-9-]+$/.test(name) || !/^[\x20-\x7e]*$/.test(value))
      throw new Error(`mail header ${name} is not a single-line ASCII field`);
    headers.push(`${name}: ${value}`);
  }
  const body = (
    Buffer.from(message.text)
      .toString("base64")
      .match(/.{1,76}/g) ?? []
  ).join("\r\n");
  return `${headers.join("\r\n")}\r\n\r\n${body}\r\n`;
}
