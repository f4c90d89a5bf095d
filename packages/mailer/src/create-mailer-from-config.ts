import { join } from "node:path";
import type { BaseConfig } from "@nova/config";
import { createFileMailer } from "./create-file-mailer.ts";
import { createSmtpMailer } from "./create-smtp-mailer.ts";
import type { Mailer } from "./mailer.ts";

/** SMTP when SMTP_HOST is set (port 465: implicit TLS), else `.eml` files under `<NOVA_DATA_DIR>/mail`. */
export function createMailerFromConfig(config: BaseConfig, clock: () => Date): Mailer {
  if (config.smtp.host)
    return createSmtpMailer({
      host: config.smtp.host,
      port: config.smtp.port,
      username: config.smtp.username,
      password: config.smtp.password,
      from: config.smtp.from,
      clock,
      implicitTls: config.smtp.port === 465,
    });
  return createFileMailer({ dir: join(config.dataDir, "mail"), from: config.smtp.from, clock });
}
