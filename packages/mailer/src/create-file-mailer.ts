import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Mailer, renderMessage } from "./mailer.ts";

/**
 * The embedded default: each message becomes `<dir>/<time>-<to>.eml`, which any mail client opens
 * (and which tests read to follow a verification link).
 */
export function createFileMailer(opts: { dir: string; from: string; clock: () => Date }): Mailer {
  return {
    kind: "file",
    async send(message) {
      await mkdir(opts.dir, { recursive: true });
      const now = opts.clock();
      const safeTo = message.to.replace(/[^a-zA-Z0-9@._-]/g, "_");
      const name = `${now.toISOString().replace(/[:.]/g, "-")}-${crypto.randomUUID().slice(0, 8)}-${safeTo}.eml`;
      await writeFile(join(opts.dir, name), renderMessage(message, opts.from, now), { mode: 0o600 });
    },
  };
}
