import { expect, test } from "bun:test";
import { renderMessage } from "./mailer.ts";

test("extra headers (RFC 8058 one-click unsubscribe) are rendered; a CR/LF in one is refused", () => {
  const text = renderMessage(
    {
      to: "a@example.com",
      subject: "Digest",
      text: "hello",
      headers: {
        "List-Unsubscribe": "<https://nova.example/u?t=abc>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    },
    "no-reply@nova.example",
    new Date(0),
  );
  expect(text).toContain("\r\nList-Unsubscribe: <https://nova.example/u?t=abc>\r\n");
  expect(text).toContain("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
  expect(() =>
    renderMessage(
      { to: "a@example.com", subject: "x", text: "y", headers: { Bcc: "x\r\nBcc: evil@example.com" } },
      "f@x.y",
      new Date(0),
    ),
  ).toThrow();
});
